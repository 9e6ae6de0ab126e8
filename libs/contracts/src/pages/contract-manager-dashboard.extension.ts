import { Injectable, type OnModuleInit } from '@nestjs/common';
import { londonToday } from '#kernel';
import { RequestDb } from '#platform';
import { awardedTenders } from '#tendering';
import { dashboardSlot, PageExtensions } from '#web';
import { CommitmentReviews } from '../commitments/commitment-reviews.service.js';
import { contractActions } from '../outcomes/contract-actions.query.js';

/** The contract manager's dashboard section: awarded contracts, with what waits on each (delivery reports, commitment reviews, results to validate, reviews to conclude, payments to approve). */
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
    const awarded = await awardedTenders(this.db.manager);
    // Delivery reports still waiting for a review, per contract (the contracts' own tables).
    const waiting: { tender_id: string; reports: number }[] = awarded.length
      ? await this.db.manager.query(
          `SELECT r.tender_id, count(*)::int AS reports FROM delivery_reports r
            WHERE r.tender_id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM delivery_report_reviews v WHERE v.report_id = r.id)
            GROUP BY r.tender_id`,
          [awarded.map((t) => t.id)],
        )
      : [];
    const reports = new Map(waiting.map((w) => [w.tender_id, w.reports]));
    const due = await this.commitmentReviews.dueByTender();
    const actions = await contractActions(this.db.manager, londonToday());
    return {
      contracts: awarded.map((t) => {
        const d = due.get(t.id) ?? { open: 0, overdue: 0 };
        return {
          reference: t.reference,
          title: t.title,
          href: `/authority/tenders/${t.id}`,
          deliveryHref: `/authority/tenders/${t.id}/delivery`,
          commitmentsHref: `/authority/tenders/${t.id}/commitments`,
          reports: reports.get(t.id) ?? 0,
          reviewsOverdue: d.overdue,
          reviewsDue: d.open,
          // Each contract the tender made (one per lot), with its outcomes, reviews and payments waiting.
          outcomes: (actions.get(t.id) ?? []).map((a) => ({
            href: `/contracts/${a.contractId}`,
            reference: a.reference,
            waiting: [
              a.toValidate && `${a.toValidate} ${a.toValidate === 1 ? 'result' : 'results'} to validate`,
              a.toConclude && `${a.toConclude} ${a.toConclude === 1 ? 'review' : 'reviews'} to conclude`,
              a.paymentsDue && `${a.paymentsDue} ${a.paymentsDue === 1 ? 'payment' : 'payments'} to approve`,
            ]
              .filter(Boolean)
              .join(', '),
          })),
        };
      }),
    };
  }
}
