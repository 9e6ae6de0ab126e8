import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dataQualityProblems, ocdsValidators } from '#transparency';
import { asOwner, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { describeWith } from '../support/services.js';
import { waitUntil } from '../support/wait.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- OCDS documents are read here as the public reads them: plain JSON */

const ocds = ocdsValidators(fileURLToPath(new URL('../../docs/ocds/1.1.5', import.meta.url)));
const PREFIX = 'ocds-cmnwl0';

/** Every publication queued so far has been handled by the job. */
export async function publicationsDone(t: TestApp) {
  await waitUntil(
    async () =>
      (await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'ocds.publish-process' AND status <> 'done'`))[0].n === 0,
    60_000,
    'the Open Contracting publications',
  );
}

/** The whole feed, page by page as a reader follows links.next, each page checked against the release package schema. */
async function readFeed(t: TestApp, query = '') {
  const releases: any[] = [];
  let next = `/api/v1/public/ocds/releases?limit=7${query}`;
  for (let pages = 0; pages < 200; pages++) {
    const res = await t.http.get(next);
    expect(res.status).toBe(200);
    // The page past the end has no release yet (a reader comes back later from the same place): OCDS asks a
    // package for at least one, so only the pages that carry releases are packages to check.
    if (!res.body.releases.length) return releases;
    expect(ocds.releasePackage(res.body)).toEqual([]);
    releases.push(...res.body.releases);
    next = new URL(res.body.links.next).pathname + new URL(res.body.links.next).search;
  }
  throw new Error('the feed never ended');
}

/** Open Contracting publication (issue 16, item 3): through the outbox and the publication job, to the public feed and records. */
describe('OCDS 1.1.5 publication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await publicationsDone(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publishes every demo process as releases the schema accepts, once each, in a feed that pages without gaps', async () => {
    const releases = await readFeed(t);
    const [{ n }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM ocds_releases`);
    expect(releases.length).toBe(n);
    expect(n).toBeGreaterThan(5);
    expect(new Set(releases.map((r) => r.id)).size).toBe(n);
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    const byOcid = new Map<string, any[]>();
    for (const r of releases) byOcid.set(r.ocid, [...(byOcid.get(r.ocid) ?? []), r]);
    for (const [ocid, list] of byOcid) expect([ocid, dataQualityProblems(ocid, list, ocds.codelist)]).toEqual([ocid, []]);
    // Only what is published: no draft tender has a process.
    const drafts = await asOwner<{ id: string }>(t, `SELECT id FROM tenders WHERE status = 'draft'`);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) expect(byOcid.has(`${PREFIX}-${d.id}`)).toBe(false);
    // One authority's feed holds only its own.
    const southvale = await readFeed(t, '&authority=southvale');
    expect(southvale.length).toBeGreaterThan(0);
    expect(southvale.every((r) => r.buyer.name === 'Southvale NHS Integrated Care Board')).toBe(true);
  });

  it('serves each process as a record whose compiled release follows the merge rules: who won, for how much, and the contract', async () => {
    const tenderId = await tenderIdByReference(t, 'NCC-2023-031');
    const res = await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${tenderId}`);
    expect(res.status).toBe(200);
    expect(ocds.recordPackage(res.body)).toEqual([]);
    const [record] = res.body.records;
    expect(record.releases.map((r: any) => r.tag[0])).toEqual(expect.arrayContaining(['tender', 'award', 'awardUpdate']));
    const compiled = record.compiledRelease;
    expect(compiled).toMatchObject({
      tag: ['compiled'],
      tender: { id: 'NCC-2023-031', status: 'complete' },
      awards: [{ status: 'active', suppliers: [{ name: 'Brightpath Community Interest Company' }] }],
    });
    expect(compiled.contracts).toEqual([expect.objectContaining({ awardID: compiled.awards[0].id, status: 'active' })]);
    const [contract] = await asOwner<{ value: string }>(t, `SELECT value::text FROM contracts WHERE tender_id = $1`, [tenderId]);
    expect(compiled.contracts[0].value).toEqual({ amount: Number(contract.value), currency: 'GBP' });
    expect(ocds.release(compiled)).toEqual([]);
  });

  it('publishes a change through the outbox: a tender cancelled in the API shows cancelled in its record', async () => {
    const commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    const open = (await t.http.get('/api/v1/public/tenders?authority=northmere')).body.items[0];
    const before = (await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${open.id}`)).body.records[0].releases.length;
    const cancelled = await t.http
      .post(`/api/v1/tenders/${open.id}/transitions`)
      .set(commissioner)
      .send({ to: 'cancelled', reason: 'The service is to be brought in house' });
    expect(cancelled.status).toBe(200);
    await publicationsDone(t);
    const record = (await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${open.id}`)).body.records[0];
    expect(record.releases).toHaveLength(before + 1);
    expect(record.releases.at(-1).tag).toEqual(['tenderCancellation']);
    expect(record.compiledRelease.tender.status).toBe('cancelled');
  });

  it('refuses what it cannot read, naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=many', 'limit'],
      ['after=-1', 'after'],
      ['authority=Not A Slug', 'authority'],
    ]) {
      const res = await t.http.get(`/api/v1/public/ocds/releases?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.http.get('/api/v1/public/ocds/releases?authority=nowhere')).status).toBe(404);
    const bad = await t.http.get('/api/v1/public/ocds/records/not-an-ocid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('ocid');
    expect((await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-0190a000-0000-7000-8000-000000000000`)).status).toBe(404);
  });
});

describeWith('DATABASE_URL', 'the order of commits is about transactions side by side, which one embedded session cannot have')('the OCDS feed’s order', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await publicationsDone(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('never lets a release commit below a position a reader has passed: publications commit in position order', async () => {
    const tenderId = await tenderIdByReference(t, 'NCC-2023-031');
    const [{ tenant_id: tenantId }] = await asOwner<{ tenant_id: string }>(t, `SELECT tenant_id FROM tenders WHERE id = $1`, [tenderId]);
    const seen = new Set((await readFeed(t)).map((r) => r.id));
    const slow = new pg.Client({ connectionString: t.db.url });
    const fast = new pg.Client({ connectionString: t.db.url });
    await slow.connect();
    await fast.connect();
    const insert = (c: pg.Client, id: string) =>
      c.query(`INSERT INTO ocds_releases (tenant_id, id, ocid, tender_id, tag, date, release) VALUES ($1, $2, $3, $4, 'tenderUpdate', now(), $5)`, [
        tenantId,
        id,
        `${PREFIX}-${tenderId}`,
        tenderId,
        JSON.stringify({ ocid: `${PREFIX}-${tenderId}`, id, date: '2026-12-04T00:00:00Z', tag: ['tenderUpdate'], initiationType: 'tender' }),
      ]);
    try {
      await slow.query('BEGIN');
      await insert(slow, 'order-slow'); // takes the next position, and holds it uncommitted
      let fastDone = false;
      const fastInsert = insert(fast, 'order-fast').then(() => (fastDone = true)); // may not take a position yet
      await new Promise((r) => setTimeout(r, 300));
      expect(fastDone).toBe(false); // it waits for the open one to commit
      expect((await readFeed(t)).filter((r) => !seen.has(r.id))).toEqual([]);
      await slow.query('COMMIT');
      await fastInsert;
      const after = (await readFeed(t)).filter((r) => !seen.has(r.id)).map((r) => r.id);
      expect(after).toEqual(['order-slow', 'order-fast']);
      const positions = await asOwner<{ id: string; seq: string }>(t, `SELECT id, seq FROM ocds_releases WHERE id LIKE 'order-%' ORDER BY seq`);
      expect(positions.map((p) => p.id)).toEqual(['order-slow', 'order-fast']);
    } finally {
      await slow.end();
      await fast.end();
    }
  });
});
