import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, sqlState, validationProblem } from '#platform';
import { bidQuestions, wordCount, PublishedTenders, requireTender, Tender, tenderOr404, valueCriteria, verifiedCriteria } from '#tendering';
import type { SubmitBidDto } from './bid.dto.js';
import { BidSubmission } from './bid-submission.entity.js';
import { BidDocuments } from './bid-documents.service.js';
import { bidsClosed, takingBids } from './bids-closed.problem.js';
import { BidReceipts } from './receipts/bid-receipts.service.js';
import { sealedContent } from './receipts/sent-content.js';
import { SelfAssessments } from '#public-character';
import { commitmentProblems, SocialValueCatalogues, type SocialValueSnapshot, valueCommitments } from '#social-value';

export interface ProviderBidRow {
  id: string;
  tenderId: string;
  lotKey: string;
  version: number;
  submittedAt: Date;
  price: string;
  reference: string;
  title: string;
  status: string;
  deadline: Date | null;
  openedAt: Date | null;
  lots: { key: string; title: string }[] | null;
  authority: string;
}

export interface Receipt {
  /** The version's id: its receipt is at /tenders/{tenderId}/receipts/{id} (and the API's …/bids/{id}/receipt). */
  id: string;
  tenderId: string;
  lotKey: string;
  version: number;
  contentHash: string;
  submittedAt: string;
  /** The social value committed, in proxy £ and as a share of the price, when the bid commits any. */
  socialValue: { totalValue: string; shareOfPricePercent: string | null } | null;
}

const receipt = (b: Omit<BidSubmission, 'socialValue'> & { socialValue?: BidSubmission['socialValue'] }): Receipt => ({
  id: b.id,
  tenderId: b.tenderId,
  lotKey: b.lotKey,
  version: b.version,
  contentHash: b.contentHash,
  submittedAt: b.submittedAt.toISOString(),
  socialValue: b.socialValue ? { totalValue: b.socialValue.totalValue, shareOfPricePercent: b.socialValue.shareOfPricePercent } : null,
});

/**
 * Sealed bids. A provider submits and may replace its bid until the deadline;
 * each submission is a new version with a receipt (a hash of what was sent).
 * The database refuses late submissions and hides bids from the authority
 * until the deadline has passed and the bids have been opened.
 */
