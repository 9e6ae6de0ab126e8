import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { dataQualityProblems, ocdsValidators, WithholdingLapsesJob } from '#transparency';
import { addDays, londonToday } from '#kernel';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { publicationsDone } from '../support/publication.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- OCDS documents are read here as the public reads them: plain JSON */

const ocds = ocdsValidators(fileURLToPath(new URL('../../docs/ocds/1.1.5', import.meta.url)));
const PREFIX = 'ocds-cmnwl0';
const RATIONALE = 'The reasons given name the provider’s costs line by line, which its competitors would read';

/**
 * Withholding what is commercially confidential (issue 16, item 3): a field of a contract's open data withheld
 * before it is first published is left out of every release, which says what was withheld and why; once lifted
 * it is published. What is published already cannot be withheld, and what the law asks published never can be.
 */
describe('withholding from publication', () => {
  let t: TestApp;
  let c: { id: string; tender_id: string; slug: string };
  let manager: { authorization: string };
  const at = (rest = '') => `/api/v1/contracts/${c.id}/withholdings${rest}`;
  const record = async () => {
    const res = await t.http.get(`/api/v1/public/ocds/records/${PREFIX}-${c.tender_id}`);
    expect(ocds.recordPackage(res.body)).toEqual([]);
    const [r] = res.body.records;
    expect(dataQualityProblems(r.ocid, r.releases, ocds.codelist)).toEqual([]);
    return { ...r, contract: r.compiledRelease.contracts.find((x: any) => x.id === c.id) };
  };
  const withheldItem = (r: any, id: string) => (r.compiledRelease.withheldInformation ?? []).find((w: any) => w.id === id);

  beforeAll(async () => {
    t = await startTestApp({ awaitStartupJobs: true });
    await publicationsDone(t);
    // A running contract never changed: why it changes is not yet published; its agreed terms and results are.
    [c] = await asOwner(
      t,
      `SELECT c.id, c.tender_id, a.slug FROM contracts c JOIN authorities a ON a.id = c.tenant_id
        WHERE c.status = 'active' AND NOT EXISTS (SELECT 1 FROM contract_changes ch WHERE ch.contract_id = c.id)
          AND EXISTS (SELECT 1 FROM ocds_releases r WHERE r.tender_id = c.tender_id AND r.tag = 'implementation')
        ORDER BY c.reference LIMIT 1`,
    );
    expect(c).toBeDefined();
    manager = { authorization: `Bearer ${await login(t, `contracts@${c.slug}.test`)}` };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('publishes a field withheld until a day once that day comes, by the nightly job, once', async () => {
    const tomorrow = addDays(londonToday(), 1);
    const withheld = await t.http
      .post(at())
      .set(manager)
      .send({ field: 'contracts/amendments/rationale', ground: 'personalData', rationale: RATIONALE, availableOn: tomorrow });
    expect(withheld.status).toBe(201);
    expect(withheld.body).toMatchObject({ availableOn: tomorrow, inForce: true });
    const job = t.app.get(WithholdingLapsesJob);
    expect(await job.run(new Date())).toBe(0);
    // Two days on, London's day has turned whatever the hour: lapsed, once.
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await job.run(later)).toBe(1);
    expect(await job.run(later)).toBe(0);
    const [row] = await asOwner<{ lapse_queued_at: Date | null }>(t, `SELECT lapse_queued_at FROM publication_withholdings WHERE id = $1`, [withheld.body.id]);
    expect(row.lapse_queued_at).not.toBeNull();
    const events = await asOwner<{ action: string }>(t, `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'publication.%' ORDER BY seq`, [
      c.id,
    ]);
    expect(events.map((e) => e.action)).toEqual(['publication.withheld', 'publication.withholding-lapsed']);
    // Still today: in force until tomorrow, when it could be lifted sooner.
    expect((await t.http.post(at(`/${withheld.body.id}/lift`)).set(manager)).status).toBe(200);
    await publicationsDone(t);
  });

  it('leaves a withheld field out of the open data with the reason, refuses to withhold what is published, and publishes it once lifted', async () => {
    // The contract's agreed terms are published already: too late to withhold them.
    const late = await t.http.post(at()).set(manager).send({ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: RATIONALE });
    expect([late.status, late.body.type]).toEqual([409, '/problems/withholding-published']);
    expect((await record()).releases.map((r: any) => r.id)).toContain(late.body.release);

    const withheld = await t.http
      .post(at())
      .set(manager)
      .send({ field: 'contracts/amendments/rationale', ground: 'commerciallySensitive', rationale: RATIONALE });
    expect(withheld.status).toBe(201);
    expect(withheld.body).toMatchObject({ field: 'contracts/amendments/rationale', ground: 'commerciallySensitive', inForce: true, liftedAt: null });
    const twice = await t.http.post(at()).set(manager).send({ field: 'contracts/amendments/rationale', ground: 'commerciallySensitive', rationale: RATIONALE });
    expect([twice.status, twice.body.type]).toEqual([409, '/problems/withholding-in-force']);

    // A variation signed: its value is published (the law asks it), its reason is not.
    const before = (await record()).contract.value.amount;
    const change = await t.http.post(`/api/v1/contracts/${c.id}/changes`).set(manager).send({
      kind: 'variation',
      classification: 'unforeseeable',
      rationale: 'A second clinic, as the new falls service at St Anne’s needs',
      valueChange: '10000.00',
    });
    expect(change.status).toBe(201);
    const signed = await t.http
      .post(`/api/v1/contracts/${c.id}/changes/${change.body.id}/signature`)
      .set(manager)
      .send({ version: 1, signedOn: londonToday() });
    expect(signed.status).toBe(201);
    await publicationsDone(t);
    const hidden = await record();
    expect(hidden.contract.value.amount).toBe(before + 10000);
    expect(hidden.contract.amendments).toEqual([expect.not.objectContaining({ rationale: expect.anything() })]);
    expect(
      hidden.releases
        .flatMap((r: any) => r.contracts ?? [])
        .flatMap((x: any) => x.amendments ?? [])
        .filter((a: any) => a.rationale),
    ).toEqual([]);
    expect(withheldItem(hidden, withheld.body.id)).toEqual({
      id: withheld.body.id,
      field: 'contracts/amendments/rationale',
      name: expect.stringContaining('Why the contract was changed'),
      rationale: RATIONALE,
      rationaleClassifications: [{ scheme: 'UK-PA2023-s94', id: 'commerciallySensitive', description: 'Commercially sensitive information' }],
    });

    // The public page says it where the open data does, with the reason.
    const page = async () => (await t.http.get(`/public/records/${PREFIX}-${c.tender_id}`)).text;
    expect(await page()).toMatch(
      /What is withheld, and why[\s\S]*Why the contract was changed[\s\S]*<strong>Withheld<\/strong> \(Commercially sensitive information\)/,
    );
    expect(await page()).toContain('competitors would read');

    const lifted = await t.http.post(at(`/${withheld.body.id}/lift`)).set(manager);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ inForce: false, liftedAt: expect.any(String) });
    expect((await t.http.post(at(`/${withheld.body.id}/lift`)).set(manager)).body.type).toBe('/problems/withholding-lifted');
    await publicationsDone(t);
    const shown = await record();
    expect(shown.contract.amendments).toEqual([expect.objectContaining({ rationale: 'A second clinic, as the new falls service at St Anne’s needs' })]);
    // The record says it was withheld, until it was lifted.
    expect(withheldItem(shown, withheld.body.id).availabilityDate).toBe(lifted.body.liftedAt);
    expect(await page()).toContain(`Withheld until ${lifted.body.liftedAt.slice(0, 10)}, now published`);
    expect(await page()).toContain('A second clinic, as the new falls service at St Anne’s needs');
    const list = await t.http.get(at()).set(manager);
    expect(list.body.items.map((w: any) => [w.field, w.inForce])).toEqual([
      ['contracts/amendments/rationale', false],
      ['contracts/amendments/rationale', false],
    ]);
  });

  it('refuses what cannot be withheld or cannot be read, naming the field and keeping what is stored', async () => {
    const before = await asOwner(t, `SELECT count(*)::int AS n FROM publication_withholdings`);
    const post = (body: object) => t.http.post(`/api/v1/contracts/${c.id}/withholdings`).set(manager).send(body);
    const cases: [object, string][] = [
      [{ field: 'contracts/value', ground: 'commerciallySensitive', rationale: RATIONALE }, 'field'],
      [{ field: 'contracts/agreedMetrics', ground: 'embarrassing', rationale: RATIONALE }, 'ground'],
      [{ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: 'secret' }, 'rationale'],
      [{ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: RATIONALE, availableOn: '31/12/2030' }, 'availableOn'],
      [{ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: RATIONALE, availableOn: '2020-01-01' }, 'availableOn'],
      [{ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: RATIONALE, availableOn: '2030-02-30' }, 'availableOn'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringContaining('application/problem+json')]);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await asOwner(t, `SELECT count(*)::int AS n FROM publication_withholdings`)).toEqual(before);
    const unknown = await t.http
      .post(`/api/v1/contracts/0190a000-0000-7000-8000-000000000999/withholdings`)
      .set(manager)
      .send({ field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: RATIONALE });
    expect([unknown.status, unknown.body.type]).toEqual([404, '/problems/not-found']);
  });
});
