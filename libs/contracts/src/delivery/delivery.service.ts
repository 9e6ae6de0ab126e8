import { HttpStatus, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { type EntityManager, In } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { emailAuthorityPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, sqlState, validationProblem } from '#platform';
import { type CommitmentDetail, ContractCommitment } from '../commitments/commitment.entity.js';
import { EvidenceLibrary } from '#public-character';
import { type ProviderEvent, ProviderEvents, Publication } from '#jobs';
import { requireTender, Tender } from '#tendering';
import { deliveryDashboard } from './dashboard.js';
import type { DeliveryReportDto, DeliveryReviewDto } from './delivery.dto.js';
import { DeliveryReport, DeliveryReportReview } from './delivery.entities.js';

/**
 * Social value delivery after award (issue 6, item 9): the provider reports what it delivered on each
 * commitment per contract year, with evidence from its library; the contract manager accepts or queries;
 * the dashboard compares committed with delivered. Reports and reviews are append-only: a queried year
 * is reported again, and the newest report counts. A new report is e-mailed to the authority's contract
 * managers (through a provider event: the provider's transaction cannot read the authority's staff).
 */
@Injectable()
export class Deliveries implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly library: EvidenceLibrary,
    private readonly events: ProviderEvents,
    private readonly notifications: Notifications,
    private readonly publication: Publication,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.events.on('delivery.reported', (event, ctx) => this.notifyReported(ctx.em, ctx.tenantId, event));
  }

  /** The dashboard for a tender's contract, as the caller may see it (the authority: all; a provider: its own). */
  async dashboard(tenderId: string) {
    const em = this.db.manager;
    const commitments = await em.find(ContractCommitment, { where: { tenderId, kind: 'social_value' }, order: { code: 'ASC' } });
    const reports = commitments.length
      ? await em.find(DeliveryReport, { where: { commitmentId: In(commitments.map((c) => c.id)) }, order: { reportedAt: 'ASC' } })
      : [];
    const reviews = reports.length ? await em.find(DeliveryReportReview, { where: { reportId: In(reports.map((r) => r.id)) } }) : [];
    const reviewOf = new Map(reviews.map((r) => [r.reportId, r]));
    const board = deliveryDashboard(
      commitments.map((c) => {
        const d = c.detail as CommitmentDetail;
        return { id: c.id, code: c.code, title: c.title, unit: d.unit, proxyValue: d.proxyValue, quantities: d.quantities };
      }),
      reports.map((r) => ({
        id: r.id,
        commitmentId: r.commitmentId,
        year: r.contractYear,
        quantity: r.quantity,
        reportedAt: r.reportedAt.toISOString(),
        review: reviewOf.get(r.id) ?? null,
      })),
    );
    return {
      ...board,
      reports: reports.map((r) => ({
        id: r.id,
        commitmentId: r.commitmentId,
        year: r.contractYear,
        quantity: r.quantity,
        narrative: r.narrative,
        evidence: r.evidence,
        reportedAt: r.reportedAt.toISOString(),
        review: reviewOf.has(r.id)
          ? { outcome: reviewOf.get(r.id)!.outcome, note: reviewOf.get(r.id)!.note, reviewedAt: reviewOf.get(r.id)!.reviewedAt.toISOString() }
          : null,
      })),
    };
  }

  /** For the authority: its own tender only (another authority's is not found). */
  async forTender(tenderId: string) {
    await requireTender(this.db.manager, tenderId);
    return this.dashboard(tenderId);
  }

  async report(tenderId: string, dto: DeliveryReportDto, principal: Principal) {
    const em = this.db.manager;
    // The database shows a provider only its own commitments.
    const commitment = await em.findOne(ContractCommitment, { where: { id: dto.commitmentId, tenderId, kind: 'social_value' } });
    if (!commitment)
      throw validationProblem([
        { field: 'commitmentId', rule: 'exists', message: 'commitmentId is not one of your social value commitments on this contract' },
      ]);
    const evidence = await this.library.copies(dto.evidenceIds ?? []);
    const row: DeliveryReport = {
      id: newId(),
      tenantId: commitment.tenantId,
      tenderId,
      commitmentId: commitment.id,
      providerId: principal.providerId!,
      contractYear: dto.year,
      quantity: dto.quantity,
      narrative: dto.narrative.trim(),
      evidence,
      reportedBy: principal.userId ?? null,
      reportedAt: new Date(),
    };
    await em.insert(DeliveryReport, row);
    await this.events.raise(em, row.tenantId, { kind: 'delivery.reported', id: row.id, providerId: row.providerId });
    return this.dashboard(tenderId);
  }

  async review(tenderId: string, reportId: string, dto: DeliveryReviewDto, principal: Principal) {
    const em = this.db.manager;
    const report = await em.findOne(DeliveryReport, { where: { id: reportId, tenderId } });
    if (!report) throw notFound('Delivery report');
    if (dto.outcome === 'queried' && !dto.note?.trim())
      throw validationProblem([{ field: 'note', rule: 'required', message: 'Say what the provider must answer: a query needs a note' }]);
    try {
      await em.insert(DeliveryReportReview, {
        id: newId(),
        reportId,
        tenantId: report.tenantId,
        providerId: report.providerId,
        outcome: dto.outcome,
        note: dto.note?.trim() ?? '',
        reviewedBy: principal.userId ?? null,
        reviewedAt: new Date(),
      });
    } catch (err) {
      if (sqlState(err) === '23505')
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'already-reviewed',
          'This report has been reviewed',
          'A report takes one review; a queried year is reported again',
        );
      throw err;
    }
    await this.audit.record({
      action: 'delivery.reviewed',
      entityType: 'delivery_report',
      entityId: reportId,
      data: { outcome: dto.outcome, year: report.contractYear, quantity: report.quantity },
    });
    // Social value delivered, once accepted, is public (OCDS implementation: the commitment's metric).
    if (dto.outcome === 'accepted') await this.publication.processChanged(tenderId);
    return this.dashboard(tenderId);
  }

  /** In the authority's context: tells its contract managers a report awaits review. */
  private async notifyReported(em: EntityManager, tenantId: string, event: ProviderEvent) {
    const report = await em.findOneBy(DeliveryReport, { id: event.id, providerId: event.providerId });
    if (!report) return;
    const commitment = await em.findOneByOrFail(ContractCommitment, { id: report.commitmentId });
    const tender = await em.findOneByOrFail(Tender, { id: report.tenderId });
    const provider = await em.findOneByOrFail(ProviderOrganisation, { id: report.providerId });
    const detail = commitment.detail as CommitmentDetail;
    const committed = detail.quantities.find((q) => q.year === report.contractYear)?.quantity;
    await emailAuthorityPeople(em, this.notifications, {
      tenantId,
      roles: ['contract_manager'],
      template: 'delivery-reported',
      data: (p) => ({
        recipientName: p.display_name,
        providerName: provider.name,
        tenderReference: tender.reference,
        tenderTitle: tender.title,
        // Quantities as people write them (2.5, not 2.50): the report is stored to two places, commitments as given.
        measure: commitment.title,
        unit: detail.unit,
        year: report.contractYear,
        quantity: new Decimal(report.quantity).toString(),
        committed: committed ? new Decimal(committed).toString() : null,
        evidenceCount: report.evidence.length,
        reviewUrl: `${this.config.PUBLIC_BASE_URL}/authority/tenders/${tender.id}/delivery`,
      }),
    });
  }
}
