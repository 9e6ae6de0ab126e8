import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobRegistry } from '#jobs';
import { londonToday } from '#kernel';
import { Notifications, remindEachAuthority } from '#notifications';
import { APP_CONFIG, type AppConfig, newId, ContextRunner } from '#platform';
import { assessmentsDue, type DueAssessment } from './assessments-due.query.js';

/**
 * Every morning at 08:00 London time: tell each authority's contract managers, in one e-mail, which
 * contracts' performance assessments (s.71) are open (due within a month, or the contract has ended) and
 * which are overdue. Each authority is read in its own context; each reminder is claimed (unique per
 * contract, due date and kind) in the transaction that queues the e-mail, so a second run, or two
 * workers at once, send nothing twice.
 */
@Injectable()
export class AssessmentRemindersJob implements OnModuleInit {
  static readonly NAME = 'performance-assessment-reminders';
  private readonly logger = new Logger('AssessmentReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: AssessmentRemindersJob.NAME, cron: '0 8 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many authorities' contract managers it reminded. */
  async run(now = new Date()): Promise<number> {
    const today = londonToday(now);
    const sent = await remindEachAuthority<DueAssessment>(this.runner, this.notifications, {
      roles: ['contract_manager'],
      template: 'performance-assessments-due',
      due: (em) => findDue(em, today),
      claim: async (em, tenantId, d) =>
        (
          await em.query(
            `INSERT INTO performance_assessment_reminders (id, tenant_id, contract_id, due_by, kind) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT DO NOTHING RETURNING id`,
            [newId(), tenantId, d.contractId, d.dueBy, d.kind],
          )
        ).length > 0,
      line: (d) => ({ ...d, url: `${this.config.PUBLIC_BASE_URL}/contracts/${d.contractId}#assessments` }),
    });
    if (sent) this.logger.log(`Sent performance assessment reminders to ${sent} authorit${sent === 1 ? 'y' : 'ies'}`);
    return sent;
  }
}

/** The authority's assessments open or overdue without a reminder of that kind yet. */
async function findDue(em: EntityManager, today: string): Promise<DueAssessment[]> {
  const due = await assessmentsDue(em, today);
  if (!due.length) return due;
  const sent: { contract_id: string; due_by: string; kind: string }[] = await em.query(
    `SELECT contract_id, due_by::text, kind FROM performance_assessment_reminders WHERE contract_id = ANY($1::uuid[])`,
    [due.map((d) => d.contractId)],
  );
  return due.filter((d) => !sent.some((s) => s.contract_id === d.contractId && s.due_by === d.dueBy && s.kind === d.kind));
}
