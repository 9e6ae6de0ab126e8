import { Inject, Injectable } from '@nestjs/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { createGzip } from 'node:zlib';
import { APP_CONFIG, type AppConfig, ContextRunner, notFound } from '#platform';
import { OcdsPublic } from './ocds-public.service.js';

/** Releases read per query (about 200 KB of JSON): memory stays at one batch whatever the authority's size. */
const BATCH = 100;

/**
 * An authority's every release as one gzipped OCDS release package (issue 16, item 3), streamed: read a batch
 * at a time by position (each batch a short read of its own, never one transaction held open for the whole
 * download), each release written as stored (its JSON text, never parsed again), through gzip, waiting when
 * the client reads slower than we write. The download stops at the last position there was when it began,
 * so it is the feed up to that point, whole: a release that commits meanwhile is in the next download (and
 * the feed), never half in this one.
 */
@Injectable()
export class OcdsBulk {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: ContextRunner,
    private readonly ocds: OcdsPublic,
  ) {}

  /** The authority and the last position the download covers; refuses an authority that does not exist. */
  async start(slug: string) {
    return this.runner.run({ publishedRecords: true }, async (em) => {
      const [authority]: { id: string; name: string }[] = await em.query(`SELECT id, name FROM authorities WHERE slug = $1`, [slug]);
      if (!authority) throw notFound(`The authority ${slug}`);
      const [{ last }]: { last: string | null }[] = await em.query(`SELECT max(seq)::text AS last FROM ocds_releases WHERE tenant_id = $1`, [authority.id]);
      return { ...authority, slug, last: last ?? '0' };
    });
  }

  async write(download: Awaited<ReturnType<OcdsBulk['start']>>, out: Writable): Promise<number> {
    const gzip = createGzip();
    // A client that goes away ends the download: the pipeline fails, the signal stops the reading.
    const stop = new AbortController();
    const sent = pipeline(gzip, out).catch(() => stop.abort());
    const write = async (chunk: string) => {
      if (stop.signal.aborted) return;
      if (!gzip.write(chunk)) await once(gzip, 'drain', { signal: stop.signal }).catch(() => undefined);
    };
    const head = this.ocds.packageHead(`${this.config.PUBLIC_BASE_URL}/api/v1/public/ocds/authorities/${download.slug}/releases`, download.name);
    await write(`${JSON.stringify(head).slice(0, -1)},"releases":[`);
    let count = 0;
    const read = (em: EntityManager, after: string, size: number): Promise<{ position: string; release: string }[]> =>
      em.query(
        `SELECT seq::text AS position, release::text AS release FROM ocds_releases
          WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
        [download.id, after, download.last, size],
      );
    for await (const rows of this.runner.batches({ publishedRecords: true }, BATCH, read, (r) => r.position)) {
      if (stop.signal.aborted) break;
      // One write a batch, not one a release: gzip takes one buffer, and the download runs twice as fast.
      await write(rows.map((r) => `${count++ ? ',' : ''}\n${r.release}`).join(''));
    }
    if (!stop.signal.aborted) {
      await write('\n]}\n');
      gzip.end();
    }
    // Once the first byte is sent, there is no error to answer: a download cut short is the client's to retry.
    await sent;
    return count;
  }
}
