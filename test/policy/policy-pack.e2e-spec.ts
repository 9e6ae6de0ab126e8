import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_POLICY_PACK } from '#policy';
import { NORTHMERE_POLICY } from '../../apps/api/src/demo/demo-world.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

describe('the policy pack', () => {
  let t: TestApp;
  let admin: string;
  let commissioner: string;
  let southvaleAdmin: string;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t, 'admin@northmere.test');
    commissioner = await login(t, 'commissioner@northmere.test');
    southvaleAdmin = await login(t, 'admin@southvale.test');
  });
  afterAll(async () => t?.close());

  it('shows each authority its own pack: northmere its version 1, southvale the built-in defaults', async () => {
    const north = await t.http.get('/api/v1/policy-pack').set(auth(commissioner));
    expect(north.status).toBe(200);
    expect(north.body).toMatchObject({ version: 1, isDefault: false, pack: { minSocialValueWeight: NORTHMERE_POLICY.minSocialValueWeight } });
    const south = await t.http.get('/api/v1/policy-pack').set(auth(southvaleAdmin));
    expect(south.body).toEqual({ version: 0, isDefault: true, adoptedAt: null, adoptedBy: null, pack: DEFAULT_POLICY_PACK });
    // The demo's tenders record the version they were built under.
    const tenders = await t.http.get('/api/v1/tenders').set(auth(commissioner));
    expect(new Set(tenders.body.items.map((x: { policyPackVersion: number }) => x.policyPackVersion))).toEqual(new Set([1]));
  });

  it('adopts a new version from the one edited, keeps the old ones, and audits it', async () => {
    const current = (await t.http.get('/api/v1/policy-pack').set(auth(admin))).body;
    const pack = { ...current.pack, minSocialValueWeight: '25', standstillWorkingDays: 10 };
    const res = await t.http.put('/api/v1/policy-pack').set(auth(admin)).send({ basedOnVersion: current.version, pack });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: current.version + 1, pack: { minSocialValueWeight: '25', standstillWorkingDays: 10 } });
    const old = await t.http.get(`/api/v1/policy-pack/versions/${current.version}`).set(auth(commissioner));
    expect(old.body.pack.minSocialValueWeight).toBe(current.pack.minSocialValueWeight);
    const versions = await t.http.get('/api/v1/policy-pack/versions').set(auth(commissioner));
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([current.version + 1, current.version, 0]);
    const audited = await asOwner(t, `SELECT data FROM audit_events WHERE action = 'policy_pack.adopted'`);
    expect(audited).toEqual([{ data: { version: current.version + 1 } }]);
  });

  it('refuses an edit of a version that is no longer in force, saying which is', async () => {
    const res = await t.http.put('/api/v1/policy-pack').set(auth(admin)).send({ basedOnVersion: 1, pack: DEFAULT_POLICY_PACK });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: '/problems/stale-version', currentVersion: 2 });
  });

  it('refuses an invalid pack with every field and rule, and keeps the version in force', async () => {
    const res = await t.http
      .put('/api/v1/policy-pack')
      .set(auth(admin))
      .send({
        basedOnVersion: 2,
        pack: { ...DEFAULT_POLICY_PACK, minSocialValueWeight: 12.5, allowedPriceMethods: ['cheapest_wins'], evaluatorVariance: { points: '9', scale: '0-5' } },
        extra: true,
      });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`).sort()).toEqual([
      'extra unknown-field',
      'pack.allowedPriceMethods.0 one-of',
      'pack.minSocialValueWeight type',
    ]);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'pack.allowedPriceMethods.0').message).toContain('relative_to_lowest');
    expect((await t.http.get('/api/v1/policy-pack').set(auth(admin))).body.version).toBe(2);
    for (const body of [null, 'text', [], { basedOnVersion: 'two', pack: {} }]) {
      const r = await t.http.put('/api/v1/policy-pack').set(auth(admin)).set('content-type', 'application/json').send(JSON.stringify(body));
      expect(r.status).toBe(400);
    }
  });

  it('lets one of two admins adopting from the same version at once win, and tells the other', async () => {
    const current = (await t.http.get('/api/v1/policy-pack').set(auth(admin))).body;
    const put = (sv: string) =>
      t.http
        .put('/api/v1/policy-pack')
        .set(auth(admin))
        .send({ basedOnVersion: current.version, pack: { ...current.pack, minSocialValueWeight: sv } });
    const results = await Promise.all([put('30'), put('35')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await t.http.get('/api/v1/policy-pack').set(auth(admin))).body.pack.minSocialValueWeight).toBe(winner.body.pack.minSocialValueWeight);
  });

  it('refuses to change or delete an adopted version, even to the owner', async () => {
    await expect(asOwner(t, `UPDATE policy_packs SET pack = '{}'::jsonb`)).rejects.toThrow(/append-only/);
    await expect(asOwner(t, `DELETE FROM policy_packs`)).rejects.toThrow(/append-only/);
  });
});
