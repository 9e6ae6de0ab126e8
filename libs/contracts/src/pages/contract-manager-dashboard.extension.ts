import { Injectable, type OnModuleInit } from '@nestjs/common';
import { londonToday } from '#kernel';
import { RequestDb } from '#platform';
import { tenderSummaries } from '#tendering';
import { dashboardSlot, PageExtensions } from '#web';
import { CommitmentReviews } from '../commitments/commitment-reviews.service.js';
import { contractActions } from '../outcomes/contract-actions.query.js';
import { assessmentsDue } from '../assessments/assessments-due.query.js';

/** The most contracts the dashboard lists: a contract manager with hundreds reads the ones waiting first, and the rest under Contracts. */
const SHOWN = 25;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The contract manager's dashboard section: the awarded contracts with something waiting (delivery
 * reports, commitment reviews, results to validate, reviews to conclude, payments to approve, performance
 * assessments open or overdue), most
 * waiting first, and how many run in all.
 */
@Injectable()
export class ContractManagerDashboard implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly commitmentReviews: CommitmentReviews,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(dashboardSlot('contract_manager'), 'contracts', () => this.section());
  }

  private async section(): Promise<Record<string, unknown>> {
    const em = this.db.manager;
    // Delivery reports still waiting for a review, per tender (one grouped pass).
    const waiting: { tender_id: string; reports: number }[] = await em.query(
      `SELECT r.tender_id, count(*)::int AS reports FROM delivery_reports r
        WHERE NOT EXISTS (SELECT 1 FROM delivery_report_reviews v WHERE v.report_id = r.id) GROUP BY r.tender_id`,
    );
    const reports = new Map(waiting.map((w) => [w.tender_id, w.reports]));
    const due = await this.commitmentReviews.dueByTender();
    const today = londonToday();
    const actions = await contractActions(em, today);
    // Each contract with something waiting, under the tender that made it: outcomes, reviews, payments, its assessment (s.71).
    const contracts = new Map<string, { tenderId: string; reference: string; n: number; waiting: string[] }>();
    const note = (id: string, tenderId: string, reference: string, n: number, text: string) => {
      const c = contracts.get(id) ?? { tenderId, reference, n: 0, waiting: [] };
      contracts.set(id, { ...c, n: c.n + n, waiting: [...c.waiting, text] });
    };
    for (const a of actions.waiting) {
      if (a.toValidate) note(a.contractId, a.tenderId, a.reference, a.toValidate, plural(a.toValidate, 'result to validate', 'results to validate'));
      if (a.toConclude) note(a.contractId, a.tenderId, a.reference, a.toConclude, plural(a.toConclude, 'review to conclude', 'reviews to conclude'));
      if (a.paymentsDue) note(a.contractId, a.tenderId, a.reference, a.paymentsDue, plural(a.paymentsDue, 'payment to approve', 'payments to approve'));
    }
    for (const d of await assessmentsDue(em, today))
      note(
        d.contractId,
        d.tenderId,
        d.reference,
        1,
        `${d.final ? 'final assessment' : 'assessment'} ${d.kind === 'overdue' ? 'overdue since' : 'due by'} ${d.dueBy}`,
      );
    const outcomes = new Map<string, { contractId: string; reference: string; n: number; waiting: string[] }[]>();
    for (const [contractId, c] of contracts) outcomes.set(c.tenderId, [...(outcomes.get(c.tenderId) ?? []), { contractId, ...c }]);
    // Every tender with something waiting, most waiting first; only the ones shown are named.
    const count = (id: string) =>
      (reports.get(id) ?? 0) + (due.get(id)?.open ?? 0) + (due.get(id)?.overdue ?? 0) + (outcomes.get(id) ?? []).reduce((s, a) => s + a.n, 0);
    const ids = [...new Set([...reports.keys(), ...due.keys(), ...outcomes.keys()])].filter((id) => count(id) > 0);
    const names = await tenderSummaries(em, ids);
    const shown = ids
      .filter((id) => names.has(id))
      .sort((a, b) => count(b) - count(a) || names.get(a)!.reference.localeCompare(names.get(b)!.reference))
      .slice(0, SHOWN);
    return {
      contracts: shown.map((id) => {
        const d = due.get(id) ?? { open: 0, overdue: 0 };
        return {
          reference: names.get(id)!.reference,
          title: names.get(id)!.title,
          href: `/authority/tenders/${id}`,
          deliveryHref: `/authority/tenders/${id}/delivery`,
          commitmentsHref: `/authority/tenders/${id}/commitments`,
          reports: reports.get(id) ?? 0,
          reviewsOverdue: d.overdue,
          reviewsDue: d.open,
          // Each contract the tender made (one per lot) with its outcomes, reviews and payments waiting.
          outcomes: (outcomes.get(id) ?? []).map((a) => ({ href: `/contracts/${a.contractId}`, reference: a.reference, waiting: a.waiting.join(', ') })),
        };
      }),
      running: actions.running,
      summary: `${plural(actions.running, 'contract runs', 'contracts run')}; ${plural(ids.length, 'has', 'have')} something waiting${ids.length > SHOWN ? `, the ${SHOWN} with most waiting shown here` : ''}.`,
    };
  }
}
