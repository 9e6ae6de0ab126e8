import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobRegistry } from '#jobs';
import { addDays, londonToday } from '#kernel';
import { Notifications, remindEachAuthority } from '#notifications';
import { APP_CONFIG, type AppConfig, ContextRunner, newId } from '#platform';
import { REVIEW_NOTICE_DAYS, reviewReminderKind } from './service-review.js';

interface DueReview {
  cycleId: string;
  reference: string;
  title: string;
  reviewBy: string;
  kind: 'open' | 'overdue';
}

/**
 * Every morning at 08:00 London time: tell each authority's commissioners, in one e-mail, which services
 * are due for review within REVIEW_NOTICE_DAYS and which are past their review-by date without one, each
 * reminder once (claimed per cycle, review-by date and kind).
 */
@Injectable()
export class ServiceReviewRemindersJob implements OnModuleInit {
  static readonly NAME = 'service-review-reminders';
  private readonly logger = new Logger('ServiceReviewReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: ServiceReviewRemindersJob.NAME, cron: '0 8 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many authorities' commissioners it reminded. */
  async run(now = new Date()): Promise<number> {
    const today = londonToday(now);
    const sent = await remindEachAuthority<DueReview>(this.runner, this.notifications, {
      roles: ['commissioner'],
      template: 'service-reviews-due',
      due: (em) => reviewsDue(em, today),
      claim: async (em, tenantId, d) =>
        (
          await em.query(
            `INSERT INTO service_review_reminders (id, tenant_id, cycle_id, review_by, kind) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
            [newId(), tenantId, d.cycleId, d.reviewBy, d.kind],
          )
        ).length > 0,
      line: (d) => ({ ...d, url: `${this.config.PUBLIC_BASE_URL}/cycles/${d.cycleId}#review` }),
    });
    if (sent) this.logger.log(`Sent service review reminders to ${sent} authorit${sent === 1 ? 'y' : 'ies'}`);
    return sent;
  }
}

/** The authority's cycles not yet reviewed whose review is near or past, less the reminders already sent. */
async function reviewsDue(em: EntityManager, today: string): Promise<DueReview[]> {
  const opensOn = addDays(today, REVIEW_NOTICE_DAYS);
  const rows: { id: string; reference: string; title: string; review_by: string; sent: string[] }[] = await em.query(
    `SELECT c.id, c.reference, c.title, c.review_by::text,
            coalesce(array_agg(m.kind) FILTER (WHERE m.kind IS NOT NULL), '{}') AS sent
       FROM commissioning_cycles c
       LEFT JOIN service_review_reminders m ON m.tenant_id = c.tenant_id AND m.cycle_id = c.id AND m.review_by = c.review_by
      WHERE c.review_by <= $1
        AND NOT EXISTS (SELECT 1 FROM service_reviews r WHERE r.tenant_id = c.tenant_id AND r.cycle_id = c.id)
      GROUP BY c.tenant_id, c.id ORDER BY c.review_by, c.reference`,
    [opensOn],
  );
  return rows.flatMap((r) => {
    const kind = reviewReminderKind(r.review_by, today, opensOn);
    return kind && !r.sent.includes(kind) ? [{ cycleId: r.id, reference: r.reference, title: r.title, reviewBy: r.review_by, kind }] : [];
  });
}
