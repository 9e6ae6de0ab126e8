import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { ContextRunner } from '#platform';
import { dataQualityProblems, OcdsPublicationJob, ocdsValidators } from '#transparency';
import { asOwner, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { describeWith } from '../support/services.js';
import { publicationsDone } from '../support/publication.js';
import { waitUntil } from '../support/wait.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- OCDS documents are read here as the public reads them: plain JSON */

const ocds = ocdsValidators(fileURLToPath(new URL('../../docs/ocds/1.1.5', import.meta.url)));
const PREFIX = 'ocds-cmnwl0';

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

  it('publishes what a contract has done: payments made, KPI and outcome results, assessments, social value delivered, as its record compiles them', async () => {
    const ids = await asOwner<{ tender_id: string; id: string; paid: number; scheduled: number; measured: number; validated: number; assessed: number }>(
      t,
      `SELECT c.tender_id, c.id,
              (SELECT count(*)::int FROM contract_payments p WHERE p.contract_id = c.id AND p.status = 'paid') AS paid,
              (SELECT count(*)::int FROM contract_payments p WHERE p.contract_id = c.id) AS scheduled,
              (SELECT count(*)::int FROM kpi_measurements m WHERE m.contract_id = c.id) AS measured,
              (SELECT count(*)::int FROM outcome_validations v JOIN outcome_reports r ON r.id = v.report_id WHERE r.contract_id = c.id) AS validated,
              (SELECT count(*)::int FROM performance_assessments a WHERE a.contract_id = c.id) AS assessed
         FROM contracts c WHERE c.activated_at IS NOT NULL ORDER BY c.reference`,
    );
    const busy = ids.filter((c) => c.paid + c.measured + c.validated + c.assessed > 0);
    expect(busy.length).toBeGreaterThan(0);
    for (const c of busy) {
      const res = await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${c.tender_id}`);
      expect(ocds.recordPackage(res.body)).toEqual([]);
      expect(res.body.extensions).toHaveLength(2);
      const contract = res.body.records[0].compiledRelease.contracts.find((x: any) => x.id === c.id);
      const implementation = contract.implementation ?? {};
      expect((implementation.transactions ?? []).length).toBe(c.paid);
      // Its payment schedule as milestones, met as paid.
      const payments = (implementation.milestones ?? []).filter((m: any) => m.type === 'payment');
      expect([payments.length, payments.filter((m: any) => m.status === 'met').length]).toEqual([c.scheduled, c.paid]);
      const observations = (prefix: string) =>
        (implementation.metrics ?? []).filter((m: any) => m.id.startsWith(prefix)).flatMap((m: any) => m.observations).length;
      expect([c.id, observations('kpi-'), observations('outcome-'), observations('performance-assessment')]).toEqual([
        c.id,
        c.measured,
        c.validated,
        c.assessed,
      ]);
    }
  });

  it('publishes a KPI measured in the API as a new implementation release, rated', async () => {
    const [kpi] = await asOwner<{ id: string; contract_id: string; tender_id: string; slug: string; good: string }>(
      t,
      `SELECT k.id, k.contract_id, c.tender_id, a.slug, k.good::text AS good FROM contract_kpis k JOIN contracts c ON c.id = k.contract_id
         JOIN authorities a ON a.id = c.tenant_id WHERE c.status = 'active' ORDER BY c.reference, k.code LIMIT 1`,
    );
    const record = async () => (await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${kpi.tender_id}`)).body.records[0];
    const before = (await record()).releases.filter((r: any) => r.tag[0] === 'implementation').length;
    const manager = { authorization: `Bearer ${await login(t, `contracts@${kpi.slug}.test`)}` };
    const today = new Date().toISOString().slice(0, 10);
    const measured = await t.http
      .post(`/api/v1/contracts/${kpi.contract_id}/kpis/${kpi.id}/measurements`)
      .set(manager)
      .send({ periodEndsOn: today, value: kpi.good });
    expect(measured.status).toBe(201);
    await publicationsDone(t);
    const after = await record();
    expect(after.releases.filter((r: any) => r.tag[0] === 'implementation')).toHaveLength(before + 1);
    const observations = after.compiledRelease.contracts.find((c: any) => c.id === kpi.contract_id).implementation.metrics.flatMap((m: any) => m.observations);
    expect(observations.find((o: any) => o.id === measured.body.id)).toMatchObject({
      measure: Number(kpi.good),
      measureClassification: { id: 'met', description: 'Good' },
    });
  });

  it('publishes a burst of changes to one process once: a publication stands aside while another of the same process is still to run', async () => {
    const [kpi] = await asOwner<{ id: string; contract_id: string; tender_id: string; tenant_id: string; slug: string }>(
      t,
      `SELECT k.id, k.contract_id, c.tender_id, c.tenant_id, a.slug FROM contract_kpis k JOIN contracts c ON c.id = k.contract_id
         JOIN authorities a ON a.id = c.tenant_id WHERE c.status = 'active' ORDER BY c.reference, k.code LIMIT 1`,
    );
    const releases = async () => (await asOwner<{ id: string }>(t, `SELECT id FROM ocds_releases WHERE tender_id = $1`, [kpi.tender_id])).map((r) => r.id);
    const before = await releases();
    // Another publication of the process, queued and not yet run (as one waiting its turn in the queue is).
    const [{ id: waiting }] = await asOwner<{ id: string }>(
      t,
      `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status, dispatched_at)
       VALUES (gen_random_uuid(), $1, 'ocds.publish-process', $2, 'dispatched', clock_timestamp()) RETURNING id`,
      [kpi.tenant_id, JSON.stringify({ tenderId: kpi.tender_id })],
    );
    const manager = { authorization: `Bearer ${await login(t, `contracts@${kpi.slug}.test`)}` };
    const measured = await t.http
      .post(`/api/v1/contracts/${kpi.contract_id}/kpis/${kpi.id}/measurements`)
      .set(manager)
      .send({ periodEndsOn: new Date().toISOString().slice(0, 10), value: '1' });
    expect(measured.status).toBe(201);
    // The change's own publication ran and stood aside: nothing new yet.
    await waitUntil(
      async () =>
        (await asOwner(t, `SELECT 1 FROM outbox_messages WHERE topic = 'ocds.publish-process' AND status <> 'done' AND id <> $1`, [waiting])).length === 0,
      60_000,
      'the change’s publication',
    );
    expect(await releases()).toEqual(before);
    // The waiting one, when it runs, publishes the change.
    const job = t.app.get(OcdsPublicationJob);
    const added = await t.app
      .get(ContextRunner)
      .run({ tenantId: kpi.tenant_id }, (em) => job.publish(kpi.tender_id, { em, tenantId: kpi.tenant_id, outboxId: waiting, attempt: 1 }));
    await asOwner(t, `UPDATE outbox_messages SET status = 'done', completed_at = clock_timestamp() WHERE id = $1`, [waiting]);
    expect(added).toBe(1);
    const record = (await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${kpi.tender_id}`)).body.records[0];
    const observations = record.compiledRelease.contracts.find((c: any) => c.id === kpi.contract_id).implementation.metrics.flatMap((m: any) => m.observations);
    expect(observations.map((o: any) => o.id)).toContain(measured.body.id);
  });

  it('publishes the cycle a tender was made from as its planning, and again when the cycle’s engagement grows', async () => {
    const [open] = await asOwner<{ id: string; cycle_id: string }>(
      t,
      `SELECT t.id, t.cycle_id FROM tenders t JOIN authorities a ON a.id = t.tenant_id
        WHERE a.slug = 'northmere' AND t.cycle_id IS NOT NULL AND t.status = 'published' ORDER BY t.reference LIMIT 1`,
    );
    const record = async () => (await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${open.id}`)).body;
    const before = await record();
    expect(ocds.recordPackage(before)).toEqual([]);
    const plannings = (r: any) => r.records[0].releases.filter((x: any) => x.tag[0] === 'planning');
    expect(plannings(before)).toHaveLength(1);
    const [cycle] = await asOwner<{ purpose: string }>(t, `SELECT purpose FROM commissioning_cycles WHERE id = $1`, [open.cycle_id]);
    expect(before.records[0].compiledRelease.planning.rationale).toContain(cycle.purpose);
    const engaged = (before.records[0].compiledRelease.planning.milestones ?? []).filter((m: any) => m.type === 'engagement').length;

    const commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
    const activity = await t.http.post(`/api/v1/cycles/${open.cycle_id}/engagements`).set(commissioner).send({
      title: 'Drop-in at the youth club',
      method: 'information',
      level: 'inform',
      upForGrabs: 'Opening hours',
      seniorOwner: 'Head of youth services',
      cost: '150.00',
      startsOn: '2026-11-02',
      endsOn: '2026-11-03',
    });
    expect(activity.status).toBe(201);
    await publicationsDone(t);
    const after = await record();
    expect(plannings(after)).toHaveLength(2);
    const milestones = after.records[0].compiledRelease.planning.milestones.filter((m: any) => m.type === 'engagement');
    expect(milestones).toHaveLength(engaged + 1);
    expect(milestones.find((m: any) => m.id === `engagement-${activity.body.id}`)).toMatchObject({ title: 'Drop-in at the youth club', status: 'met' });
    // Its public page says why it is bought and who was asked, from the same data.
    const page = (await t.http.get(`/public/records/${PREFIX}-${open.id}`)).text;
    expect(page).toContain('Why it is bought, and who was asked');
    expect(page).toContain('Drop-in at the youth club');
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

  it('downloads an authority’s every release as one gzipped release package, the same releases in the same order as its feed', async () => {
    const res = await t.http
      .get('/api/v1/public/ocds/authorities/northmere/releases')
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="northmere-ocds-releases.json.gz"');
    const pkg = JSON.parse(gunzipSync(res.body as Buffer).toString('utf8'));
    expect(ocds.releasePackage(pkg)).toEqual([]);
    expect(pkg.publisher.name).toBe('Northmere City Council');
    const feed = await readFeed(t, '&authority=northmere');
    expect(pkg.releases.map((r: any) => r.id)).toEqual(feed.map((r) => r.id));
    expect(pkg.releases).toEqual(feed);
    expect((await t.http.get('/api/v1/public/ocds/authorities/nowhere/releases')).status).toBe(404);
    const bad = await t.http.get('/api/v1/public/ocds/authorities/Not%20A%20Slug/releases');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('slug');
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
