import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { authorityOf, JobRegistry, type OutboxJobContext, PUBLISH_PROCESS } from '#jobs';
import { londonToday } from '#kernel';
import { APP_CONFIG, type AppConfig } from '#platform';
import { dataQualityProblems } from '../core/data-quality.js';
import { processReleases } from '../core/process.js';
import { processFacts } from './process-facts.query.js';
import { lockProcessPublication } from './process-lock.query.js';
import { OcdsSchemas } from './ocds-schemas.service.js';

/**
 * The publication job (issue 16, item 3): when a contracting process changes, its releases are built from
 * what is recorded now, each checked against the OCDS 1.1.5 release schema (an invalid one fails the job,
 * which the authority admin sees among failed jobs: nothing invalid is ever published), the process's
 * releases checked together (a contract naming an award, dates in order, every code in its codelist), and stored; a
 * release already stored (the same content, so the same id) is not stored again.
 */
@Injectable()
export class OcdsPublicationJob implements OnModuleInit {
  private readonly logger = new Logger('OcdsPublication');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly schemas: OcdsSchemas,
  ) {}

  onModuleInit() {
    this.registry.onOutbox(PUBLISH_PROCESS, async (payload, ctx) => void (await this.publish(String(payload.tenderId), ctx)));
  }

  async publish(tenderId: string, ctx: OutboxJobContext): Promise<number> {
    const tenantId = authorityOf(ctx);
    // One publication of a process at a time, each reading what is recorded once it holds the lock. So when
    // another publication of the same process is still to finish, it will read everything this one would (its
    // change committed before this job began) and more: this one stands aside. A burst of changes to one
    // contract (a day's KPIs and payments) publishes once or twice, not once per change, and never holds up
    // the jobs queued behind it (e-mails among them).
    await lockProcessPublication(ctx.em, tenderId);
    const [later] = await ctx.em.query(
      `SELECT 1 FROM outbox_messages
        WHERE topic = $1 AND status IN ('pending', 'dispatched') AND payload->>'tenderId' = $2 AND id <> $3 LIMIT 1`,
      [PUBLISH_PROCESS, tenderId, ctx.outboxId],
    );
    if (later) return 0;
    const facts = await processFacts(ctx.em, tenderId, this.config.PUBLIC_BASE_URL);
    if (!facts) return 0;
    const releases = processReleases(this.config.OCDS_OCID_PREFIX, facts, londonToday());
    for (const r of releases) {
      const problems = this.schemas.validators.release(r);
      if (problems.length) throw new Error(`release ${r.id} breaks the OCDS 1.1.5 schema: ${problems.slice(0, 5).join('; ')}`);
    }
    const quality = dataQualityProblems(releases[0].ocid, releases, this.schemas.validators.codelist);
    if (quality.length) throw new Error(`the releases of ${releases[0].ocid} do not hold together: ${quality.slice(0, 5).join('; ')}`);
    let added = 0;
    for (const r of releases) {
      const rows: unknown[] = await ctx.em.query(
        `INSERT INTO ocds_releases (tenant_id, id, ocid, tender_id, tag, date, release) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
        [tenantId, r.id, r.ocid, tenderId, r.tag[0], r.date, JSON.stringify(r)],
      );
      added += rows.length;
    }
    if (added) this.logger.log(`Published ${added} release(s) of ${facts.tender.reference}`);
    return added;
  }
}
