import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ContextRunner } from '#platform';
import { JobRegistry } from '../runtime/job-registry.js';
import { forEachAuthorityDue } from './each-authority.js';

/** How long an Idempotency-Key replays its first answer: a week, far past any client's retries. */
export const IDEMPOTENCY_KEPT_DAYS = 7;

/**
 * Every night at 01:15: the Idempotency-Keys older than a week are forgotten, authority by authority in
 * its own context (the table is under row-level security), so the table holds a week of keys, not every
 * key ever sent. A key reused after that runs afresh, as with any payments API; the services' own rules
 * (a report validated once, a payment approved at its version) still refuse a stale repeat.
 */
@Injectable()
export class IdempotencyExpiryJob implements OnModuleInit {
  static readonly NAME = 'idempotency-expiry';
  private readonly logger = new Logger('IdempotencyExpiry');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: IdempotencyExpiryJob.NAME, cron: '15 1 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many authorities had keys forgotten. */
  async run(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - IDEMPOTENCY_KEPT_DAYS * 86_400_000);
    const purged = await forEachAuthorityDue(
      this.runner,
      async (em) => {
        const [{ any }] = await em.query('SELECT EXISTS (SELECT 1 FROM idempotent_requests WHERE created_at < $1) AS any', [before]);
        return any ? [before] : [];
      },
      (tenantId, cutoff) =>
        this.runner.run({ tenantId }, async (em) => {
          const rows: unknown[] = await em.query('DELETE FROM idempotent_requests WHERE created_at < $1 RETURNING key', [cutoff]);
          return rows.length > 0;
        }),
    );
    if (purged) this.logger.log(`Forgot week-old Idempotency-Keys at ${purged} authorit${purged === 1 ? 'y' : 'ies'}`);
    return purged;
  }
}
