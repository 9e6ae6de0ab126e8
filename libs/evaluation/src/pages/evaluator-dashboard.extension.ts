import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Principal, RequestDb } from '#platform';
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
    const rows: {
      id: string;
      tender_id: string;
      reference: string;
      title: string;
      criterion_group: string;
      declaration: string | null;
      submitted_at: Date | null;
      withdrawn_at: Date | null;
    }[] = await this.db.manager.query(
      // The group by its title in the tender's model, as every other page names it.
      `SELECT a.id, a.tender_id, t.reference, t.title, a.declaration, a.submitted_at, a.withdrawn_at,
              COALESCE((SELECT c->>'title' FROM jsonb_array_elements(t.evaluation_model->'criteria') c WHERE c->>'key' = a.criterion_group), a.criterion_group) AS criterion_group
         FROM evaluator_assignments a JOIN tenders t ON t.id = a.tender_id WHERE a.user_id = $1 ORDER BY a.assigned_at DESC LIMIT 50`,
      [p.userId],
    );
    return {
      assignments: rows.map((r) => ({
        href: `/authority/tenders/${r.tender_id}/evaluation/assignments/${r.id}`,
        reference: r.reference,
        title: r.title,
        group: r.criterion_group,
        state: assignmentState({ withdrawnAt: r.withdrawn_at, declaration: r.declaration, submittedAt: r.submitted_at }),
      })),
    };
  }
}
