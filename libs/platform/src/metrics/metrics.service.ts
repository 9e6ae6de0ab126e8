import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** What a gauge read at scrape time sets: one value per label set. */
export type GaugeReading = { labels?: Record<string, string>; value: number }[];

/** The pg pool behind TypeORM's PostgreSQL driver (absent on the embedded database). */
interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The process's Prometheus metrics, in a registry of its own (never prom-client's global one, so two apps
 * in one process, as in the tests, never collide): Node's own (CPU, memory, event loop lag, GC), requests
 * by route, the database pool, and the gauges other libraries read at scrape time (the outbox's backlog).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route' | 'status'>;
  readonly scans: Counter<'result'>;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'commonweal_' });
    this.requests = new Counter({
      name: 'commonweal_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'commonweal_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.scans = new Counter({
      name: 'commonweal_malware_scans_total',
      help: 'Uploads and stored documents screened for malware, by result: clean, infected, error (the scanner failed: an upload refused, not stored), unscanned (no scanner configured) or unreadable (a stored document whose bytes could not be read to scan it)',
      labelNames: ['result'],
      registers: [this.registry],
    });
    const pool = (dataSource.driver as unknown as { master?: Partial<PoolStats> }).master;
    if (pool && typeof pool.totalCount === 'number') {
      this.gauge('commonweal_db_pool_connections', 'Connections in the database pool, by state (in use = total - idle)', ['state'], async () => [
        { labels: { state: 'total' }, value: pool.totalCount ?? 0 },
        { labels: { state: 'idle' }, value: pool.idleCount ?? 0 },
        { labels: { state: 'in_use' }, value: (pool.totalCount ?? 0) - (pool.idleCount ?? 0) },
      ]);
      this.gauge('commonweal_db_pool_waiting', 'Requests waiting for a database connection', [], async () => [{ value: pool.waitingCount ?? 0 }]);
    }
  }

  /** A gauge whose values are read when Prometheus scrapes (a failed read leaves the gauge empty, and is said in the scrape). */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeReading>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await read()) {
          if (r.labels) this.set(r.labels, r.value);
          else this.set(r.value);
        }
      },
    });
  }
}
