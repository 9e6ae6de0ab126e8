import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { forEachAuthorityDue, JobRegistry, Publication } from '#jobs';
import { londonToday } from '#kernel';
import { AuditLog, ContextRunner } from '#platform';

/**
 * Each night at 00:20 London time (and once at start-up): a field withheld until a day that has come is published.
 * The decision is marked as queued once, under the row's condition (a second worker finds nothing), its process
 * queued for publication in the same transaction, and the lapse audited.
 */
@Injectable()
export class WithholdingLapsesJob implements OnModuleInit {
  static readonly NAME = 'withholding-lapses';
  private readonly logger = new Logger('WithholdingLapses');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly audit: AuditLog,
    private readonly publication: Publication,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: WithholdingLapsesJob.NAME, cron: '20 0 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many withholdings it found lapsed. */
  async run(now = new Date()): Promise<number> {
    const today = londonToday(now);
    const lapsed = await forEachAuthorityDue(
      this.runner,
      async (em: EntityManager) =>
        (await em.query(
          `SELECT id FROM publication_withholdings WHERE lifted_at IS NULL AND lapse_queued_at IS NULL AND available_on <= $1::date ORDER BY available_on, id`,
          [today],
        )) as { id: string }[],
      (tenantId, w) =>
        this.runner.run({ tenantId }, async (em) => {
          const rows: { tender_id: string; contract_id: string; available_on: string }[] = await em.query(
            // A CTE: both drivers return its rows the same way (see contract-expiry.job.ts).
            `WITH x AS (UPDATE publication_withholdings SET lapse_queued_at = clock_timestamp()
                         WHERE id = $1 AND lifted_at IS NULL AND lapse_queued_at IS NULL RETURNING tender_id, contract_id, available_on)
             SELECT tender_id, contract_id, available_on::text AS available_on FROM x`,
            [w.id],
          );
          if (!rows.length) return false;
          const [row] = rows;
          await this.audit.record({
            tenantId,
            action: 'publication.withholding-lapsed',
            entityType: 'contract',
            entityId: row.contract_id,
            data: { withholdingId: w.id, availableOn: row.available_on },
          });
          await this.publication.processChanged(row.tender_id, tenantId);
          return true;
        }),
    );
    if (lapsed) this.logger.log(`${lapsed} withheld field(s) reached their day and are published`);
    return lapsed;
  }
}
