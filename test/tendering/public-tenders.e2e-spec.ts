import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contentHash } from '#kernel';
import { exampleModel } from '#tendering';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';

const refs = (items: { reference: string }[]) => items.map((i) => i.reference).sort();
const demo = (status: string) => DEMO_AUTHORITIES.flatMap((a) => a.tenders.filter((t) => t.status === status).map((t) => t.reference)).sort();

describe('published tenders, across authorities', () => {
  let t: TestApp;
  const idOf = (reference: string) => tenderIdByReference(t, reference);

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('lists the open tenders of every authority to anyone, and never a draft', async () => {
    const open = await t.http.get('/api/v1/public/tenders');
    expect(open.status).toBe(200);
    expect(refs(open.body.items)).toEqual(demo('published'));
    expect(open.body.items[0]).toMatchObject({ authority: { slug: expect.any(String), name: expect.any(String) }, modelHash: contentHash(exampleModel()) });
    expect(refs((await t.http.get('/api/v1/public/tenders?status=evaluation')).body.items)).toEqual(demo('evaluation'));
    expect(refs((await t.http.get('/api/v1/public/tenders?authority=southvale')).body.items)).toEqual(
      DEMO_AUTHORITIES[1].tenders
        .filter((x) => x.status === 'published')
        .map((x) => x.reference)
        .sort(),
    );
    const draft = await t.http.get(`/api/v1/public/tenders/${await idOf('NCC-2026-009')}`);
    expect(draft.status).toBe(404);
  });

  it('answers staff exactly as it answers anyone: their own drafts do not appear', async () => {
    const staff = await t.http.get('/api/v1/public/tenders?status=published').set('authorization', `Bearer ${await login(t, 'commissioner@northmere.test')}`);
    expect(refs(staff.body.items)).toEqual(demo('published'));
  });

  it('shows a published tender with its model and hash, while the other authority’s own routes still say 404', async () => {
    const id = await idOf('SVICB-2026-004');
    const pub = await t.http.get(`/api/v1/public/tenders/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      reference: 'SVICB-2026-004',
      authority: { slug: 'southvale' },
      model: exampleModel(),
      modelHash: contentHash(exampleModel()),
    });
    const own = await t.http.get(`/api/v1/tenders/${id}`).set('authorization', `Bearer ${await login(t, 'commissioner@northmere.test')}`);
    expect(own.status).toBe(404);
  });

  it('lets a provider follow an open tender (once, however often it asks) and stop, but not a closed one', async () => {
    const token = await login(t, 'bids@meadow.test');
    const auth = { authorization: `Bearer ${token}` };
    const open = await idOf('NCC-2026-014');
    expect((await t.http.post(`/api/v1/public/tenders/${open}/interest`).set(auth)).status).toBe(204);
    expect((await t.http.post(`/api/v1/public/tenders/${open}/interest`).set(auth)).status).toBe(204);
    const rows = () =>
      asOwner(
        t,
        `SELECT ti.id FROM tender_interests ti JOIN provider_organisations p ON p.id = ti.provider_id WHERE p.name = 'Meadow Mutual' AND ti.tender_id = $1`,
        [open],
      );
    expect(await rows()).toHaveLength(1);
    const closed = await t.http.post(`/api/v1/public/tenders/${await idOf('SVICB-2026-002')}/interest`).set(auth);
    expect(closed.status).toBe(409);
    expect(closed.body.type).toBe('/problems/not-open');
    expect((await t.http.post(`/api/v1/public/tenders/${await idOf('NCC-2026-009')}/interest`).set(auth)).status).toBe(404);
    expect((await t.http.post(`/api/v1/public/tenders/${open}/interest`)).status).toBe(401);
    expect((await t.http.delete(`/api/v1/public/tenders/${open}/interest`).set(auth)).status).toBe(204);
    expect(await rows()).toHaveLength(0);
  });
});
