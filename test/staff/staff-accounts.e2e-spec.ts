import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asOwner, DEMO_PASSWORD, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';
import { signedInAgent } from '../support/web-agent.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** The link in the invitation e-mail, as the person receives it (the token is nowhere else). */
async function invitationToken(t: TestApp, to: string): Promise<string> {
  const read = () =>
    asOwner<{ text_body: string; subject: string }>(
      t,
      `SELECT text_body, subject FROM email_deliveries WHERE to_address = $1 AND template = 'staff-invitation' ORDER BY sent_at DESC`,
      [to],
    );
  await waitUntil(async () => (await read()).length > 0, 20_000, `the invitation to ${to}`);
  const match = /https?:\/\/\S+\/staff-invitations\/([A-Za-z0-9_-]{43})/.exec((await read())[0].text_body);
  if (!match) throw new Error('no invitation link in the e-mail');
  return match[1];
}

const audit = (t: TestApp, action: string, entityId: string) =>
  asOwner<{ data: Record<string, unknown>; actor_user_id: string | null }>(
    t,
    `SELECT data, actor_user_id FROM audit_events WHERE action = $1 AND entity_id = $2 ORDER BY occurred_at`,
    [action, entityId],
  );

describe('staff accounts: an authority admin brings people in, changes their roles and lets them go', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    admin = await login(t, 'admin@northmere.test');
    adminId = (await t.http.get('/api/v1/auth/me').set(auth(admin))).body.user.id;
  });
  afterAll(async () => t?.close());

  it('invites by e-mail with roles; the link makes an account on the staff, once, and the person signs in with those roles', async () => {
    const sent = await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'Priya.Shah@Northmere.test', name: 'Priya Shah', roles: ['evaluator', 'commissioner'] });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ email: 'priya.shah@northmere.test', roles: ['commissioner', 'evaluator'] });
    const listed = (await t.http.get('/api/v1/staff').set(auth(admin))).body;
    expect(listed.invitations).toEqual([expect.objectContaining({ email: 'priya.shah@northmere.test', expired: false })]);

    const token = await invitationToken(t, 'priya.shah@northmere.test');
    const [mail] = await asOwner<{ subject: string; tenant_id: string }>(
      t,
      `SELECT subject, tenant_id FROM email_deliveries WHERE template = 'staff-invitation'`,
    );
    expect(mail.subject).toMatch(/invited you to work for .+ on Commonweal$/);
    const shown = await t.http.get(`/api/v1/staff-invitations/${token}`);
    expect(shown.body).toMatchObject({ email: 'priya.shah@northmere.test', roles: ['commissioner', 'evaluator'] });
    const noPassword = await t.http.post(`/api/v1/staff-invitations/${token}/accept`).send({});
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'required' })]);
    const accepted = await t.http.post(`/api/v1/staff-invitations/${token}/accept`).send({ password: 'priya picks a long one' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'priya.shah@northmere.test', newAccount: true });
    expect((await t.http.post(`/api/v1/staff-invitations/${token}/accept`).send({ password: 'priya picks a long one' })).status).toBe(410);

    const priya = await t.http.post('/api/v1/auth/login').send({ email: 'priya.shah@northmere.test', password: 'priya picks a long one' });
    expect(priya.status).toBe(200);
    const me = (await t.http.get('/api/v1/auth/me').set(auth(priya.body.accessToken))).body;
    expect(me.roles.sort()).toEqual(['commissioner', 'evaluator']);
    expect((await t.http.get('/api/v1/tenders').set(auth(priya.body.accessToken))).status).toBe(200);
    expect((await t.http.get('/api/v1/staff').set(auth(priya.body.accessToken))).status).toBe(403);
    const after = (await t.http.get('/api/v1/staff').set(auth(admin))).body;
    expect(after.invitations).toEqual([]);
    expect(after.items).toContainEqual(expect.objectContaining({ email: 'priya.shah@northmere.test', roles: ['commissioner', 'evaluator'], active: true }));
    expect(await audit(t, 'staff.joined', accepted.body.userId)).toEqual([
      expect.objectContaining({ actor_user_id: accepted.body.userId, data: expect.objectContaining({ newAccount: true }) }),
    ]);
    expect(await audit(t, 'staff.invited', sent.body.id)).toEqual([expect.objectContaining({ actor_user_id: adminId })]);
  });

  it('refuses to invite someone already on the staff, naming the field, and an invitation withdrawn or expired opens nothing', async () => {
    const taken = await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'auditor@northmere.test', name: 'A', roles: ['auditor'] });
    expect(taken.status).toBe(400);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'email', rule: 'not-staff' })]);
    const bad = await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'x@y.test', name: 'X', roles: ['mayor'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('roles');

    const sent = await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'leaves@northmere.test', name: 'Leaves', roles: ['auditor'] });
    const token = await invitationToken(t, 'leaves@northmere.test');
    expect((await t.http.delete(`/api/v1/staff/invitations/${sent.body.id}`).set(auth(admin))).status).toBe(204);
    expect((await t.http.get(`/api/v1/staff-invitations/${token}`)).status).toBe(404);
    expect((await t.http.post(`/api/v1/staff-invitations/${token}/accept`).send({ password: 'a long enough password' })).status).toBe(404);
    expect(await asOwner(t, `SELECT 1 FROM users WHERE email = 'leaves@northmere.test'`)).toEqual([]);

    await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'late@northmere.test', name: 'Late', roles: ['auditor'] });
    const late = await invitationToken(t, 'late@northmere.test');
    await asOwner(t, `UPDATE staff_invitations SET expires_at = now() - interval '1 second' WHERE email = 'late@northmere.test'`);
    const expired = await t.http.post(`/api/v1/staff-invitations/${late}/accept`).send({ password: 'a long enough password' });
    expect(expired.status).toBe(410);
    expect(expired.body.type).toBe('/problems/invitation-expired');
  });

  it('lets someone with an account (a provider’s bid writer) join only once signed in as the invited address', async () => {
    await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'bids@meadow.test', name: 'Meadow', roles: ['evaluator'] });
    const token = await invitationToken(t, 'bids@meadow.test');
    const anonymous = await t.http.post(`/api/v1/staff-invitations/${token}/accept`).send({ password: 'someone guessing here' });
    expect(anonymous.status).toBe(409);
    expect(anonymous.body.type).toBe('/problems/account-exists');
    const wrong = await t.http
      .post(`/api/v1/staff-invitations/${token}/accept`)
      .set(auth(await login(t, 'bids@harbour.test')))
      .send({});
    expect(wrong.status).toBe(403);
    const joined = await t.http
      .post(`/api/v1/staff-invitations/${token}/accept`)
      .set(auth(await login(t, 'bids@meadow.test')))
      .send({});
    expect(joined.status).toBe(201);
    expect(joined.body.newAccount).toBe(false);
    const asStaff = await t.http.post('/api/v1/auth/login').send({ email: 'bids@meadow.test', password: DEMO_PASSWORD, authority: 'northmere' });
    expect((await t.http.get('/api/v1/auth/me').set(auth(asStaff.body.accessToken))).body.roles).toEqual(['evaluator']);
  });

  it('changes roles, reaching an open web session at once; deactivation signs the person out everywhere here; reactivation restores them', async () => {
    await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'jo@northmere.test', name: 'Jo', roles: ['auditor'] });
    const joined = await t.http
      .post(`/api/v1/staff-invitations/${await invitationToken(t, 'jo@northmere.test')}/accept`)
      .send({ password: 'jo has a long password' });
    const jo = joined.body.userId as string;
    const browser = await signedInAgent(t, 'jo@northmere.test', 'jo has a long password');
    expect((await browser.get('/audit')).status).toBe(200);
    const api = await t.http.post('/api/v1/auth/login').send({ email: 'jo@northmere.test', password: 'jo has a long password' });

    const changed = await t.http
      .patch(`/api/v1/staff/${jo}`)
      .set(auth(admin))
      .send({ roles: ['contract_manager'] });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['contract_manager']);
    expect((await browser.get('/audit')).status).toBe(403);
    expect((await browser.get('/contracts')).status).toBe(200);
    // The next access token (from the refresh token) carries the new roles.
    const refreshed = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: api.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await t.http.get('/api/v1/auth/me').set(auth(refreshed.body.accessToken))).body.roles).toEqual(['contract_manager']);
    expect(await audit(t, 'staff.roles_changed', jo)).toEqual([expect.objectContaining({ data: { before: ['auditor'], after: ['contract_manager'] } })]);

    const off = await t.http.post(`/api/v1/staff/${jo}/deactivate`).set(auth(admin));
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, roles: ['contract_manager'] });
    const page = await browser.get('/contracts');
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    const refused = await t.http.post('/api/v1/auth/login').send({ email: 'jo@northmere.test', password: 'jo has a long password' });
    expect(refused.status).not.toBe(200);
    expect(await audit(t, 'staff.deactivated', jo)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ sessionsEnded: 1, refreshTokensRevoked: 1 }) }),
    ]);
    const [staffRow] = (await t.http.get('/api/v1/staff').set(auth(admin))).body.items.filter((m: { userId: string }) => m.userId === jo);
    expect(staffRow.active).toBe(false);

    expect((await t.http.post(`/api/v1/staff/${jo}/reactivate`).set(auth(admin))).body).toMatchObject({ active: true, roles: ['contract_manager'] });
    const back = await t.http.post('/api/v1/auth/login').send({ email: 'jo@northmere.test', password: 'jo has a long password' });
    expect(back.status).toBe(200);
  });

  it('never leaves the authority without an active admin, even when two admins remove each other at once', async () => {
    const self = await t.http.post(`/api/v1/staff/${adminId}/deactivate`).set(auth(admin));
    expect(self.status).toBe(409);
    expect(self.body.type).toBe('/problems/last-admin');
    const demote = await t.http
      .patch(`/api/v1/staff/${adminId}`)
      .set(auth(admin))
      .send({ roles: ['commissioner'] });
    expect(demote.status).toBe(409);
    expect(demote.body.errors).toEqual([expect.objectContaining({ field: 'roles', rule: 'last-admin' })]);

    await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'second.admin@northmere.test', name: 'Second admin', roles: ['authority_admin'] });
    const second = await t.http
      .post(`/api/v1/staff-invitations/${await invitationToken(t, 'second.admin@northmere.test')}/accept`)
      .send({ password: 'second admin password' });
    const secondToken = (await t.http.post('/api/v1/auth/login').send({ email: 'second.admin@northmere.test', password: 'second admin password' })).body
      .accessToken;
    const results = await Promise.all([
      t.http.post(`/api/v1/staff/${second.body.userId}/deactivate`).set(auth(admin)),
      t.http.post(`/api/v1/staff/${adminId}/deactivate`).set(auth(secondToken)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const admins = await asOwner<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM memberships m JOIN authorities a ON a.id = m.tenant_id
        WHERE a.slug = 'northmere' AND m.deactivated_at IS NULL AND 'authority_admin' = ANY(m.roles)`,
    );
    expect(admins[0].n).toBe(1);
    // Whoever is left reactivates the other: back to two.
    const winner = results.find((r) => r.status === 200)!;
    const left = winner.body.userId === adminId ? secondToken : admin;
    expect((await t.http.post(`/api/v1/staff/${winner.body.userId}/reactivate`).set(auth(left))).status).toBe(200);
  });

  it('keeps each authority’s staff to itself', async () => {
    const other = await login(t, 'admin@southvale.test');
    const theirs = (await t.http.get('/api/v1/staff').set(auth(other))).body.items.map((m: { email: string }) => m.email);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((e: string) => e.endsWith('@northmere.test'))).toBe(false);
    const auditorId = (await asOwner<{ id: string }>(t, `SELECT id FROM users WHERE email = 'auditor@northmere.test'`))[0].id;
    expect((await t.http.get(`/api/v1/staff/${auditorId}`).set(auth(other))).status).toBe(404);
    expect((await t.http.post(`/api/v1/staff/${auditorId}/deactivate`).set(auth(other))).status).toBe(404);
    expect(
      (
        await t.http
          .patch(`/api/v1/staff/${auditorId}`)
          .set(auth(other))
          .send({ roles: ['auditor'] })
      ).status,
    ).toBe(404);
    const [m] = await asOwner<{ deactivated_at: Date | null }>(t, `SELECT deactivated_at FROM memberships WHERE user_id = $1`, [auditorId]);
    expect(m.deactivated_at).toBeNull();
  });
});
