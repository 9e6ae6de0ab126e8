import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ContextRunner, Metrics } from '#platform';
import { OUTBOX_STATUSES } from './outbox-message.entity.js';

/**
 * The outbox as Prometheus sees it, read from the database at each scrape, so it is true wherever the jobs
 * run (in the API, or in workers that serve no HTTP): messages by status (the backlog is pending and
 * dispatched; failed ones wait for an admin), and the age of the oldest not yet done. Read in the relay's
 * context, the one that may count every authority's messages.
 */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly runner: ContextRunner,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'commonweal_outbox_messages',
      'Outbox messages by status (pending and dispatched are the backlog; failed wait for an admin)',
      ['status'],
      async () => {
        const rows: { status: string; n: number }[] = await this.runner.run(
          { outboxRelay: true },
          (em) => em.query(`SELECT status, count(*)::int AS n FROM outbox_messages WHERE status <> 'done' GROUP BY status`),
          { readOnly: true },
        );
        return OUTBOX_STATUSES.filter((s) => s !== 'done').map((status) => ({ labels: { status }, value: rows.find((r) => r.status === status)?.n ?? 0 }));
      },
    );
    this.metrics.gauge(
      'commonweal_outbox_oldest_unfinished_seconds',
      'Age of the oldest outbox message not yet done or failed (0 when there is none)',
      [],
      async () => {
        const [row]: { age: number | null }[] = await this.runner.run(
          { outboxRelay: true },
          (em) =>
            em.query(
              `SELECT extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age FROM outbox_messages WHERE status IN ('pending', 'dispatched')`,
            ),
          { readOnly: true },
        );
        return [{ value: Number(row?.age ?? 0) }];
      },
    );
  }
}
