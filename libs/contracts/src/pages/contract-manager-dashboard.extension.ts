import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RequestDb } from '#platform';
import { dashboardSlot, PageExtensions } from '#web';
import { CommitmentReviews } from '../commitments/commitment-reviews.service.js';

/** The contract manager's dashboard section: awarded contracts, with what waits on each (delivery reports and commitment reviews). */
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
    const rows: { id: string; reference: string; title: string; reports: number }[] = await this.db.manager.query(
      `SELECT t.id, t.reference, t.title,
              (SELECT count(*) FROM delivery_reports r WHERE r.tender_id = t.id
                  AND NOT EXISTS (SELECT 1 FROM delivery_report_reviews v WHERE v.report_id = r.id))::int AS reports
         FROM tenders t WHERE t.status = 'awarded' ORDER BY t.reference DESC LIMIT 50`,
    );
    const due = await this.commitmentReviews.dueByTender();
    return {
      contracts: rows.map((t) => {
        const d = due.get(t.id) ?? { open: 0, overdue: 0 };
        return {
          reference: t.reference,
          title: t.title,
          href: `/authority/tenders/${t.id}`,
          deliveryHref: `/authority/tenders/${t.id}/delivery`,
          commitmentsHref: `/authority/tenders/${t.id}/commitments`,
          reports: t.reports,
          reviewsOverdue: d.overdue,
          reviewsDue: d.open,
        };
      }),
    };
  }
}
