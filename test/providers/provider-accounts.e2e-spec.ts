import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const organisation = { name: 'Riverside Tenants Co-operative', legalForm: 'cooperative_or_mutual', size: 'micro', voluntaryCommunitySector: true };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** The link in the invitation e-mail, as the person receives it (the token is nowhere else). */
async function invitationLink(t: TestApp, to: string): Promise<string> {
  const read = () =>
    asOwner<{ text_body: string }>(
      t,
      `SELECT text_body FROM email_deliveries WHERE to_address = $1 AND template = 'provider-invitation' ORDER BY sent_at DESC`,
      [to],
    );
  await waitUntil(async () => (await read()).length > 0, 20_000, `the invitation to ${to}`);
  const rows = await read();
  const match = /https?:\/\/\S+\/invitations\/([A-Za-z0-9_-]{43})/.exec(rows[0].text_body);
  if (!match) throw new Error(`no invitation link in ${rows[0].text_body}`);
  return match[1];
}

describe('provider accounts: registering and bringing colleagues in', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('registers an organisation and its first person, who can then sign in as its administrator', async () => {
    const res = await t.http
      .post('/api/v1/providers')
      .send({ organisation, person: { name: 'Ade Okafor', email: 'Ade@Riverside.test', password: 'correct horse battery' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ provider: { name: organisation.name }, user: { email: 'ade@riverside.test' } });
    admin = (await t.http.post('/api/v1/auth/login').send({ email: 'ade@riverside.test', password: 'correct horse battery' })).body.accessToken;
    const me = (await t.http.get('/api/v1/auth/me').set(auth(admin))).body;
    expect(me.provider).toMatchObject({ name: organisation.name });
    const team = (await t.http.get('/api/v1/provider/team').set(auth(admin))).body;
    expect(team.members).toEqual([expect.objectContaining({ name: 'Ade Okafor', email: 'ade@riverside.test', roles: ['provider_admin', 'bid_writer'] })]);
  });

  it('refuses a taken e-mail address and a weak password, naming the field, and leaves nothing behind', async () => {
    const taken = await t.http.post('/api/v1/providers').send({
      organisation: { ...organisation, name: 'Copycat Ltd' },
      person: { name: 'X', email: 'bids@brightpath.test', password: 'another long password' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'person.email', rule: 'unique' })]);
    expect(await asOwner(t, `SELECT 1 FROM provider_organisations WHERE name = 'Copycat Ltd'`)).toEqual([]);
    const weak = await t.http
      .post('/api/v1/providers')
      .send({ organisation: { ...organisation, legalForm: 'llp' }, person: { name: 'X', email: 'x@x.test', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['organisation.legalForm', 'person.password']);
  });

  it('e-mails an invitation whose link makes a new account in the team, once', async () => {
    const sent = await t.http
      .post('/api/v1/provider/team/invitations')
      .set(auth(admin))
      .send({ email: 'sam@riverside.test', name: 'Sam Lee', roles: ['bid_writer'] });
    expect(sent.status).toBe(201);
    const token = await invitationLink(t, 'sam@riverside.test');
    const [mail] = await asOwner<{ subject: string; tenant_id: string | null; provider_id: string | null }>(
      t,
      `SELECT subject, tenant_id, provider_id FROM email_deliveries WHERE to_address = 'sam@riverside.test'`,
    );
    expect(mail).toMatchObject({ subject: `Ade Okafor has invited you to join ${organisation.name} on Commonweal`, tenant_id: null });

    const shown = await t.http.get(`/api/v1/invitations/${token}`);
    expect(shown.body).toMatchObject({ providerName: organisation.name, email: 'sam@riverside.test', roles: ['bid_writer'] });
    const noPassword = await t.http.post(`/api/v1/invitations/${token}/accept`).send({});
    expect(noPassword.body.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'required' })]);
    const accepted = await t.http.post(`/api/v1/invitations/${token}/accept`).send({ password: 'sam chooses a long one' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'sam@riverside.test', roles: ['bid_writer'], newAccount: true });
    expect((await t.http.post(`/api/v1/invitations/${token}/accept`).send({ password: 'sam chooses a long one' })).status).toBe(410);

    const sam = (await t.http.post('/api/v1/auth/login').send({ email: 'sam@riverside.test', password: 'sam chooses a long one' })).body.accessToken;
    const team = (await t.http.get('/api/v1/provider/team').set(auth(sam))).body;
    expect(team.members.map((m: { name: string }) => m.name)).toEqual(['Ade Okafor', 'Sam Lee']);
    expect(team.invitations).toEqual([]);
    // A bid writer cannot invite.
    const refused = await t.http
      .post('/api/v1/provider/team/invitations')
      .set(auth(sam))
      .send({ email: 'z@riverside.test', name: 'Z', roles: ['bid_writer'] });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('/problems/provider-admin-only');
  });

  it('lets someone with an account join only once signed in as the invited address', async () => {
    await t.http
      .post('/api/v1/provider/team/invitations')
      .set(auth(admin))
      .send({ email: 'bids@meadow.test', name: 'Meadow bids team', roles: ['bid_writer'] });
    const token = await invitationLink(t, 'bids@meadow.test');
    const anonymous = await t.http.post(`/api/v1/invitations/${token}/accept`).send({ password: 'someone guessing here' });
    expect(anonymous.status).toBe(409);
    expect(anonymous.body.type).toBe('/problems/account-exists');
    const wrongPerson = await t.http
      .post(`/api/v1/invitations/${token}/accept`)
      .set(auth(await login(t, 'bids@harbour.test')))
      .send({});
    expect(wrongPerson.status).toBe(403);
    const meadow = await login(t, 'bids@meadow.test');
    const joined = await t.http.post(`/api/v1/invitations/${token}/accept`).set(auth(meadow)).send({});
    expect(joined.status).toBe(201);
    expect(joined.body.newAccount).toBe(false);
  });

  it('keeps a team to itself: another provider and the authorities see none of its people or invitations', async () => {
    await t.http
      .post('/api/v1/provider/team/invitations')
      .set(auth(admin))
      .send({ email: 'pat@riverside.test', name: 'Pat', roles: ['bid_writer'] });
    await invitationLink(t, 'pat@riverside.test');
    const castleton = (await t.http.get('/api/v1/provider/team').set(auth(await login(t, 'bids@castleton.test')))).body;
    expect(castleton.members.map((m: { email: string }) => m.email)).toEqual(['bids@castleton.test']);
    expect(castleton.invitations).toEqual([]);
    const mine = (await t.http.get('/api/v1/provider/team').set(auth(admin))).body;
    expect(mine.invitations).toEqual([expect.objectContaining({ email: 'pat@riverside.test', expired: false })]);
    // Authority admins see their own e-mails only: the invitation is not theirs.
    const emails = (await t.http.get('/api/v1/notifications/emails').set(auth(await login(t, 'admin@northmere.test')))).body.items;
    expect(emails.length).toBeGreaterThan(0); // the demo's deadline reminders
    expect(emails.map((e: { to: string }) => e.to)).not.toContain('pat@riverside.test');
    expect(await asOwner(t, `SELECT 1 FROM email_deliveries WHERE to_address = 'pat@riverside.test'`)).toHaveLength(1);
  });

  it('refuses an expired invitation and a malformed token without a 500', async () => {
    await t.http
      .post('/api/v1/provider/team/invitations')
      .set(auth(admin))
      .send({ email: 'late@riverside.test', name: 'Late', roles: ['bid_writer'] });
    const token = await invitationLink(t, 'late@riverside.test');
    await asOwner(t, `UPDATE provider_invitations SET expires_at = now() - interval '1 minute' WHERE email = 'late@riverside.test'`);
    expect((await t.http.post(`/api/v1/invitations/${token}/accept`).send({ password: 'a long enough password' })).status).toBe(410);
    expect((await t.http.get('/api/v1/invitations/not-a-token')).status).toBe(404);
  });
});