@Injectable()
export class Bids {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly tenders: PublishedTenders,
    private readonly documents: BidDocuments,
    private readonly selfAssessments: SelfAssessments,
    private readonly catalogues: SocialValueCatalogues,
    private readonly receipts: BidReceipts,
  ) {}

  /** Runs in a published-records transaction with the provider's context. */
  async submit(tenderId: string, dto: SubmitBidDto, principal: Principal): Promise<Receipt> {
    const em = this.db.manager;
    const tender = await this.tenders.published(tenderId);
    if (!takingBids(tender)) throw bidsClosed(tender.submissionDeadline);
    await this.check(tender, dto);
    const documents = await this.documents.refs(tenderId, dto.documents ?? []);
    const [{ next }] = await em.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM bid_submissions WHERE tender_id = $1 AND provider_id = $2 AND lot_key = $3`,
      [tenderId, principal.providerId, dto.lotKey],
    );
    // The provider's public character self-assessment as it stands now, against the tender's framework version:
    // a copy, so later edits to its library never change what is evaluated. The receipt's hash covers it.
    const publicCharacter = (await this.selfAssessments.snapshotFor(tender))?.snapshot ?? null;
    const socialValue = dto.socialValue ? await this.socialValue(tender, dto) : null;
    // The receipt: the hash of exactly this text, kept with the bid so the provider can see and download it.
    const sealed = sealedContent({
      tenderId,
      modelHash: tender.modelHash,
      lotKey: dto.lotKey,
      answers: dto.answers,
      price: dto.price,
      costProfile: dto.costProfile ?? null,
      documents,
      publicCharacter,
      socialValue,
    });
    // submitted_at is left to the database: clock_timestamp(), the clock the deadline trigger reads.
    const row: Omit<BidSubmission, 'submittedAt'> = {
      id: newId(),
      tenantId: tender.tenantId,
      tenderId,
      providerId: principal.providerId!,
      lotKey: dto.lotKey,
      version: Number(next),
      answers: dto.answers,
      price: dto.price,
      costProfile: dto.costProfile ?? null,
      documents,
      publicCharacter,
      socialValue,
      contentHash: sealed.hash,
      content: sealed.text,
      submittedBy: principal.userId ?? null,
    };
    let submittedAt: Date;
    try {
      const result = await em.createQueryBuilder().insert().into(BidSubmission).values(row).returning('submitted_at').updateEntity(false).execute();
      submittedAt = new Date((result.raw as { submitted_at: Date | string }[])[0].submitted_at);
    } catch (err) {
      // The database's own deadline check (a trigger) has the last word, at the moment of insertion.
      if (sqlState(err) === 'P0B01') throw bidsClosed(tender.submissionDeadline);
      if (sqlState(err) === '23505') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'concurrent-submission',
          'Another submission of this bid arrived at the same moment',
          'Send it again: each submission gets its own version',
        );
      }
      throw err;
    }
    await this.receipts.email(tender, row, submittedAt, principal);
    return receipt({ ...row, submittedAt });
  }

  /** The bid's social value commitments, checked against the tender's catalogue version and valued with it. */
  private async socialValue(tender: Tender, dto: SubmitBidDto): Promise<SocialValueSnapshot> {
    const version = tender.socialValueCatalogueVersion;
    const measures = version === null ? null : await this.catalogues.measuresOf(tender.tenantId, version);
    if (!measures)
      throw validationProblem([
        { field: 'socialValue', rule: 'no-catalogue', message: 'this tender was published without a social value catalogue: it takes no commitments' },
      ]);
    const problems = commitmentProblems(dto.socialValue!.commitments, measures);
    if (problems.length) throw validationProblem(problems);
    return valueCommitments(dto.socialValue!.commitments, measures, dto.price, version!);
  }

  /** The provider's own submissions for a tender, newest first. */
  async mine(tenderId: string): Promise<Receipt[]> {
    const rows = await this.db.manager.find(BidSubmission, { where: { tenderId }, order: { lotKey: 'ASC', version: 'DESC' } });
    return rows.map(receipt);
  }

  /** After the deadline, the commissioner opens the bids: an audited act, without which the authority sees none. */
  async open(tenderId: string): Promise<{ openedAt: string; bids: number }> {
    const em = this.db.manager;
    const tender = await tenderOr404(em, tenderId);
    if (!tender.submissionDeadline || tender.submissionDeadline > new Date()) {
      throw new ProblemException(HttpStatus.CONFLICT, 'deadline-not-passed', 'The deadline has not passed', 'Bids stay sealed until the deadline');
    }
    let openedAt = tender.bidsOpenedAt;
    if (!openedAt) {
      // A CTE, so both drivers (pg, PGlite) return the row the same way.
      const [row] = await em.query(
        `WITH o AS (UPDATE tenders SET bids_opened_at = now() WHERE id = $1 AND bids_opened_at IS NULL RETURNING bids_opened_at) SELECT bids_opened_at FROM o`,
        [tenderId],
      );
      if (row) {
        openedAt = new Date(row.bids_opened_at);
        await this.audit.record({ action: 'tender.bids_opened', entityType: 'tender', entityId: tenderId, data: {} });
      } else {
        // Another commissioner opened them a moment before: theirs is the opening (and the audit event).
        openedAt = (await em.findOneByOrFail(Tender, { id: tenderId })).bidsOpenedAt!;
      }
    }
    const [{ n }] = await em.query(`SELECT count(DISTINCT (provider_id, lot_key))::int AS n FROM bid_submissions WHERE tender_id = $1`, [tenderId]);
    return { openedAt: openedAt.toISOString(), bids: Number(n) };
  }

  /** The latest version of each bid, for the authority: empty until opened, by the database's rule. */
  async latest(tenderId: string) {
    await requireTender(this.db.manager, tenderId);
    const rows = await this.latestRows(tenderId);
    return rows.map((b) => ({
      ...receipt(b),
      providerId: b.providerId,
      price: b.price,
      answers: b.answers,
      costProfile: b.costProfile,
      documents: b.documents,
      publicCharacter: b.publicCharacter,
      socialValue: b.socialValue,
    }));
  }

  /**
   * The provider's own bids at every authority, the newest version of each (tender, lot), newest first,
   * with where each tender stands. Needs the published-records context (the provider reads published tenders).
   */
  async everywhere(): Promise<ProviderBidRow[]> {
    const rows: ProviderBidRow[] = await this.db.manager.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (b.tender_id, b.lot_key) b.id, b.tender_id AS "tenderId", b.lot_key AS "lotKey", b.version, b.submitted_at AS "submittedAt",
                b.price, t.reference, t.title, t.status, t.submission_deadline AS "deadline", t.bids_opened_at AS "openedAt",
                t.evaluation_model->'lots' AS lots, a.name AS authority
           FROM bid_submissions b JOIN tenders t ON t.id = b.tender_id JOIN authorities a ON a.id = t.tenant_id
          WHERE b.provider_id = app_provider_id()
          ORDER BY b.tender_id, b.lot_key, b.version DESC) latest
        ORDER BY "submittedAt" DESC, id`,
    );
    return rows.map((r) => ({
      ...r,
      submittedAt: new Date(r.submittedAt),
      deadline: r.deadline && new Date(r.deadline),
      openedAt: r.openedAt && new Date(r.openedAt),
    }));
  }

  /** One version of a bid, for the authority: not found until the bids are opened (the database's rule), nor on another tender. */
  async one(tenderId: string, bidId: string): Promise<BidSubmission> {
    const bid = await this.db.manager.findOne(BidSubmission, { where: { id: bidId, tenderId } });
    if (!bid) throw notFound('Bid');
    return bid;
  }

  /** The newest version of each provider's bid for each lot, as the caller's transaction sees them (the authority: none until opened; a provider: its own). */
  latestRows(tenderId: string): Promise<BidSubmission[]> {
    return this.db.manager
      .getRepository(BidSubmission)
      .createQueryBuilder('b')
      .distinctOn(['b.provider_id', 'b.lot_key'])
      .where('b.tender_id = :tenderId', { tenderId })
      .orderBy('b.provider_id')
      .addOrderBy('b.lot_key')
      .addOrderBy('b.version', 'DESC')
      .getMany();
  }

  /**
   * The criteria a bid answers in writing: every marked criterion but those marked by the verification of
   * the provider's self-assessment or by formula from its commitments (an answer to those is taken, not needed).
   */
  async writtenQuestions(tender: Tender) {
    const model = tender.evaluationModel!;
    const fw = await this.selfAssessments.framework(tender);
    const computed = new Set([...verifiedCriteria(model, fw ? fw.framework.tests.map((t) => t.code) : null), ...valueCriteria(model)].map((c) => c.key));
    const all = bidQuestions(model);
    return { all, written: all.filter((q) => !computed.has(q.key)) };
  }

  private async check(tender: Tender, dto: SubmitBidDto) {
    const model = tender.evaluationModel!;
    const problems: { field: string; rule: string; message: string }[] = [];
    const lot = model.lots.find((l) => l.key === dto.lotKey);
    if (!lot) problems.push({ field: 'lotKey', rule: 'one-of', message: `lotKey must be one of: ${model.lots.map((l) => l.key).join(', ')}` });
    const { all, written } = await this.writtenQuestions(tender);
    const expected = all.map((q) => q.key);
    for (const key of expected) {
      const a = dto.answers[key];
      const required = written.some((q) => q.key === key);
      if (typeof a !== 'string' || !a.trim()) {
        if (required) problems.push({ field: `answers.${key}`, rule: 'required', message: `answer the criterion ${key}` });
      } else if (a.length > 50_000) problems.push({ field: `answers.${key}`, rule: 'max-length', message: `the answer to ${key} is over 50,000 characters` });
      else {
        const q = all.find((x) => x.key === key)!;
        // Counted only against a limit: splitting 60 long answers on every submission was 2% of its CPU (issue 19).
        if (q.wordLimit !== null) {
          const words = wordCount(a);
          if (words > q.wordLimit)
            problems.push({
              field: `answers.${key}`,
              rule: 'word-limit',
              message: `Your answer to “${q.title}” has ${words} words; the limit is ${q.wordLimit}`,
            });
        }
      }
    }
    for (const key of Object.keys(dto.answers)) {
      if (!expected.includes(key)) problems.push({ field: `answers.${key}`, rule: 'unknown-field', message: `${key} is not a criterion of this tender` });
    }
    if (lot?.priceMethod === 'whole_life_cost' && !dto.costProfile?.length) {
      problems.push({ field: 'costProfile', rule: 'required', message: 'this lot is priced on whole-life cost: give the cost of each contract year' });
    }
    if (problems.length) throw validationProblem(problems);
  }
}
