import { Injectable } from '@nestjs/common';
import { notFound, RequestDb } from '#platform';
import { OcdsPublic } from '../ocds/public/ocds-public.service.js';
import { NOT_A_FINDING } from '../scrutiny/concern-rules.js';
import { Concerns } from '../scrutiny/concerns.service.js';
import { publicProcessRow, publicRecordView } from './public-record.js';

const PAGE = 50;

/**
 * The public pages (issue 16, item 4): for anyone, no sign-in. Every figure comes from the published Open
 * Contracting releases, compiled as the records are: the pages and the open data never disagree.
 */
@Injectable()
export class PublicPages {
  constructor(
    private readonly db: RequestDb,
    private readonly ocds: OcdsPublic,
    private readonly concerns: Concerns,
  ) {}

  async authorities() {
    const rows: { slug: string; name: string; processes: number }[] = await this.db.manager.query(
      `SELECT a.slug, a.name, (SELECT count(DISTINCT r.ocid)::int FROM ocds_releases r WHERE r.tenant_id = a.id) AS processes
         FROM authorities a ORDER BY a.name`,
    );
    return { title: 'Public authorities’ contracts', authorities: rows };
  }

  /** An authority's contracting processes, the most recently changed first, a page of 50 at a time. */
  async authority(slug: string, page: number) {
    const [authority]: { id: string; slug: string; name: string }[] = await this.db.manager.query(`SELECT id, slug, name FROM authorities WHERE slug = $1`, [
      slug,
    ]);
    if (!authority) throw notFound(`The authority ${slug}`);
    const [{ total }]: { total: number }[] = await this.db.manager.query(`SELECT count(DISTINCT ocid)::int AS total FROM ocds_releases WHERE tenant_id = $1`, [
      authority.id,
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const at = Math.min(Math.max(1, page), pages);
    const ocids: { ocid: string }[] = await this.db.manager.query(
      `SELECT ocid FROM ocds_releases WHERE tenant_id = $1 GROUP BY ocid ORDER BY max(seq) DESC, ocid LIMIT $2 OFFSET $3`,
      [authority.id, PAGE, (at - 1) * PAGE],
    );
    const records = await this.ocds.compiled(ocids.map((o) => o.ocid));
    return {
      title: `${authority.name}: contracts and their performance`,
      authority,
      total,
      processes: records.map((r) => publicProcessRow(r.ocid, r.compiledRelease)),
      previous: at > 1 ? `/public/authorities/${slug}?page=${at - 1}` : null,
      next: at < pages ? `/public/authorities/${slug}?page=${at + 1}` : null,
      page: at,
      pages,
    };
  }

  async record(ocid: string) {
    const [found] = await this.ocds.compiled([ocid]);
    if (!found) throw notFound(`The contracting process ${ocid}`);
    const view = publicRecordView(ocid, found.compiledRelease);
    const concerns = await this.concerns.forProcess(ocid);
    return {
      title: view.title,
      record: { ...view, contracts: view.contracts.map((c) => ({ ...c, concerns: concerns.filter((x) => x.contractId === c.id) })) },
      authoritySlug: found.slug,
      dataHref: `/api/v1/public/ocds/records/${ocid}`,
      statement: NOT_A_FINDING,
    };
  }
}
