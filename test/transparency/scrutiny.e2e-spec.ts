import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransactionRunner } from '#platform';
import { userId } from '../support/evaluation-fixtures.js';
import { publicationsDone } from '../support/publication.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { asOwner, authorityId, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- API answers are read as plain JSON */

/** Scrutiny (issue 16, item 5): concerns anyone raises, supporters confirmed by e-mail, a case at the threshold. */
describe('concerns and scrutiny cases', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let ocid: string;
  let contractId: string;
  const RAISER = { name: 'Pat Resident', email: 'pat.resident@example.test' };

  /** The link in the newest message to `to`, as the authority and token the confirmation takes. */
  const linkTo = async (to: string) => {
    await waitUntil(() => mailsTo(to) > 0, 20_000, `an e-mail to ${to}`);
    const mail = [...smtp.messages].reverse().find((m) => (m.to as any).value.some((v: any) => v.address === to));
    const url = new URL(/https?:\/\/\S+\/public\/concerns\/confirm\?\S+/.exec(String(mail?.text))![0]);
    return { authority: url.searchParams.get('authority')!, token: url.searchParams.get('token')! };
  };
  const mailsTo = (to: string) => smtp.messages.filter((m) => (m.to as any).value.some((v: any) => v.address === to)).length;
  const confirm = (link: { authority: string; token: string }) => t.http.post('/api/v1/public/concerns/confirmations').send(link);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' } });
    await publicationsDone(t);
    const tenderId = await tenderIdByReference(t, 'NCC-2023-031');
    ocid = `${t.config.OCDS_OCID_PREFIX}-${tenderId}`;
    [{ id: contractId }] = await asOwner<{ id: string }>(t, `SELECT id FROM contracts WHERE tender_id = $1`, [tenderId]);
    // Northmere's trigger: three people within 28 days.
    const admin = { authorization: `Bearer ${await login(t, 'admin@northmere.test')}` };
    const current = (await t.http.get('/api/v1/policy-pack').set(admin)).body;
    const adopted = await t.http
      .put('/api/v1/policy-pack')
      .set(admin)
      .send({ basedOnVersion: current.version, pack: { ...current.pack, concernTrigger: { supporters: 3, windowDays: 28 } } });
    expect(adopted.status).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('refuses a concern it cannot take, naming the field, and one about a contract that is not published', async () => {
    const bad = await t.http
      .post('/api/v1/public/concerns')
      .send({ ocid, contractId, category: 'gossip', description: 'short', name: '', email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'description', 'email', 'name']);
    const elsewhere = await t.http.post('/api/v1/public/concerns').send({
      ocid,
      contractId: '0190a000-0000-7000-8000-000000000000',
      category: 'quality',
      description: 'A concern about a contract that does not exist here',
      ...RAISER,
    });
    expect(elsewhere.status).toBe(404);
    expect((await t.http.get('/api/v1/public/concerns?ocid=nonsense')).body.errors[0].field).toBe('ocid');
  });

  it('publishes a concern once its raiser confirms, counts each supporter once, opens one case at the threshold and e-mails the scrutiny members', async () => {
    const raised = await t.http
      .post('/api/v1/public/concerns')
      .send({ ocid, contractId, category: 'access', description: 'People in the north of the city wait far longer for a first appointment.', ...RAISER });
    expect(raised.status).toBe(202);
    // Not public until confirmed.
    expect((await t.http.get(`/api/v1/public/concerns?ocid=${ocid}`)).body).toEqual([]);
    const first = await confirm(await linkTo(RAISER.email));
    expect(first.status).toBe(200);
    expect(first.body.concern).toMatchObject({ supporters: 1, scrutinyCase: null, category: 'access' });
    const listed = await t.http.get(`/api/v1/public/concerns?ocid=${ocid}`);
    expect(listed.body).toHaveLength(1);
    // Never who raised it, anywhere the public reads.
    const record = await t.http.get(`/public/records/${ocid}`);
    for (const text of [JSON.stringify(listed.body), record.text]) {
      expect(text).not.toContain(RAISER.email);
      expect(text).not.toContain(RAISER.name);
    }
    expect(record.text).toContain('People in the north of the city wait far longer');
    expect(record.text).toContain('It is not a finding that the provider is failing');

    const id = raised.body.id;
    const support = (email: string) => t.http.post(`/api/v1/public/concerns/${id}/supporters`).send({ email });
    const before = smtp.messages.length;
    const a1 = await support('alex@example.test');
    const a2 = await support('ALEX@Example.test');
    // The same answer, and one e-mail: an address asked twice is still one person.
    expect([a1.status, a2.status]).toEqual([202, 202]);
    expect(a2.body).toEqual(a1.body);
    await support('sam@example.test');
    await waitUntil(() => smtp.messages.length >= before + 2, 20_000, 'the supporters’ e-mails');
    expect(mailsTo('alex@example.test')).toBe(1);
    const alex = await linkTo('alex@example.test');
    expect((await confirm(alex)).body.concern.supporters).toBe(2);
    // Following the link again counts nothing more.
    expect((await confirm(alex)).body.concern.supporters).toBe(2);
    const opened = await confirm(await linkTo('sam@example.test'));
    expect(opened.body.concern).toMatchObject({ supporters: 3, scrutinyCase: { concludedAt: null } });
    await waitUntil(() => mailsTo('scrutiny@northmere.test') > 0, 20_000, 'the scrutiny members’ e-mail');
    expect(mailsTo('scrutiny@northmere.test')).toBe(1);
    const [{ n }] = await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM scrutiny_cases WHERE concern_id = $1`, [id]);
    expect(n).toBe(1);
    // The contract's ratings are untouched: a case is a question, not a finding.
    expect((await t.http.get(`/public/records/${ocid}`)).text).toContain('Scrutiny case open');
  });

  it('lets scrutiny members, and nobody else, read who raised a case, note it and conclude it once; the database keeps the contact from anyone else', async () => {
    const member = { authorization: `Bearer ${await login(t, 'scrutiny@northmere.test')}` };
    const cases = await t.http.get('/api/v1/scrutiny/cases').set(member);
    expect(cases.status).toBe(200);
    const [c] = cases.body.items;
    expect(c.concern.raisedBy).toEqual(RAISER);
    expect(c).toMatchObject({ status: 'open', supporters: 3, supportersAtOpening: 3 });
    const auditor = { authorization: `Bearer ${await login(t, 'auditor@northmere.test')}` };
    expect((await t.http.get('/api/v1/scrutiny/cases').set(auditor)).status).toBe(403);
    const direct = await t.app
      .get(TransactionRunner)
      .run({ tenantId: await authorityId(t, 'northmere'), userId: await userId(t, 'commissioner@northmere.test') }, (em) =>
        em.query(`SELECT * FROM concern_contacts`),
      );
    expect(direct).toEqual([]);
    const noted = await t.http
      .post(`/api/v1/scrutiny/cases/${c.id}/notes`)
      .set(member)
      .send({ note: 'Asked the contract manager for the waiting times by ward.' });
    expect(noted.status).toBe(201);
    expect(noted.body.notes).toEqual([expect.objectContaining({ note: 'Asked the contract manager for the waiting times by ward.' })]);
    expect((await t.http.post(`/api/v1/scrutiny/cases/${c.id}/notes`).set(member).send({ note: '' })).body.errors[0].field).toBe('note');
    const concluded = await t.http
      .post(`/api/v1/scrutiny/cases/${c.id}/conclusion`)
      .set(member)
      .send({ conclusion: 'Waits are longer in two wards; the board asked for a plan.' });
    expect(concluded.body).toMatchObject({ status: 'concluded', conclusion: 'Waits are longer in two wards; the board asked for a plan.' });
    const again = await t.http.post(`/api/v1/scrutiny/cases/${c.id}/conclusion`).set(member).send({ conclusion: 'Changed my mind' });
    expect([again.status, again.body.type]).toEqual([409, '/problems/case-concluded']);
    // Southvale's members see none of Northmere's cases.
    const southvale = { authorization: `Bearer ${await login(t, 'scrutiny@southvale.test')}` };
    expect((await t.http.get('/api/v1/scrutiny/cases').set(southvale)).body.items).toEqual([]);
    expect((await t.http.get(`/api/v1/scrutiny/cases/${c.id}`).set(southvale)).status).toBe(404);
  });

  it('refuses a link that does not exist, and one that has expired', async () => {
    expect((await confirm({ authority: 'northmere', token: 'x'.repeat(43) })).status).toBe(404);
    const raised = await t.http.post('/api/v1/public/concerns').send({
      ocid,
      contractId,
      category: 'quality',
      description: 'The support plans are copied from one person to the next.',
      name: 'Lee',
      email: 'lee@example.test',
    });
    const link = await linkTo('lee@example.test');
    await asOwner(t, `UPDATE concern_supports SET expires_at = now() - interval '1 minute' WHERE concern_id = $1`, [raised.body.id]);
    const expired = await confirm(link);
    expect([expired.status, expired.body.type]).toEqual([409, '/problems/link-expired']);
  });
});
