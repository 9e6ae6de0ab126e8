import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { forEachAuthorityDue, JobRegistry } from '#jobs';
import { londonToday } from '#kernel';
import { ContextRunner } from '#platform';

/**
 * Each night at 00:10 London time (and once at start-up), each authority's audit chain head is published
 * (audit_published_heads, public): the day, the last event's seq and hash. One a day, never changed; a
 * second run the same day publishes nothing.
 */
@Injectable()
export class AuditHeadsJob implements OnModuleInit {
  static readonly NAME = 'audit-head-publication';
  private readonly logger = new Logger('AuditHeads');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: AuditHeadsJob.NAME, cron: '10 0 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many authorities' heads it published. */
  async run(now = new Date()): Promise<number> {
    const day = londonToday(now);
    const published = await forEachAuthorityDue(
      this.runner,
      async (em) => ((await em.query(`SELECT 1 FROM audit_published_heads WHERE day = $1`, [day])).length ? [] : [day]),
      (tenantId) =>
        this.runner.run({ tenantId }, async (em) => {
          const rows: unknown[] = await em.query(
            `INSERT INTO audit_published_heads (tenant_id, day, seq, hash)
             SELECT tenant_id, $2, seq, hash FROM audit_chain_heads WHERE tenant_id = $1
             ON CONFLICT (tenant_id, day) DO NOTHING RETURNING day`,
            [tenantId, day],
          );
          return rows.length > 0;
        }),
    );
    if (published) this.logger.log(`Published ${published} audit chain head(s) for ${day}`);
    return published;
  }
}
