import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { asOwner, DEMO_PASSWORD, login, startTestApp, type TestApp } from '../support/test-app.js';
import { startIdentityProvider, type IdpPerson, type TestIdentityProvider } from '../support/identity-provider.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';
import { staffInvitation } from '../support/fixtures.js';

const BASE = 'http://commonweal.test:3999';
const CALLBACK = `${BASE}/sign-in/sso/northmere/callback`;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Staff signing in through their authority's own identity provider (issue 20, item 1), against oidc-provider
 * running as a real OpenID Connect provider: discovery, signed ID tokens, PKCE, RP-initiated logout.
 */
describe('single sign-on for an authority’s staff', () => {
  let t: TestApp;
  let idp: TestIdentityProvider;

  const person = (local: string, extra: Partial<IdpPerson> = {}): IdpPerson => ({
    sub: `sub-${local}`,
    email: `${local}@northmere.test`,
    name: local,
    ...extra,
  });

  /** A browser starting at the sign-in button: our redirect, the provider's pages, and back to our callback. */
  async function throughProvider(who: IdpPerson, next?: string) {
    const browser = supertest.agent(t.app.getHttpServer());
    const start = await browser.get(`/sign-in/sso/northmere${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    expect(start.status).toBe(303);
    idp.signInAs(who);
    const back = await idp.signIn(start.headers.location, CALLBACK);
    const answer = await browser.get(`${back.pathname}${back.search}`);
    return { browser, answer, callbackPath: `${back.pathname}${back.search}` };
  }

  async function saveSettings(fields: Record<string, string>, as?: supertest.Agent) {
    const admin = as ?? (await signedInAgent(t, 'admin@northmere.test'));
    const page = await admin.get('/admin/sign-in');
    return admin
      .post('/admin/sign-in')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        displayName: 'Northmere account',
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        domains: 'northmere.test',
        rolesClaim: 'groups',
        roleMap: 'procurement = commissioner, evaluator\ninternal-audit = Auditor\nit-admins = authority admin',
        staffSignIn: 'password_or_sso',
        ...fields,
      });
  }

  beforeAll(async () => {
    idp = await startIdentityProvider([CALLBACK], [`${BASE}/sign-in?signed-out=1`]);
    t = await startTestApp({ env: { PUBLIC_BASE_URL: BASE, SECRETS_KEY: 'a-secrets-key-for-the-single-sign-on-suite' } });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  it('is set up by the authority admin, checking the issuer answers and keeping the secret sealed', async () => {
    const wrong = await saveSettings({ issuer: 'http://127.0.0.1:9/nobody', domains: 'northmere', roleMap: 'procurement = chief' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('No identity provider answered at http://127.0.0.1:9/nobody');
    expect(wrong.text).toContain('“northmere” is not an e-mail domain');
    expect(wrong.text).toContain('Line 1: “chief” is not a role');
    expect(await asOwner(t, `SELECT 1 FROM authority_sso`)).toHaveLength(0);

    const saved = await saveSettings({});
    expect([saved.status, saved.headers.location]).toEqual([303, '/admin/sign-in?done=saved']);
    const [row] = await asOwner<{ client_secret_sealed: string; staff_sign_in: string }>(
      t,
      `SELECT s.client_secret_sealed, a.staff_sign_in FROM authority_sso s JOIN authorities a ON a.id = s.tenant_id`,
    );
    expect(row.staff_sign_in).toBe('password_or_sso');
    expect(row.client_secret_sealed).not.toContain(idp.clientSecret);
    // The page never shows the secret again; the sign-in page offers the authority's button.
    const admin = await signedInAgent(t, 'admin@northmere.test');
    expect((await admin.get('/admin/sign-in')).text).not.toContain(idp.clientSecret);
    expect((await supertest(t.app.getHttpServer()).get('/sign-in')).text).toContain('href="/sign-in/sso/northmere"');
    // Another authority's admin sees none of it.
    const other = await signedInAgent(t, 'admin@southvale.test');
    expect((await other.get('/admin/sign-in')).text).not.toContain(idp.issuer);
  });

  it('signs a member of staff in with the roles their groups give, and goes back to the page asked for', async () => {
    const { browser, answer } = await throughProvider(person('commissioner', { groups: ['procurement', 'canteen'] }), '/tenders');
    expect([answer.status, answer.headers.location]).toEqual([303, '/tenders']);
    expect((await browser.get('/dashboard')).status).toBe(200);
    const [session] = await asOwner<{ roles: string[]; sign_out_url: string }>(
      t,
      `SELECT w.roles, w.sign_out_url FROM web_sessions w JOIN users u ON u.id = w.user_id WHERE u.email = 'commissioner@northmere.test' AND w.sign_out_url IS NOT NULL`,
    );
    expect(session.roles.sort()).toEqual(['commissioner', 'evaluator']);
    // Signing out ends the session here and sends the browser to the provider to end it there.
    const page = await browser.get('/dashboard');
    const out = await browser
      .post('/sign-out')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    // A page that sends the browser on (a redirect from a form's answer to another site is blocked by the pages' CSP).
    expect(out.status).toBe(200);
    const link = /id="provider-sign-out" href="([^"]+)"/.exec(out.text)![1].replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(out.headers.refresh).toBe(`0;url=${link}`);
    const endSession = new URL(link);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${BASE}/sign-in?signed-out=1`);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect((await browser.get('/dashboard')).status).toBe(303);
  });

  it('joins an invited person to the staff on their first sign-in, and makes no account for a stranger', async () => {
    // While passwords still work, the invitation offers both ways in.
    const both = await t.http.get(`/staff-invitations/${(await staffInvitation(t, 'northmere')).token}`);
    expect(both.text).toContain('href="/sign-in/sso/northmere?next=/dashboard"');
    expect(both.text).toContain('name="password"');
    const admin = await login(t, 'admin@northmere.test');
    await t.http
      .post('/api/v1/staff/invitations')
      .set(auth(admin))
      .send({ email: 'nadia.okafor@northmere.test', name: 'Nadia Okafor', roles: ['contract_manager'] });
    const joined = await throughProvider(person('nadia.okafor', { groups: ['internal-audit'] }));
    expect(joined.answer.status).toBe(303);
    const [member] = await asOwner<{ roles: string[]; password_hash: string | null; accepted: boolean }>(
      t,
      `SELECT m.roles, u.password_hash, i.accepted_at IS NOT NULL AS accepted FROM users u JOIN memberships m ON m.user_id = u.id
       JOIN staff_invitations i ON i.email = u.email WHERE u.email = 'nadia.okafor@northmere.test'`,
    );
    expect(member).toEqual({ roles: ['auditor'], password_hash: null, accepted: true });

    const stranger = await throughProvider(person('stranger', { groups: ['procurement'] }));
    expect(stranger.answer.status).toBe(403);
    expect(stranger.answer.text).toContain('stranger@northmere.test is not on Northmere');
    expect(await asOwner(t, `SELECT 1 FROM users WHERE email = 'stranger@northmere.test'`)).toHaveLength(0);
  });

  it('knows a person by their provider account once linked: another account claiming their address is refused, their own with a new address is still them, and the admin can forget the link', async () => {
    const lastSession = async () =>
      (await asOwner<{ user_id: string }>(t, `SELECT user_id FROM web_sessions WHERE signed_in_with = 'sso' ORDER BY created_at DESC LIMIT 1`))[0].user_id;
    const [{ id: member }] = await asOwner<{ id: string }>(t, `SELECT id FROM users WHERE email = 'scrutiny@northmere.test'`);
    const own = person('scrutiny', { groups: ['internal-audit'] });
    expect((await throughProvider(own)).answer.status).toBe(303);
    expect(await asOwner(t, 'SELECT subject FROM sso_identities WHERE user_id = $1', [member])).toEqual([{ subject: 'sub-scrutiny' }]);

    const impostor = await throughProvider({ ...own, sub: 'sub-someone-else' });
    expect(impostor.answer.status).toBe(403);
    expect(impostor.answer.text).toContain('already signs in here with another account at your identity provider');

    const renamed = await throughProvider({ ...own, email: 'scrutiny.renamed@northmere.test' });
    expect(renamed.answer.status).toBe(303);
    expect(await lastSession()).toBe(member);
    expect(await asOwner(t, `SELECT 1 FROM users WHERE email = 'scrutiny.renamed@northmere.test'`)).toHaveLength(0);

    // Their provider account deleted and made again: the admin forgets the old link, and the new account links.
    const admin = await signedInAgent(t, 'admin@northmere.test');
    const page = await admin.get(`/staff/${member}`);
    expect(page.text).toContain('Forget their provider account');
    const forgot = await admin
      .post(`/staff/${member}/provider-account/forget`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect([forgot.status, forgot.headers.location]).toEqual([303, `/staff/${member}?done=provider-account-forgotten`]);
    expect((await admin.get(`/staff/${member}`)).text).not.toContain('Forget their provider account');
    expect((await throughProvider({ ...own, sub: 'sub-someone-else' })).answer.status).toBe(303);
    expect(await lastSession()).toBe(member);
    expect(await asOwner(t, 'SELECT subject FROM sso_identities WHERE user_id = $1', [member])).toEqual([{ subject: 'sub-someone-else' }]);
  });

  it('refuses an address outside the authority’s domains, and a group that gives no role, saying why', async () => {
    const outside = await throughProvider(person('commissioner', { email: 'commissioner@elsewhere.example', groups: ['procurement'] }));
    expect(outside.answer.status).toBe(403);
    expect(outside.answer.text).toContain('commissioner@elsewhere.example is not an address Northmere');
    const unmapped = await throughProvider(person('contracts', { groups: ['canteen'] }));
    expect(unmapped.answer.status).toBe(403);
    expect(unmapped.answer.text).toContain('None of your groups gives you a role at Northmere');
    expect(unmapped.answer.headers['set-cookie']?.toString() ?? '').not.toMatch(/cw_session=[^;]/);
    // The admin sees each refusal and its reason.
    const admin = await signedInAgent(t, 'admin@northmere.test');
    const settings = (await admin.get('/admin/sign-in')).text;
    expect(settings).toContain('commissioner@elsewhere.example');
    expect(settings).toContain('None of your groups gives you a role');
  });

  it('takes the provider’s answer once, and only in the browser that started the sign-in', async () => {
    const first = await throughProvider(person('auditor', { groups: ['internal-audit'] }));
    expect(first.answer.status).toBe(303);
    const replay = await first.browser.get(first.callbackPath);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('used already');

    // Someone brings the answer for their own account to another person's browser, to sign them in as themselves.
    const attacker = supertest.agent(t.app.getHttpServer());
    const start = await attacker.get('/sign-in/sso/northmere');
    idp.signInAs(person('auditor', { groups: ['internal-audit'] }));
    const back = await idp.signIn(start.headers.location, CALLBACK);
    const victim = supertest.agent(t.app.getHttpServer());
    const planted = await victim.get(`${back.pathname}${back.search}`);
    expect(planted.status).toBe(400);
    expect(planted.text).toContain('started in another browser');
    expect((await victim.get('/dashboard')).status).toBe(303);
  });

  it('refuses an ID token made out to another client, or expired, though signed by the provider', async () => {
    idp.tamper({ aud: 'another-client' });
    const wrongAudience = await throughProvider(person('auditor', { groups: ['internal-audit'] }));
    idp.tamper({ expiredSecondsAgo: 600 });
    const expired = await throughProvider(person('auditor', { groups: ['internal-audit'] }));
    idp.tamper(null);
    expect(wrongAudience.answer.status).toBe(403);
    expect(wrongAudience.answer.text).toContain('could not be trusted');
    expect(wrongAudience.answer.text).toContain('the ID token was made out to another application');
    expect(expired.answer.status).toBe(403);
    expect(expired.answer.text).toContain('the ID token had expired');
  });

  it('turns passwords off for the authority’s staff only, by an admin who has come in through the provider, ending password sessions', async () => {
    const before = await signedInAgent(t, 'contracts@northmere.test');
    const apiBefore = await t.http.post('/api/v1/auth/login').send({ email: 'contracts@northmere.test', password: DEMO_PASSWORD });
    // An admin signed in with a password cannot close that door: it would lock everyone out if the provider does not work.
    const withPassword = await saveSettings({ staffSignIn: 'sso', clientSecret: '' });
    expect(withPassword.status).toBe(400);
    expect(withPassword.text).toContain('sign in with your own account through the button');
    expect((await asOwner(t, `SELECT staff_sign_in FROM authorities WHERE slug = 'northmere'`))[0]).toEqual({ staff_sign_in: 'password_or_sso' });

    const { browser: admin } = await throughProvider(person('admin', { groups: ['it-admins'] }));
    expect((await saveSettings({ staffSignIn: 'sso', clientSecret: '' }, admin)).status).toBe(303);
    // Sessions and API tokens made with a password end now; the admin's own, through the provider, goes on.
    expect((await before.get('/dashboard')).status).toBe(303);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: apiBefore.body.refreshToken })).status).toBe(401);
    expect((await admin.get('/admin/sign-in')).status).toBe(200);

    const browser = supertest.agent(t.app.getHttpServer());
    const form = await browser.get('/sign-in');
    const refused = await browser
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: 'commissioner@northmere.test', password: DEMO_PASSWORD });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('href="/sign-in/sso/northmere"');
    const api = await t.http.post('/api/v1/auth/login').send({ email: 'commissioner@northmere.test', password: DEMO_PASSWORD });
    expect([api.status, api.body.type]).toEqual([403, '/problems/password-sign-in-off']);
    // Another authority's staff still sign in with passwords; the stored secret still works for the provider.
    expect((await t.http.post('/api/v1/auth/login').send({ email: 'commissioner@southvale.test', password: DEMO_PASSWORD })).status).toBe(200);
    expect((await throughProvider(person('commissioner', { groups: ['procurement'] }))).answer.status).toBe(303);
  });

  it('asks an invited person to join through the provider once passwords are off, never for a password', async () => {
    const invited = await staffInvitation(t, 'northmere');
    const [{ email }] = await asOwner<{ email: string }>(t, 'SELECT email FROM staff_invitations WHERE id = $1', [invited.id]);
    const browser = supertest.agent(t.app.getHttpServer());
    const page = await browser.get(`/staff-invitations/${invited.token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/sign-in/sso/northmere?next=/dashboard"');
    expect(page.text).not.toContain('name="password"');
    // A crafted form with a password makes no account: the page refusing it says how to join.
    const posted = await browser
      .post(`/staff-invitations/${invited.token}`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), name: 'Invitee', password: 'a-password-of-some-length' });
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('signs its staff in with their Northmere');
    const api = await t.http.post(`/api/v1/staff-invitations/${invited.token}/accept`).send({ password: 'a-password-of-some-length' });
    expect([api.status, api.body.type, api.body.signInUrl]).toEqual([403, '/problems/password-sign-in-off', '/sign-in/sso/northmere']);
    expect(await asOwner(t, 'SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);

    // Through the provider, the first sign-in takes the invitation up (the roles its groups give).
    const joined = await throughProvider(person(email.split('@')[0], { email, groups: ['procurement'] }));
    expect(joined.answer.status).toBe(303);
    const [member] = await asOwner<{ roles: string[]; password_hash: string | null; accepted: boolean }>(
      t,
      `SELECT m.roles, u.password_hash, i.accepted_at IS NOT NULL AS accepted FROM users u JOIN memberships m ON m.user_id = u.id
       JOIN staff_invitations i ON i.email = u.email WHERE u.email = $1`,
      [email],
    );
    expect(member).toEqual({ roles: ['commissioner', 'evaluator'], password_hash: null, accepted: true });
  });

  it('offers nothing for an authority that has not set it up', async () => {
    const res = await supertest(t.app.getHttpServer()).get('/sign-in/sso/southvale');
    expect(res.status).toBe(404);
    expect(res.text).toContain('does not sign its staff in through an identity provider');
    expect((await supertest(t.app.getHttpServer()).get('/sign-in/sso/no-such-place')).status).toBe(404);
  });
});
