import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProviderOrganisation } from '#auth';
import { forEachAuthorityDue, JobRegistry } from '#jobs';
import { Notifications, providerPeople } from '#notifications';
import { APP_CONFIG, type AppConfig, newId, ContextRunner } from '#platform';
import { dueReminder, type ReminderKind } from './deadline-reminder-rule.js';

interface Followed {
  tender_id: string;
  title: string;
  reference: string;
  deadline: Date;
  provider_id: string;
}

interface Due extends Followed {
  kind: ReminderKind;
}

/**
 * Every morning at 08:00 London time: remind each provider following a
 * published tender that it closes in 7 days, then in 1 day. Each authority is
 * scanned in its own context; each reminder is recorded (unique per tender,
 * provider, kind and deadline) in the same transaction as its e-mails, so a
 * second scan, or two workers scanning at once, send nothing twice.
 */
@Injectable()
export class DeadlineRemindersJob implements OnModuleInit {
  static readonly NAME = 'tender-deadline-reminders';
  private readonly logger = new Logger('DeadlineReminders');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly notifications: Notifications,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: DeadlineRemindersJob.NAME, cron: '0 8 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many reminders it sent (one per provider and tender, each to all of the provider's people). */
  async run(now = new Date()): Promise<number> {
    const sent = await forEachAuthorityDue(
      this.runner,
      (em) => this.findDue(em, now),
      (tenantId, d) => this.remind(tenantId, d),
    );
    if (sent) this.logger.log(`Sent ${sent} deadline reminder(s)`);
    return sent;
  }

  private async findDue(em: EntityManager, now: Date): Promise<Due[]> {
    const followed: Followed[] = await em.query(
      `SELECT t.id AS tender_id, t.title, t.reference, t.submission_deadline AS deadline, ti.provider_id
         FROM tenders t JOIN tender_interests ti ON ti.tender_id = t.id
        WHERE t.status = 'published' AND t.submission_deadline > $1 AND t.submission_deadline <= $1::timestamptz + interval '7 days'`,
      [now],
    );
    if (!followed.length) return [];
    const sentRows: { tender_id: string; provider_id: string; kind: ReminderKind; deadline: Date }[] = await em.query(
      `SELECT tender_id, provider_id, kind, deadline FROM deadline_reminders WHERE tender_id = ANY($1::uuid[])`,
      [[...new Set(followed.map((f) => f.tender_id))]],
    );
    return followed.flatMap((f) => {
      const deadline = new Date(f.deadline);
      const sent = new Set(
        sentRows
          .filter((s) => s.tender_id === f.tender_id && s.provider_id === f.provider_id && new Date(s.deadline).getTime() === deadline.getTime())
          .map((s) => s.kind),
      );
      const kind = dueReminder(deadline, now, sent);
      return kind ? [{ ...f, deadline, kind }] : [];
    });
  }

  private remind(tenantId: string, due: Due): Promise<boolean> {
    return this.runner.run({ tenantId, providerId: due.provider_id }, async (em) => {
      const claimed: unknown[] = await em.query(
        `WITH r AS (INSERT INTO deadline_reminders (id, tenant_id, tender_id, provider_id, kind, deadline)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id) SELECT id FROM r`,
        [newId(), tenantId, due.tender_id, due.provider_id, due.kind, due.deadline],
      );
      if (!claimed.length) return false;
      const provider = await em.findOneByOrFail(ProviderOrganisation, { id: due.provider_id });
      const people = await providerPeople(em, due.provider_id);
      await this.notifications.email(
        people.map((p) => ({
          to: p.email,
          tenantId,
          template: 'deadline-reminder',
          data: {
            kind: due.kind,
            recipientName: p.display_name,
            providerName: provider.name,
            tenderTitle: due.title,
            tenderReference: due.reference,
            deadline: due.deadline.toISOString(),
            tenderUrl: `${this.config.PUBLIC_BASE_URL}/dashboard`,
          },
        })),
      );
      return true;
    });
  }
}
