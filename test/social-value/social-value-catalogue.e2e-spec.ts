import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CSV_COLUMNS } from '#social-value';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

const HEADER = CSV_COLUMNS.join(',');
/** A catalogue of `n` measures over 5 themes and 20 outcomes, as an authority would export it from a spreadsheet. */
const catalogue = (n: number, broken: Record<number, string> = {}) =>
  [
    HEADER,
    ...Array.from(
      { length: n },
      (_, i) => broken[i + 2] ?? `Theme ${i % 5},"Outcome ${i % 20}, locally",M-${i},Measure ${i},hour,${(i % 300) + 0.25},Council study 2026`,
    ),
  ].join('\n');

/**
 * The social value catalogue (issue 6, first step): the built-in illustrative catalogue, and imports of
 * a whole catalogue from CSV, checked whole: 10,000 lines imported in one transaction, or, with a bad
 * line anywhere, nothing imported and every bad line named.
 */
describe('social value catalogue', () => {
  let t: TestApp;
  let commissioner: Record<string, string>;
  const count = async () => Number((await asOwner<{ n: string }>(t, 'SELECT count(*) AS n FROM social_value_measures'))[0].n);

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    commissioner = { authorization: `Bearer ${await login(t, 'commissioner@northmere.test')}` };
  });
  afterAll(async () => t?.close());

  it('starts every authority on the built-in catalogue, marked illustrative', async () => {
    const res = await t.http.get('/api/v1/social-value/catalogue').set(commissioner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 0, illustrative: true });
    expect(res.body.themes).toHaveLength(5);
    expect(res.body.themes.flatMap((th: { outcomes: { measures: unknown[] }[] }) => th.outcomes.flatMap((o) => o.measures))).toHaveLength(20);
  });

  it('imports 10,000 lines as the next version, in one transaction', async () => {
    const res = await t.http
      .post('/api/v1/social-value/catalogue/import')
      .set(commissioner)
      .set('content-type', 'text/csv')
      .set('x-file-name', 'catalogue-2026.csv')
      .send(catalogue(10_000));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ version: 1, measures: 10_000 });
    expect(await count()).toBe(10_000);
    const now = (await t.http.get('/api/v1/social-value/catalogue').set(commissioner)).body;
    expect(now).toMatchObject({ version: 1, illustrative: false, fileName: 'catalogue-2026.csv' });
    expect(now.themes.map((th: { name: string }) => th.name)).toEqual(['Theme 0', 'Theme 1', 'Theme 2', 'Theme 3', 'Theme 4']);
    const audit = await asOwner(t, `SELECT data FROM audit_events WHERE action = 'social_value.catalogue_imported'`);
    expect(audit).toEqual([{ data: { version: 1, measures: 10_000, fileName: 'catalogue-2026.csv' } }]);
  });

  it('refuses a 10,000-line file with bad lines whole, naming each line and why, and imports nothing', async () => {
    const text = catalogue(10_000, { 2: 'Theme,Outcome,M-0,Measure,hour,12.345,', 5001: 'Theme,Outcome,M-1,Measure,hour,1,', 10001: 'Theme,,M-x,Measure' });
    const res = await t.http.post('/api/v1/social-value/catalogue/import').set(commissioner).set('content-type', 'text/csv').send(text);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('/problems/csv-invalid');
    expect(res.body.errors.map((e: { line: number; field: string; rule: string }) => `${e.line} ${e.rule}`)).toEqual([
      '2 money',
      '5001 unique',
      '10001 columns',
    ]);
    expect(res.body.errors[1].message).toBe('line 5001: measure_code M-1 is already used on line 3');
    expect(await count()).toBe(10_000);
    expect((await t.http.get('/api/v1/social-value/catalogue').set(commissioner)).body.version).toBe(1);
  });

  it('takes only text/csv, only from a commissioner or admin, and keeps each authority to its own', async () => {
    const json = await t.http.post('/api/v1/social-value/catalogue/import').set(commissioner).send({ rows: [] });
    expect(json.status).toBe(415);
    const auditor = { authorization: `Bearer ${await login(t, 'auditor@northmere.test')}` };
    expect((await t.http.post('/api/v1/social-value/catalogue/import').set(auditor).set('content-type', 'text/csv').send(catalogue(1))).status).toBe(403);
    const southvale = { authorization: `Bearer ${await login(t, 'commissioner@southvale.test')}` };
    expect((await t.http.get('/api/v1/social-value/catalogue').set(southvale)).body).toMatchObject({ version: 0, illustrative: true });
  });

  it('exports the catalogue in force as the CSV the import reads: edited and imported back, it is the next version', async () => {
    const exported = await t.http
      .get('/api/v1/social-value/catalogue/export')
      .set(commissioner)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const csv = exported.body as string;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(HEADER);
    const before = (await t.http.get('/api/v1/social-value/catalogue').set(commissioner)).body;
    // Change one proxy value in the spreadsheet, as an editor would, and import it back.
    const edited = [lines[0], lines[1].replace(/,[0-9.]+,([^,]*)$/, ',99.99,$1'), ...lines.slice(2)].join('\n');
    const res = await t.http.post('/api/v1/social-value/catalogue/import').set(commissioner).set('content-type', 'text/csv').send(edited);
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(before.version + 1);
    const after = (await t.http.get('/api/v1/social-value/catalogue').set(commissioner)).body;
    const measures = (c: typeof after) =>
      c.themes.flatMap((th: { outcomes: { measures: { proxyValue: string }[] }[] }) => th.outcomes.flatMap((o) => o.measures));
    expect(measures(after)).toHaveLength(measures(before).length);
    expect(measures(after).filter((m: { proxyValue: string }) => m.proxyValue === '99.99').length).toBeGreaterThanOrEqual(1);
  });
});
