import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, notFound, RequestDb } from '#platform';
import { METRICS_EXTENSION } from '../core/implementation.js';
import { WITHHELD_EXTENSION } from '../core/withholding.js';
import { compiledRelease, type ReleaseLike } from '../core/merge.js';
import { OcdsSchemas } from '../publication/ocds-schemas.service.js';
import type { OcdsFeedQuery } from './ocds-feed.dto.js';

/**
 * What anyone may read of the published releases (issue 16, item 3): the feed, a page at a time in the
 * order written, and each process's record with its compiled release. The feed pages by position, and
 * positions are given in commit order (the table's insert trigger), so a reader that has passed a position
 * never misses a release that commits later.
 */
@Injectable()
export class OcdsPublic {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: RequestDb,
    private readonly schemas: OcdsSchemas,
  ) {}

  /** The head every package this service publishes carries (the feed's pages, records, the bulk download). */
  packageHead(uri: string, publisher: string) {
    return {
      uri,
      version: '1.1',
      publishedDate: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      publisher: { name: publisher },
      publicationPolicy: `${this.config.PUBLIC_BASE_URL}/api/docs`,
      // Implementation's metrics (KPI, outcome and social value results) follow the metrics extension; what an
      // authority withholds is said in the withheld information extension.
      extensions: [METRICS_EXTENSION, WITHHELD_EXTENSION],
    };
  }

  async feed(q: OcdsFeedQuery) {
    const after = q.after ?? 0;
    const params: unknown[] = [after, q.limit + 1];
    let authority: { id: string; name: string } | undefined;
    if (q.authority) {
      [authority] = await this.db.manager.query(`SELECT id, name FROM authorities WHERE slug = $1`, [q.authority]);
      if (!authority) throw notFound(`The authority ${q.authority}`);
      params.push(authority.id);
    }
    const rows: { position: string; release: ReleaseLike }[] = await this.db.manager.query(
      `SELECT seq::text AS position, release FROM ocds_releases
        WHERE seq > $1 ${authority ? 'AND tenant_id = $3' : ''}
        ORDER BY seq LIMIT $2`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const base = `${this.config.PUBLIC_BASE_URL}/api/v1/public/ocds/releases`;
    const query = (from: number) =>
      `${base}?${new URLSearchParams({ ...(q.authority ? { authority: q.authority } : {}), after: String(from), limit: String(q.limit) })}`;
    const last = page.length ? Number(page[page.length - 1].position) : after;
    return {
      ...this.packageHead(query(after), authority ? authority.name : 'Commonweal'),
      releases: page.map((r) => r.release),
      // Always a next page: the feed grows, and a reader comes back for more from where it stopped. A page past
      // the end has no release, which OCDS does not call a package: it means "nothing new yet".
      links: { next: query(last) },
    };
  }

  async record(ocid: string) {
    const [found] = await this.compiled([ocid]);
    if (!found) throw notFound(`The contracting process ${ocid}`);
    return {
      ...this.packageHead(`${this.config.PUBLIC_BASE_URL}/api/v1/public/ocds/records/${ocid}`, found.authority),
      records: [{ ocid, releases: found.releases, compiledRelease: found.compiledRelease }],
    };
  }

  /** Each process's releases, oldest first, and its compiled release (a process with no release is left out). */
  async compiled(ocids: readonly string[]) {
    const rows: { ocid: string; release: ReleaseLike; authority: string; slug: string }[] = await this.db.manager.query(
      `SELECT r.ocid, r.release, a.name AS authority, a.slug FROM ocds_releases r JOIN authorities a ON a.id = r.tenant_id
        WHERE r.ocid = ANY($1::text[]) ORDER BY r.date, r.id`,
      [ocids],
    );
    return ocids.flatMap((ocid) => {
      const mine = rows.filter((r) => r.ocid === ocid);
      if (!mine.length) return [];
      const releases = mine.map((r) => r.release);
      return [{ ocid, authority: mine[0].authority, slug: mine[0].slug, releases, compiledRelease: compiledRelease(releases, this.schemas.rules) }];
    });
  }
}
