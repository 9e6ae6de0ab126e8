import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { In } from 'typeorm';
import { csvFile, londonToday } from '#kernel';
import { AuditLog, conflictProblem, newId, notFound, type Principal, ProblemException, RequestDb, validationProblem } from '#platform';
import { classification } from '../core/classifications.js';
import type { EventEntry } from '../core/event-entries.js';
import { MAX_REPORTED, parseLedgerCsv } from '../core/ledger-csv.js';
import { type CostEntryInput, entryProblems, reversalOf } from '../core/ledger-rules.js';
import { CostEntry, type EntrySource } from './cost-entry.entity.js';
import type { CostEntryDto } from './cost-entry.dto.js';

/** Whose ledger: a contract's, or a commissioning cycle's before its contract exists. */
export type LedgerOwner = { contractId: string; cycleId?: never } | { cycleId: string; contractId?: never };

const ownerType = (o: LedgerOwner) => (o.contractId ? 'contract' : 'commissioning_cycle');
const ownerId = (o: LedgerOwner) => (o.contractId ?? o.cycleId)!;
const where = (o: LedgerOwner) => (o.contractId ? { contractId: o.contractId } : { cycleId: o.cycleId });

/** Rows a statement: 10,000 × 9 arrays stays well inside PostgreSQL's limits and keeps round trips few. */
const IMPORT_CHUNK = 10_000;

/** An entry as the API, the pages and the CSV export show it; `reversedBy` names the entry that reversed it, if any. */
export const entryView = (e: CostEntry, reversedBy: string | null = null) => ({
  id: e.id,
  occurredOn: e.occurredOn,
  amount: e.amount,
  basis: e.basis,
  bearer: e.bearer,
  type: e.type,
  phase: e.phase,
  classification: e.classification,
  classificationName: classification(e.classification)?.name ?? e.classification,
  hours: e.hours,
  hourlyRate: e.hourlyRate,
  description: e.description,
  source: e.source,
  paymentId: e.paymentId,
  changeId: e.changeId,
  reverses: e.reverses,
  reason: e.reason,
  reversedBy,
  recordedBy: e.recordedBy,
  recordedAt: e.recordedAt.toISOString(),
});

export const EXPORT_COLUMNS = [
  'id',
  'occurred_on',
  'amount',
  'basis',
  'bearer',
  'type',
  'phase',
  'classification',
  'hours',
  'hourly_rate',
  'description',
  'source',
  'reverses',
  'reason',
  'recorded_at',
] as const;

/** What a person or a system sent, as the ledger's rules read it (absent hours are none). */
const asInput = (dto: CostEntryDto): CostEntryInput => ({
  occurredOn: dto.occurredOn,
  amount: dto.amount,
  bearer: dto.bearer as CostEntryInput['bearer'],
  type: dto.type as CostEntryInput['type'],
  phase: dto.phase as CostEntryInput['phase'],
  classification: dto.classification,
  hours: dto.hours ?? null,
  hourlyRate: dto.hourlyRate ?? null,
  description: typeof dto.description === 'string' ? dto.description.trim() : dto.description,
});

/**
 * A contract's or a cycle's whole-life cost ledger (issue 15, item 1): entries recorded by people and
 * finance systems, those the contract's events write, and reversals. Append-only, every entry audited.
 * The caller has found the owner first (a contract or cycle of another authority is not found).
 */
