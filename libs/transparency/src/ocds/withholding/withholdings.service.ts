import { Injectable } from '@nestjs/common';
import { requirePerson } from '#contracts';
import { Publication } from '#jobs';
import { isCalendarDate, londonToday } from '#kernel';
import { AuditLog, conflictProblem, newId, notFound, type Principal, RequestDb, validationProblem } from '#platform';
import type { Release } from '../core/releases.js';
import { carries, GROUNDS, inForce, WITHHOLDABLE, WITHHOLDABLE_FIELDS, type WithholdableField, type WithholdingGround } from '../core/withholding.js';
import { lockProcessPublication } from '../publication/process-lock.query.js';
import type { WithholdDto } from './withholding.dto.js';

interface Row {
  id: string;
  tender_id: string;
  contract_id: string;
  field: WithholdableField;
  ground: WithholdingGround;
  rationale: string;
  available_on: string | null;
  decided_by: string;
  decided_at: Date;
  lifted_by: string | null;
  lifted_at: Date | null;
}

/**
 * What the authority withholds from a contract's open data (issue 16, item 3), decided by its contract managers
 * and commissioners, with the reason the public reads in its place. A field is withheld before it is first
 * published: open data once published has been copied, and withholding it then would pretend otherwise (so it is
 * refused, naming the release). Deciding takes the process's publication lock, so a publication running at the
 * same time either published before (and the decision is refused) or publishes after, without the field.
 */
@Injectable()
export class Withholdings {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly publication: Publication,
  ) {}

  async list(contractId: string) {
    await this.contract(contractId);
    return { items: await this.views(contractId) };
  }

  /** The contract as its publication page shows it: what is withheld, and which fields are published already. */
  async overview(contractId: string) {
    const [contract]: { id: string; reference: string; title: string; tender_id: string }[] = await this.db.manager.query(
      `SELECT id, reference, title, tender_id FROM contracts WHERE id = $1`,
      [contractId],
    );
    if (!contract) throw notFound('The contract');
    const published = await this.published(contract.tender_id);
    return {
      contract: { id: contract.id, reference: contract.reference, title: contract.title, tenderId: contract.tender_id },
      items: await this.views(contractId),
      publishedFields: WITHHOLDABLE_FIELDS.filter((field) => published.some((r) => carries(r.release, { contractId, field }))),
    };
  }

  async withhold(contractId: string, dto: WithholdDto, principal: Principal) {
    const { tender_id: tenderId } = await this.contract(contractId);
    // The authority must be satisfied that the law allows it (Procurement Act 2023 s.94): a person's decision, under their name.
    requirePerson(principal, 'withhold information from publication');
    const today = londonToday();
    if (dto.availableOn !== undefined && (!isCalendarDate(dto.availableOn) || dto.availableOn <= today))
      throw validationProblem([{ field: 'availableOn', rule: 'future-date', message: `availableOn must be a day after today (${today}), or left out` }]);
    await lockProcessPublication(this.db.manager, tenderId);
    const [current] = await this.db.manager.query(`SELECT id FROM publication_withholdings WHERE contract_id = $1 AND field = $2 AND lifted_at IS NULL`, [
      contractId,
      dto.field,
    ]);
    if (current)
      throw conflictProblem(
        'withholding-in-force',
        'It is withheld already',
        `“${WITHHOLDABLE[dto.field]}” is withheld from this contract’s open data already (${current.id}): lift that first`,
      );
    const carrying = (await this.published(tenderId)).find((r) => carries(r.release, { contractId, field: dto.field }));
    if (carrying)
      throw conflictProblem(
        'withholding-published',
        'It is published already',
        `“${WITHHOLDABLE[dto.field]}” was published in release ${carrying.id}: open data once published has been copied, so it cannot be withheld now`,
        { release: carrying.id },
      );
    const id = newId();
    await this.db.manager.query(
      `INSERT INTO publication_withholdings (id, tenant_id, tender_id, contract_id, field, ground, rationale, available_on, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, this.db.tenantId, tenderId, contractId, dto.field, dto.ground, dto.rationale.trim(), dto.availableOn ?? null, principal.userId],
    );
    await this.audit.record({
      action: 'publication.withheld',
      entityType: 'contract',
      entityId: contractId,
      data: { withholdingId: id, field: dto.field, ground: dto.ground, availableOn: dto.availableOn ?? null },
    });
    // Its releases change (they say what is withheld): published again through the outbox.
    await this.publication.processChanged(tenderId);
    return this.one(contractId, id);
  }

  async lift(contractId: string, id: string, principal: Principal) {
    const { tender_id: tenderId } = await this.contract(contractId);
    requirePerson(principal, 'lift a withholding');
    await lockProcessPublication(this.db.manager, tenderId);
    const row = await this.one(contractId, id);
    if (row.liftedAt) throw conflictProblem('withholding-lifted', 'It is lifted already', `It was lifted on ${row.liftedAt.slice(0, 10)}`);
    await this.db.manager.query(`UPDATE publication_withholdings SET lifted_at = clock_timestamp(), lifted_by = $2 WHERE id = $1`, [id, principal.userId]);
    await this.audit.record({ action: 'publication.withholding-lifted', entityType: 'contract', entityId: contractId, data: { withholdingId: id } });
    await this.publication.processChanged(tenderId);
    return this.one(contractId, id);
  }

  private async one(contractId: string, id: string) {
    const [found] = await this.views(contractId, id);
    if (!found) throw notFound('The withholding');
    return found;
  }

  /** The contract's withholdings, oldest first (or the one named), as the API shows them. */
  private async views(contractId: string, id?: string) {
    const rows: Row[] = await this.db.manager.query(
      `SELECT id, tender_id, contract_id, field, ground, rationale, available_on::text AS available_on, decided_by, decided_at, lifted_by, lifted_at
         FROM publication_withholdings WHERE contract_id = $1 ${id ? 'AND id = $2' : ''} ORDER BY decided_at, id`,
      id ? [contractId, id] : [contractId],
    );
    return rows.map(view);
  }

  /** The process's releases as published, in order: what a withholding would come too late for. */
  private published(tenderId: string): Promise<{ id: string; release: Release }[]> {
    return this.db.manager.query(`SELECT id, release FROM ocds_releases WHERE tender_id = $1 ORDER BY seq`, [tenderId]);
  }

  /** The contract, in this authority (RLS): one that has no tender published has no open data to withhold from. */
  private async contract(contractId: string): Promise<{ tender_id: string }> {
    const [c] = await this.db.manager.query(`SELECT tender_id FROM contracts WHERE id = $1`, [contractId]);
    if (!c) throw notFound('The contract');
    return c;
  }
}

function view(r: Row) {
  return {
    id: r.id,
    contractId: r.contract_id,
    field: r.field,
    fieldName: WITHHOLDABLE[r.field],
    ground: r.ground,
    groundName: GROUNDS[r.ground],
    rationale: r.rationale,
    availableOn: r.available_on,
    inForce: inForce({ availableOn: r.available_on, liftedAt: r.lifted_at ? new Date(r.lifted_at).toISOString() : null }, londonToday()),
    decidedBy: r.decided_by,
    decidedAt: new Date(r.decided_at).toISOString(),
    liftedBy: r.lifted_by,
    liftedAt: r.lifted_at ? new Date(r.lifted_at).toISOString() : null,
  };
}
