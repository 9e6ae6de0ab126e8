import type { EntityManager } from 'typeorm';
import { AuditEvent, auditEventRow, newId } from '#platform';
import { type CommitmentInput, DEFAULT_CATALOGUE, type SocialValueSnapshot, valueCommitments } from '#social-value';
import { ContractCommitment, DeliveryReport, DeliveryReportReview } from '#contracts';

const DAY = 86_400_000;
const MEASURES = new Map(DEFAULT_CATALOGUE.map((m) => [m.code, m]));
const years = (q: string, n = 3) => Array.from({ length: n }, (_, i) => ({ year: i + 1, quantity: q }));

/**
 * Each demo provider's social value offer (issue 6): the commitments its bids make against the built-in
 * catalogue, valued with its illustrative proxy values.
 */
const OFFERS: Record<string, CommitmentInput[]> = {
  'bids@brightpath.test': [
    { measureCode: 'SOC-4', method: 'Peer mentors with lived experience work with each person for a year after release', quantities: years('20') },
    { measureCode: 'JOB-2', method: 'Two mentor posts a year for people long-term unemployed, from the cohort itself', quantities: years('2') },
  ],
  'bids@castleton.test': [{ measureCode: 'GRO-1', method: 'Facilities and catering bought from firms in the area', quantities: years('50000') }],
  'bids@meadow.test': [
    { measureCode: 'JOB-5', method: 'Every member of staff on the contract paid at least the real Living Wage', quantities: years('35') },
    { measureCode: 'SOC-3', method: 'Quarterly co-design sessions with the people we support', quantities: years('4') },
  ],
  'bids@harbour.test': [{ measureCode: 'SOC-1', method: 'Staff volunteering days with tenants’ groups', quantities: years('400') }],
};

/** What a demo bid commits, valued against its price. */
export const demoSocialValue = (email: string, price: string): SocialValueSnapshot => valueCommitments(OFFERS[email], MEASURES, price, 0);

/**
 * Delivery on an awarded contract's social value in the contract years given: year 1 reported and
 * accepted in full; year 2 reported, short on peer mentoring (SOC-4) and queried, the rest awaiting
 * review. The dashboard shows the gap.
 */
export async function seedDelivery(
  em: EntityManager,
  commitments: ContractCommitment[],
  awardedAt: Date,
  contractManager: string,
  reporter: string,
  contractYears: number[],
) {
  for (const c of commitments.filter((x) => x.kind === 'social_value')) {
    const detail = c.detail as { quantities: { year: number; quantity: string }[] };
    for (const year of contractYears) {
      const committed = detail.quantities.find((q) => q.year === year)?.quantity ?? '0';
      const short = year === 2 && c.code === 'SOC-4';
      const reportedAt = new Date(awardedAt.getTime() + (year * 365 + 20) * DAY);
      const report: DeliveryReport = {
        id: newId(),
        tenantId: c.tenantId,
        tenderId: c.tenderId,
        commitmentId: c.id,
        providerId: c.providerId,
        contractYear: year,
        quantity: short ? '14' : committed,
        narrative: short
          ? 'Fourteen people mentored for the full year; six referrals came late after the probation service reorganised.'
          : `Delivered as committed in contract year ${year}; monthly returns attached to the quarterly reports.`,
        evidence: [],
        reportedBy: reporter,
        reportedAt,
      };
      await em.insert(DeliveryReport, report);
      if (year === 1 || short) {
        const outcome = short ? ('queried' as const) : ('accepted' as const);
        const note = short ? 'Please send the referral log for the year so that the late referrals can be checked against the contract’s referral route.' : '';
        const reviewedAt = new Date(reportedAt.getTime() + 10 * DAY);
        await em.insert(DeliveryReportReview, {
          id: newId(),
          reportId: report.id,
          tenantId: c.tenantId,
          providerId: c.providerId,
          outcome,
          note,
          reviewedBy: contractManager,
          reviewedAt,
        });
        await em.insert(
          AuditEvent,
          auditEventRow({
            tenantId: c.tenantId,
            occurredAt: reviewedAt,
            actorUserId: contractManager,
            actorApiKeyId: null,
            action: 'delivery.reviewed',
            entityType: 'delivery_report',
            entityId: report.id,
            requestId: null,
            data: { outcome, year, quantity: report.quantity },
          }),
        );
      }
    }
  }
}
