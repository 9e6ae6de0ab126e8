import { Logger } from '@nestjs/common';
import pg from 'pg';
import type { ContextRunner } from '#platform';
import { jobIdFor } from '../queue/job-id.js';
import type { QueueDriver, QueuedJob } from '../queue/queue-driver.js';

export interface RelayOptions {
  pollMs: number;
  redispatchSeconds: number;
  batchSize?: number;
  /** PostgreSQL only: LISTEN for the outbox trigger's NOTIFY instead of waiting out the poll. */
  listenUrl?: string;
}

interface Row {
  id: string;
  tenant_id: string | null;
  provider_id: string | null;
  topic: string;
  generation: number;
  trace_parent: string | null;
}

/**
 * Moves committed outbox messages to the queue. A batch is claimed with
 * FOR UPDATE SKIP LOCKED (so several relays can run), handed to the queue, and
 * marked dispatched in the same transaction: if the queue refuses, the
 * transaction rolls back and the messages stay pending. A message dispatched
 * but not done after `redispatchSeconds` is handed over again, because a queue
 * that lost its memory (Redis restarted without persistence) must not lose
 * the work; the queue's job-id check and the runner's done check make that safe.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: pg.Client;
  private lastProblem = '';

  constructor(
    private readonly runner: ContextRunner,
    private readonly queue: QueueDriver,
    private readonly options: RelayOptions,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    if (this.options.listenUrl) await this.listen(this.options.listenUrl);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }

  /** Hands one batch to the queue; returns how many messages it moved. */
  async dispatchBatch(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    return this.runner.run({ outboxRelay: true }, async (em) => {
      const rows: Row[] = await em.query(
        `SELECT id, tenant_id, provider_id, topic, generation, trace_parent FROM outbox_messages
          WHERE status = 'pending'
             OR (status = 'dispatched' AND dispatched_at < clock_timestamp() - make_interval(secs => $1))
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.options.redispatchSeconds, batchSize],
      );
      if (!rows.length) return 0;
      const jobs: QueuedJob[] = rows.map((r) => ({
        id: jobIdFor(r.id, r.generation),
        name: r.topic,
        data: {
          ...(r.tenant_id ? { tenantId: r.tenant_id } : { providerId: r.provider_id! }),
          outboxId: r.id,
          ...(r.trace_parent ? { traceparent: r.trace_parent } : {}),
        },
      }));
      await withTimeout(this.queue.enqueue(jobs), 5000, 'the queue did not accept the batch within 5 s');
      await em.query(
        `UPDATE outbox_messages SET status = 'dispatched', dispatched_at = clock_timestamp()
          WHERE id = ANY($1::uuid[]) AND status IN ('pending','dispatched')`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  private async run() {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.dispatchBatch();
        if (this.lastProblem) this.logger.log('Outbox relay is moving messages again');
        this.lastProblem = '';
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        // Say it once per outage, not once per poll.
        if (text !== this.lastProblem) this.logger.warn(`Outbox relay waiting: ${text}; messages stay in the outbox`);
        this.lastProblem = text;
      }
      if (moved === 0 || this.lastProblem) await this.sleep(this.lastProblem ? Math.max(this.options.pollMs, 1000) : this.options.pollMs);
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async listen(url: string) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', (err) => {
      this.logger.warn(`Outbox LISTEN connection lost (${err.message}); polling every ${this.options.pollMs} ms`);
      this.listener = undefined;
    });
    client.on('notification', () => this.wake?.());
    try {
      await client.connect();
      await client.query('LISTEN commonweal_outbox');
      this.listener = client;
    } catch (err) {
      this.logger.warn(`Could not LISTEN for outbox messages (${(err as Error).message}); polling instead`);
      await client.end().catch(() => undefined);
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}
