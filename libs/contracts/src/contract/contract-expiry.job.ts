import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { forEachAuthorityDue, JobRegistry, Publication } from '#jobs';
import { londonToday } from '#kernel';
import { AuditLog, ContextRunner } from '#platform';

/**
 * Every night just after midnight (and once at start-up): an active contract whose last day has passed
 * in London becomes expired. Each authority is read in its own context and each contract changed in a
 * transaction of its own, only if it is still active (a second worker, or a termination in between,
 * changes nothing), with its audit event.
 */
@Injectable()
export class ContractExpiryJob implements OnModuleInit {
  static readonly NAME = 'contract-expiry';
  private readonly logger = new Logger('ContractExpiry');

  constructor(
    private readonly registry: JobRegistry,
    private readonly runner: ContextRunner,
    private readonly audit: AuditLog,
    private readonly publication: Publication,
  ) {}

  onModuleInit() {
    this.registry.onSchedule({ name: ContractExpiryJob.NAME, cron: '5 0 * * *', run: async () => void (await this.run()) });
  }

  /** Returns how many contracts it found expired. */
  async run(now = new Date()): Promise<number> {
    const today = londonToday(now);
    const expired = await forEachAuthorityDue(
      this.runner,
      async (em: EntityManager) =>
        (await em.query(`SELECT id, ends_on::text AS ends_on FROM contracts WHERE status = 'active' AND ends_on < $1::date ORDER BY ends_on`, [today])) as {
          id: string;
          ends_on: string;
        }[],
      (tenantId, c) =>
        this.runner.run({ tenantId }, async (em) => {
          const rows: { id: string; tender_id: string }[] = await em.query(
            // A CTE, so both drivers (pg, PGlite) return the rows the same way (an UPDATE's own RETURNING comes back from
            // TypeORM on pg as [rows, count]).
            `WITH x AS (UPDATE contracts SET status = 'expired', version = version + 1, updated_at = clock_timestamp()
                         WHERE id = $1 AND status = 'active' RETURNING id, tender_id)
             SELECT id, tender_id FROM x`,
            [c.id],
          );
          if (!rows.length) return false;
          await this.audit.record({ tenantId, action: 'contract.expired', entityType: 'contract', entityId: c.id, data: { endedOn: c.ends_on } });
          await this.publication.processChanged(rows[0].tender_id, tenantId);
          return true;
        }),
    );
    if (expired) this.logger.log(`${expired} contract(s) reached their end and expired`);
    return expired;
  }
}
