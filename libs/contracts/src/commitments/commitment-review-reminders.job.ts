import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { forEachAuthorityDue, JobRegistry } from '#jobs';
import { emailAuthorityPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, newId, ContextRunner } from '#platform';
import { londonToday } from '#kernel';
import { commitmentSchedules } from './commitment-reviews.service.js';
import { Tender } from '#tendering';

interface DueReview {
  commitmentId: string;
  title: string;
  year: number;
  due: string;
  kind: 'open' | 'overdue';
}

/**
 * Every morning at 08:00 London time: tell each authority's contract managers, contract by contract,
 * which public character commitments have a yearly review now open, and again once one is overdue.
 * Each authority is scanned in its own context; each reminder is claimed (unique per commitment, year
 * and kind) in the same transaction as its e-mails, so a second scan, or two workers at once, send
 * nothing twice, and a review recorded in time is never chased as overdue.
 */
@Injectable()
export class CommitmentReviewRemindersJob implements OnModuleInit {
  static readonly NAME = 'commitment-review-reminders';
  private readonly logger = new Logger('CommitmentReviewReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: CommitmentReviewRemindersJob.NAME, cron: '0 8 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many contracts' reminders it sent (each to every contract manager of the authority). */
  async run(now = new Date()): Promise<number> {
    const today = londonToday(now);
    const sent = await forEachAuthorityDue(
      this.runner,
      (em) => this.findDue(em, today),
      (tenantId, [tenderId, due]) => this.remind(tenantId, tenderId, due),
    );
    if (sent) this.logger.log(`Sent commitment review reminders for ${sent} contract(s)`);
    return sent;
  }

  private async findDue(em: EntityManager, today: string): Promise<Map<string, DueReview[]>> {
    const due = (await commitmentSchedules(em, today)).filter((x) => x.schedule.status !== 'not-yet');
    if (!due.length) return new Map();
    const reminded: { commitment_id: string; review_year: number; kind: string }[] = await em.query(
      'SELECT commitment_id, review_year, kind FROM commitment_review_reminders WHERE commitment_id = ANY($1::uuid[])',
      [due.map((x) => x.commitment.id)],
    );
    const out = new Map<string, DueReview[]>();
    for (const { commitment: c, schedule: s } of due) {
      if (s.status === 'not-yet') continue;
      if (reminded.some((r) => r.commitment_id === c.id && r.review_year === s.nextYear && r.kind === s.status)) continue;
      out.set(c.tenderId, [...(out.get(c.tenderId) ?? []), { commitmentId: c.id, title: c.title, year: s.nextYear, due: s.due, kind: s.status }]);
    }
    return out;
  }

  /** Claims the reminders, then e-mails the contract managers in the same transaction; false if another run claimed them all first. */
  private remind(tenantId: string, tenderId: string, due: DueReview[]): Promise<boolean> {
    return this.runner.run({ tenantId }, async (em) => {
      const claimed: DueReview[] = [];
      for (const d of due) {
        const rows: unknown[] = await em.query(
          `INSERT INTO commitment_review_reminders (id, tenant_id, commitment_id, review_year, kind) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING RETURNING id`,
          [newId(), tenantId, d.commitmentId, d.year, d.kind],
        );
        if (rows.length) claimed.push(d);
      }
      if (!claimed.length) return false;
      const tender = await em.findOneByOrFail(Tender, { id: tenderId });
      const list = (kind: DueReview['kind']) => claimed.filter((d) => d.kind === kind).map((d) => ({ title: d.title, year: d.year, due: d.due }));
      await emailAuthorityPeople(em, this.notifications, {
        tenantId,
        roles: ['contract_manager'],
        template: 'commitment-reviews-due',
        data: (p) => ({
          recipientName: p.display_name,
          tenderReference: tender.reference,
          tenderTitle: tender.title,
          overdue: list('overdue'),
          open: list('open'),
          commitmentsUrl: `${this.config.PUBLIC_BASE_URL}/authority/tenders/${tenderId}/commitments`,
        }),
      });
      return true;
    });
  }
}