@Injectable()
export class Ledgers {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
  ) {}

  async record(owner: LedgerOwner, dto: CostEntryDto, principal: Principal) {
    const input = asInput(dto);
    const problems = entryProblems(input, { today: londonToday() });
    if (problems.length) throw validationProblem(problems);
    const row = this.row(owner, { ...input, basis: 'actual' }, 'entered', principal);
    await this.db.manager.insert(CostEntry, row);
    await this.recorded(owner, row);
    return entryView(await this.find(owner, row.id));
  }

  /** In the transaction of a contract's event: the entry it writes (once: the database holds one per payment, signature and change). */
  async fromEvent(contractId: string, entry: EventEntry, source: 'payment' | 'signature' | 'change', refs: { paymentId?: string; changeId?: string } = {}) {
    const row = { ...this.row({ contractId }, entry, source, null), paymentId: refs.paymentId ?? null, changeId: refs.changeId ?? null };
    await this.db.manager.insert(CostEntry, row);
    await this.recorded({ contractId }, row);
  }

  /**
   * A correction: the entry that reverses another, on the original's day with the reason. Only what a
   * person or a finance file recorded is reversed here; an entry a payment, a signature or a change wrote
   * follows that event. An entry is reversed once (the database holds it, two at once included).
   */
  async reverse(owner: LedgerOwner, entryId: string, reason: string, principal: Principal) {
    const original = await this.find(owner, entryId);
    if (original.source === 'reversal')
      throw conflictProblem('reversal-not-reversible', 'A reversal stands', 'This entry is a reversal: record the right entry instead');
    if (original.source !== 'entered' && original.source !== 'imported')
      throw conflictProblem(
        'entry-follows-event',
        'This entry follows its event',
        `This entry was written when ${original.source === 'payment' ? 'its payment was recorded paid' : `the ${original.source} was made`}: it cannot be reversed here`,
        { source: original.source },
      );
    const done = await this.db.manager.findOne(CostEntry, { where: { reverses: original.id }, select: { id: true } });
    if (done) throw conflictProblem('already-reversed', 'Already reversed', 'This entry has been reversed already', { reversedBy: done.id });
    const why = reason.trim();
    const row = { ...this.row(owner, { ...reversalOf(original, why), basis: original.basis }, 'reversal', principal), reverses: original.id, reason: why };
    await this.db.manager.insert(CostEntry, row);
    await this.recorded(owner, row);
    return entryView(await this.find(owner, row.id));
  }

  /**
   * A finance system's file, in the request's one transaction: checked whole first, any bad line refusing
   * it all (422 naming each line, nothing imported); then every cost inserted in a few statements (arrays
   * unnested, ten thousand rows each), all marked with the import's id, and one audit event for the file.
   */
  async import(owner: LedgerOwner, csv: string, fileName: string | null, principal: Principal) {
    const { entries, problems } = parseLedgerCsv(csv, londonToday());
    if (problems.length)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'csv-invalid',
        'The file of costs has problems',
        `${problems.length} problem${problems.length === 1 ? '' : 's'} found${problems.length > MAX_REPORTED ? `; the first ${MAX_REPORTED} are listed` : ''}. Nothing was imported: correct the file and import it again.`,
        { errors: problems.slice(0, MAX_REPORTED).map((p) => ({ field: `line.${p.line}.${p.field}`, line: p.line, rule: p.rule, message: p.message })) },
      );
    const importId = newId();
    for (let i = 0; i < entries.length; i += IMPORT_CHUNK) {
      const chunk = entries.slice(i, i + IMPORT_CHUNK);
      const col = <K extends keyof CostEntryInput>(k: K) => chunk.map((e) => e[k]);
      await this.db.manager.query(
        `INSERT INTO cost_entries (id, tenant_id, contract_id, cycle_id, occurred_on, amount, bearer, type, phase, classification, hours, hourly_rate,
                                   description, basis, source, import_id, recorded_by)
         SELECT gen_random_uuid(), $1, $2, $3, u.*, 'actual', 'imported', $4, $5
           FROM unnest($6::date[], $7::numeric[], $8::text[], $9::text[], $10::text[], $11::text[], $12::numeric[], $13::numeric[], $14::text[]) AS u`,
        [
          this.db.tenantId,
          owner.contractId ?? null,
          owner.cycleId ?? null,
          importId,
          principal.userId ?? null,
          col('occurredOn'),
          col('amount'),
          col('bearer'),
          col('type'),
          col('phase'),
          col('classification'),
          col('hours'),
          col('hourlyRate'),
          chunk.map((e) => e.description.trim()),
        ],
      );
    }
    const total = entries.reduce((s, e) => s.plus(e.amount), new Decimal(0)).toFixed(2);
    await this.audit.record({
      action: 'cost.entries-imported',
      entityType: ownerType(owner),
      entityId: ownerId(owner),
      data: { importId, fileName, entries: entries.length, total },
    });
    return { importId, entries: entries.length, total };
  }

  /** The ledger a page at a time, oldest first (by the day incurred, then as recorded). */
  async list(owner: LedgerOwner, query: { limit: number; after?: string; basis?: 'actual' | 'committed' }) {
    const qb = this.db.manager
      .createQueryBuilder(CostEntry, 'e')
      .where(owner.contractId ? 'e.contract_id = :id' : 'e.cycle_id = :id', { id: ownerId(owner) })
      .orderBy('e.occurred_on', 'ASC')
      .addOrderBy('e.recorded_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .take(query.limit + 1);
    if (query.basis) qb.andWhere('e.basis = :basis', { basis: query.basis });
    if (query.after) {
      const from = await this.db.manager.findOne(CostEntry, { where: { id: query.after, ...where(owner) } });
      if (!from) throw validationProblem([{ field: 'after', rule: 'exists', message: 'after must be the id of an entry in this ledger' }]);
      // Compared with the row itself: recorded_at keeps microseconds a JavaScript Date would round away (an import's rows differ by less).
      qb.andWhere(
        '(e.occurred_on, e.recorded_at, e.id) > (SELECT f.occurred_on, f.recorded_at, f.id FROM cost_entries f WHERE f.id = :after AND f.tenant_id = e.tenant_id)',
        {
          after: from.id,
        },
      );
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const reversedBy = await this.reversals(page.map((e) => e.id));
    return { items: page.map((e) => entryView(e, reversedBy.get(e.id) ?? null)), next: rows.length > query.limit ? page.at(-1)!.id : null };
  }

  /** Every entry of the ledger, for the figures. */
  all(owner: LedgerOwner): Promise<CostEntry[]> {
    return this.db.manager.find(CostEntry, { where: where(owner), order: { occurredOn: 'ASC', recordedAt: 'ASC', id: 'ASC' } });
  }

  /** The whole ledger as CSV, every entry with its basis and source, as recorded. */
  async export(owner: LedgerOwner, name: string): Promise<StreamableFile> {
    const rows = (await this.all(owner)).map((e) => [
      e.id,
      e.occurredOn,
      e.amount,
      e.basis,
      e.bearer,
      e.type,
      e.phase,
      e.classification,
      e.hours ?? '',
      e.hourlyRate ?? '',
      e.description,
      e.source,
      e.reverses ?? '',
      e.reason ?? '',
      e.recordedAt.toISOString(),
    ]);
    return new StreamableFile(Buffer.from(csvFile(EXPORT_COLUMNS, rows), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}-costs.csv"`,
    });
  }

  private async find(owner: LedgerOwner, id: string): Promise<CostEntry> {
    const e = await this.db.manager.findOne(CostEntry, { where: { id, ...where(owner) } });
    if (!e) throw notFound('Cost entry');
    return e;
  }

  private async reversals(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.manager.find(CostEntry, { where: { reverses: In(ids) }, select: { id: true, reverses: true } });
    return new Map(rows.map((r) => [r.reverses!, r.id]));
  }

  private row(owner: LedgerOwner, e: EventEntry, source: EntrySource, principal: Principal | null): CostEntry {
    return {
      id: newId(),
      tenantId: this.db.tenantId,
      contractId: owner.contractId ?? null,
      cycleId: owner.cycleId ?? null,
      occurredOn: e.occurredOn,
      amount: e.amount,
      basis: e.basis,
      bearer: e.bearer,
      type: e.type,
      phase: e.phase,
      classification: e.classification,
      hours: e.hours,
      hourlyRate: e.hourlyRate,
      description: e.description,
      source,
      paymentId: null,
      changeId: null,
      reverses: null,
      reason: null,
      importId: null,
      recordedBy: principal?.userId ?? null,
      recordedAt: new Date(),
    };
  }

  private recorded(owner: LedgerOwner, row: CostEntry) {
    return this.audit.record({
      action: row.source === 'reversal' ? 'cost.entry-reversed' : 'cost.entry-recorded',
      entityType: ownerType(owner),
      entityId: ownerId(owner),
      data: {
        entryId: row.id,
        occurredOn: row.occurredOn,
        amount: row.amount,
        basis: row.basis,
        classification: row.classification,
        source: row.source,
        ...(row.reverses ? { reverses: row.reverses, reason: row.reason } : {}),
      },
    });
  }
}
