import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Principal, RequestDb } from '#platform';
import { tenderSummaries } from '#tendering';
import { dashboardSlot, PageExtensions } from '#web';
import { assignmentState } from '../assignment-state.js';

/** The evaluator's dashboard section: their own assignments, and what to do next on each. */
@Injectable()
export class EvaluatorDashboard implements OnModuleInit {
  constructor(
    private readonly db: RequestDb,
    private readonly extensions: PageExtensions,
  ) {}

  onModuleInit(): void {
    this.extensions.register(dashboardSlot('evaluator'), 'evaluation', (p: Principal) => this.section(p));
  }

  private async section(p: Principal): Promise<Record<string, unknown>> {
    const rows: { id: string; tender_id: string; criterion_group: string; declaration: string | null; submitted_at: Date | null; withdrawn_at: Date | null }[] =
      await this.db.manager.query(
        `SELECT id, tender_id, criterion_group, declaration, submitted_at, withdrawn_at
           FROM evaluator_assignments WHERE user_id = $1 ORDER BY assigned_at DESC LIMIT 50`,
        [p.userId],
      );
    // Tenders are tendering's: it names them, and the groups by their titles in each tender's model, as every other page does.
    const tenders = await tenderSummaries(
      this.db.manager,
      rows.map((r) => r.tender_id),
    );
    return {
      assignments: rows.flatMap((r) => {
        const t = tenders.get(r.tender_id);
        if (!t) return [];
        return [
          {
            href: `/authority/tenders/${r.tender_id}/evaluation/assignments/${r.id}`,
            reference: t.reference,
            title: t.title,
            group: t.groupTitles[r.criterion_group] ?? r.criterion_group,
            state: assignmentState({ withdrawnAt: r.withdrawn_at, declaration: r.declaration, submittedAt: r.submitted_at }),
          },
        ];
      }),
    };
  }
}
