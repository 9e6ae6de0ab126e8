import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, TransactionRunner } from '#platform';
import { binary, closeAndOpenBids, ncc014Answers as answers, openTenderCopy } from '../support/fixtures.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
type Test = { code: string; level: number | null; narrative: string | null; evidence: { id: string; title: string; expired: boolean }[] };
type Item = {
  bidId: string;
  providerName: string;
  snapshot: { tests: Test[] };
  tests: { code: string; status: string; verifiedLevel: number | null; history: { id: string; outcome: string }[] }[];
};

/**
 * Public character evidence (issue 6): the provider's own evidence library and self-assessment, the
 * snapshot a bid takes of them (immutable, sealed, in the receipt's hash), and verification by the
 * commissioner with notifications and the provider's answer to a request for more evidence.
 */
describe('public character evidence, self-assessment and verification', () => {
  let t: TestApp;
  let oakfield: Record<string, string>;
  let brightpath: Record<string, string>;
  let commissioner: Record<string, string>;
  let evaluator: Record<string, string>;
  let southvale: Record<string, string>;
  let tender: string;
  const ids: Record<string, string> = {};
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: 'error' } });
    const who = async (email: string) => ({ authorization: `Bearer ${await login(t, email)}` });
    // A provider new to the service, so its library starts empty (the demo's providers have theirs).
    await t.http
      .post('/api/v1/providers')
      .send({
        organisation: { name: 'Oakfield Co-operative', legalForm: 'cooperative_or_mutual', size: 'small', voluntaryCommunitySector: true },
        person: { name: 'Oakfield bids', email: 'bids@oakfield.test', password: 'oakfield password 1' },
      })
      .expect(201);
    oakfield = {
      authorization: `Bearer ${(await t.http.post('/api/v1/auth/login').send({ email: 'bids@oakfield.test', password: 'oakfield password 1' })).body.accessToken}`,
    };
    brightpath = await who('bids@brightpath.test');
    commissioner = await who('commissioner@northmere.test');
    evaluator = await who('evaluator1@northmere.test');
    southvale = await who('commissioner@southvale.test');
    tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000));
    await asOwner(t, 'UPDATE tenders SET public_character_framework_version = 0 WHERE id = $1', [tender]);
  });
  afterAll(async () => t?.close());

  it('keeps a provider’s evidence library its own: links and documents, dates checked, expiry flagged', async () => {
    const link = await t.http
      .post('/api/v1/provider/evidence')
      .set(oakfield)
      .send({ title: 'Articles of association', evidenceType: 'governance_document', url: 'https://oakfield.example/articles', issuedOn: '2024-05-01' });
    expect(link.status).toBe(201);
    expect(link.body).toMatchObject({ title: 'Articles of association', document: null, expired: false, withdrawn: false });
    ids.link = link.body.id;
    const doc = await t.http
      .post('/api/v1/provider/evidence/documents')
      .set(oakfield)
      .field('title', 'Members’ board minutes')
      .field('evidenceType', 'board_minutes')
      .field('issuedOn', '2026-09-14')
      .attach('file', pdf, 'minutes.pdf');
    expect(doc.status).toBe(201);
    expect(doc.body.document).toMatchObject({ fileName: 'minutes.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });
    ids.doc = doc.body.id;
    const old = await t.http.post('/api/v1/provider/evidence').set(oakfield).send({
      title: 'Staff survey 2024',
      evidenceType: 'staff_survey',
      url: 'https://oakfield.example/survey-2024',
      issuedOn: '2024-01-10',
      expiresOn: '2025-01-10',
    });
    expect(old.body.expired).toBe(true);
    ids.old = old.body.id;

    const bad = await t.http
      .post('/api/v1/provider/evidence')
      .set(oakfield)
      .send({ title: '', evidenceType: 'horoscope', url: 'ftp://x', issuedOn: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['evidenceType', 'issuedOn', 'title', 'url']);
    const backwards = await t.http
      .post('/api/v1/provider/evidence')
      .set(oakfield)
      .send({ title: 'Backwards', evidenceType: 'policy', url: 'https://x.example', issuedOn: '2026-02-01', expiresOn: '2026-01-01' });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'expiresOn', rule: 'after-issued' })]);

    const list = (await t.http.get('/api/v1/provider/evidence').set(oakfield)).body.items.map((e: { id: string }) => e.id);
    expect(list).toEqual(expect.arrayContaining([ids.link, ids.doc, ids.old]));
    const file = await t.http.get(`/api/v1/provider/evidence/${ids.doc}/document`).set(oakfield).buffer(true).parse(binary);
    expect(Buffer.from(file.body).equals(pdf)).toBe(true);
    // Another provider, and an authority, never see it.
    expect((await t.http.get(`/api/v1/provider/evidence/${ids.doc}`).set(brightpath)).status).toBe(404);
    expect((await t.http.get('/api/v1/provider/evidence').set(brightpath)).body.items.map((e: { id: string }) => e.id)).not.toContain(ids.doc);
    expect((await t.http.get('/api/v1/provider/evidence').set(commissioner)).status).toBe(403);
  });

  it('saves a self-assessment per test against the provider’s own evidence only, and previews what a bid would carry', async () => {
    const save = (code: string, body: object, who = oakfield) => t.http.put(`/api/v1/provider/self-assessment/${code}`).set(who).send(body);
    expect((await save('shared_ownership', { level: 4, narrative: 'Staff and members hold the board', evidenceIds: [ids.link, ids.doc] })).status).toBe(200);
    expect((await save('employees', { level: 3, narrative: 'Staff survey every year', evidenceIds: [ids.old] })).status).toBe(200);
    expect((await save('goals', { level: 2, narrative: 'Our purpose is in our articles', evidenceIds: [ids.link] })).status).toBe(200);
    const wrong = await save('values', { level: 7, narrative: '', evidenceIds: ['not-an-id'] });
    expect(wrong.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['evidenceIds', 'level', 'narrative']);
    const theirs = await save('values', { level: 2, narrative: 'Borrowed evidence', evidenceIds: [ids.doc] }, brightpath);
    expect(theirs.body.errors).toEqual([expect.objectContaining({ field: 'evidenceIds.0', rule: 'exists' })]);

    const mine = (await t.http.get('/api/v1/provider/self-assessment').set(oakfield)).body;
    expect(mine.tests).toHaveLength(10);
    expect(mine.answers.map((a: { testCode: string }) => a.testCode).sort()).toEqual(['employees', 'goals', 'shared_ownership']);

    const preview = (await t.http.get(`/api/v1/public/tenders/${tender}/public-character/preview`).set(oakfield)).body;
    expect(preview.framework.version).toBe(0);
    expect(preview.snapshot.tests).toHaveLength(10);
    expect(preview.warnings.filter((w: { rule: string }) => w.rule === 'not-assessed')).toHaveLength(7);
    expect(preview.warnings).toContainEqual(expect.objectContaining({ test: 'employees', rule: 'evidence-expired' }));
  });

  it('copies the self-assessment into the bid: later edits to the library never change what was sent, and the receipt covers it', async () => {
    const sent = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(oakfield).send({ lotKey: 'lot-1', answers, price: '450000.00' });
    expect(sent.status).toBe(201);
    // The library moves on after the bid went in.
    await t.http.put('/api/v1/provider/self-assessment/shared_ownership').set(oakfield).send({ level: 1, narrative: 'Changed my mind', evidenceIds: [] });
    await t.http
      .patch(`/api/v1/provider/evidence/${ids.link}`)
      .set(oakfield)
      .send({ title: 'Renamed articles', evidenceType: 'governance_document', withdrawn: true });
    const [row] = await asOwner<{ public_character: { tests: Test[] } }>(
      t,
      'SELECT public_character FROM bid_submissions WHERE id = (SELECT id FROM bid_submissions WHERE tender_id = $1)',
      [tender],
    );
    const shared = row.public_character.tests.find((x) => x.code === 'shared_ownership')!;
    expect(shared).toMatchObject({ level: 4, narrative: 'Staff and members hold the board' });
    expect(shared.evidence.map((e) => e.title)).toEqual(['Articles of association', 'Members’ board minutes']);
    expect(row.public_character.tests.find((x) => x.code === 'employees')!.evidence[0]).toMatchObject({ title: 'Staff survey 2024', expired: true });
    // The same answers and price with a different self-assessment: a different receipt.
    const again = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(oakfield).send({ lotKey: 'lot-1', answers, price: '450000.00' });
    expect(again.body.contentHash).not.toBe(sent.body.contentHash);
    // The public character criterion takes no written answer on a tender with a framework: the self-assessment stands for it.
    const { 'shared-ownership': _written, ...rest } = answers;
    expect((await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(oakfield).send({ lotKey: 'lot-1', answers: rest, price: '450000.00' })).status).toBe(
      201,
    );
    // Put the library back as the first version had it, and send the final version.
    await t.http
      .patch(`/api/v1/provider/evidence/${ids.link}`)
      .set(oakfield)
      .send({ title: 'Articles of association', evidenceType: 'governance_document', withdrawn: false });
    await t.http
      .put('/api/v1/provider/self-assessment/shared_ownership')
      .set(oakfield)
      .send({ level: 4, narrative: 'Staff and members hold the board', evidenceIds: [ids.link, ids.doc] });
    expect(
      (await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(oakfield).send({ lotKey: 'lot-1', answers, price: '450000.00' })).body.contentHash,
    ).toBe(sent.body.contentHash);
  });

  it('shows the authority nothing until the bids are opened, then each bid’s snapshot and the documents it carries', async () => {
    expect((await t.http.get(`/api/v1/tenders/${tender}/public-character`).set(commissioner)).body.items).toEqual([]);
    await closeAndOpenBids(t, tender);
    const items: Item[] = (await t.http.get(`/api/v1/tenders/${tender}/public-character`).set(commissioner)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0].providerName).toBe('Oakfield Co-operative');
    expect(items[0].tests.every((x) => x.status === 'to-verify')).toBe(true);
    ids.bid = items[0].bidId;
    const file = await t.http.get(`/api/v1/tenders/${tender}/public-character/bids/${ids.bid}/evidence/${ids.doc}`).set(evaluator).buffer(true).parse(binary);
    expect(Buffer.from(file.body).equals(pdf)).toBe(true);
    // Only what the bid carries: an item of the library not named in it is not theirs to fetch.
    expect((await t.http.get(`/api/v1/tenders/${tender}/public-character/bids/${ids.bid}/evidence/${ids.old}`).set(evaluator)).status).toBe(404);
    expect((await t.http.get(`/api/v1/tenders/${tender}/public-character`).set(southvale)).status).toBe(404);
  });

  it('verifies test by test: accept, adjust, reject, ask for more; checks each decision, audits it, and e-mails the provider', async () => {
    const decide = (code: string, body: object, who = commissioner) =>
      t.http.post(`/api/v1/tenders/${tender}/public-character/bids/${ids.bid}/tests/${code}/verification`).set(who).send(body);
    expect((await decide('shared_ownership', { outcome: 'accepted' }, evaluator)).status).toBe(403);
    const accepted = await decide('shared_ownership', { outcome: 'accepted' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.tests.find((x: { code: string }) => x.code === 'shared_ownership')).toMatchObject({ status: 'accepted', verifiedLevel: 4 });

    const same = await decide('employees', { outcome: 'adjusted', level: 3, reason: 'x' });
    expect(same.body.errors).toEqual([expect.objectContaining({ field: 'level', rule: 'differs' })]);
    const adjusted = await decide('employees', { outcome: 'adjusted', level: 2, reason: 'The staff survey is two years old' });
    expect(adjusted.body.tests.find((x: { code: string }) => x.code === 'employees')).toMatchObject({ status: 'adjusted', verifiedLevel: 2 });
    expect((await decide('values', { outcome: 'rejected' })).body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    expect(
      (await decide('values', { outcome: 'rejected', reason: 'Not assessed' })).body.tests.find((x: { code: string }) => x.code === 'values'),
    ).toMatchObject({ status: 'rejected', verifiedLevel: 0 });
    const past = await decide('goals', {
      outcome: 'more_requested',
      reason: 'Show us the objects clause',
      respondBy: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'respondBy', rule: 'future' })]);
    const asked = await decide('goals', { outcome: 'more_requested', reason: 'Show us the objects clause', respondBy: `${inDays(5)}T17:00:00Z` });
    expect(asked.body.tests.find((x: { code: string }) => x.code === 'goals')).toMatchObject({ status: 'more_requested', verifiedLevel: null });
    expect((await decide('no_such_test', { outcome: 'accepted' })).status).toBe(404);

    const audit = await asOwner<{ data: { test: string; outcome: string } }>(
      t,
      `SELECT data FROM audit_events WHERE action = 'public_character.verified' AND entity_id = $1 ORDER BY occurred_at`,
      [ids.bid],
    );
    expect(audit.map((a) => `${a.data.test} ${a.data.outcome}`)).toEqual([
      'shared_ownership accepted',
      'employees adjusted',
      'values rejected',
      'goals more_requested',
    ]);
    await waitUntil(
      async () =>
        (
          await asOwner(
            t,
            `SELECT 1 FROM email_deliveries WHERE template = 'public-character-verification' AND to_address = 'bids@oakfield.test' AND html_body LIKE $1`,
            [`%${tender}%`],
          )
        ).length >= 4,
      20_000,
      'the verification e-mails',
    );
    const [mail] = await asOwner<{ subject: string; text_body: string }>(
      t,
      `SELECT subject, text_body FROM email_deliveries WHERE template = 'public-character-verification' AND to_address = 'bids@oakfield.test' AND subject LIKE 'More evidence%' AND html_body LIKE $1`,
      [`%${tender}%`],
    );
    expect(mail.subject).toMatch(/More evidence asked for: Goals/);
    expect(mail.text_body).toContain('Show us the objects clause');
  });

  it('lets the provider see each outcome with its reason and answer a request once, before its date', async () => {
    const mine: Item[] = (await t.http.get(`/api/v1/public/tenders/${tender}/public-character/verification`).set(oakfield)).body.items;
    const goals = mine[0].tests.find((x) => x.code === 'goals')!;
    expect(mine[0].tests.find((x) => x.code === 'employees')).toMatchObject({ status: 'adjusted', verifiedLevel: 2 });
    expect((await t.http.get(`/api/v1/public/tenders/${tender}/public-character/verification`).set(brightpath)).body.items).toEqual([]);
    const request = goals.history.at(-1)!.id;
    const respond = (body: object, id = request) =>
      t.http.post(`/api/v1/public/tenders/${tender}/public-character/verification/${id}/response`).set(oakfield).send(body);
    const answered = await respond({ narrative: 'Clause 3 of the articles, attached', evidenceIds: [ids.doc] });
    expect(answered.status).toBe(201);
    expect(answered.body.items[0].tests.find((x: { code: string }) => x.code === 'goals').status).toBe('answered');
    expect((await respond({ narrative: 'Again', evidenceIds: [] })).body.type).toBe('/problems/already-answered');
    const accepted = mine[0].tests.find((x) => x.code === 'shared_ownership')!.history[0].id;
    expect((await respond({ narrative: 'Unasked', evidenceIds: [] }, accepted)).body.type).toBe('/problems/request-decided');

    // A request whose date passes before the answer: the database closes it.
    const soon = await t.http
      .post(`/api/v1/tenders/${tender}/public-character/bids/${ids.bid}/tests/citizens/verification`)
      .set(commissioner)
      .send({ outcome: 'more_requested', reason: 'Any user involvement records?', respondBy: new Date(Date.now() + 1500).toISOString() });
    const late = soon.body.tests.find((x: { code: string }) => x.code === 'citizens').history[0].id;
    await new Promise((r) => setTimeout(r, 1600));
    expect((await respond({ narrative: 'Too late', evidenceIds: [] }, late)).body.type).toBe('/problems/response-closed');

    // The commissioner sees the answer beside the request, and can fetch what it sent.
    const bid = (await t.http.get(`/api/v1/tenders/${tender}/public-character/bids/${ids.bid}`).set(commissioner)).body;
    expect(bid.tests.find((x: { code: string }) => x.code === 'goals').history[0].response).toMatchObject({ narrative: 'Clause 3 of the articles, attached' });
  });

  it('e-mails the commissioner who asked when the provider answers, and no one else', async () => {
    const answered = `SELECT to_address, subject, text_body FROM email_deliveries WHERE template = 'public-character-answered' AND html_body LIKE $1`;
    await waitUntil(async () => (await asOwner(t, answered, [`%${tender}%`])).length > 0, 20_000, 'the answer e-mail');
    // The answer to the request whose date passed was refused, so it raised nothing: one e-mail, to the asker.
    await new Promise((r) => setTimeout(r, 500));
    const mails = await asOwner<{ to_address: string; subject: string; text_body: string }>(t, answered, [`%${tender}%`]);
    expect(mails.map((m) => m.to_address)).toEqual(['commissioner@northmere.test']);
    expect(mails[0].subject).toMatch(/^Evidence answered: Goals, Oakfield Co-operative, /);
    expect(mails[0].text_body).toContain('What was asked: Show us the objects clause');
    expect(mails[0].text_body).toContain('with 1 evidence item.');
    expect(mails[0].text_body).toContain(`/authority/tenders/${tender}/public-character/${ids.bid}`);
  });

  it('lets a provider tell only an authority it has bid to, only in its own name, and only as a provider event', async () => {
    const oakfieldId = (await asOwner<{ id: string }>(t, `SELECT id FROM provider_organisations WHERE name = 'Oakfield Co-operative'`))[0].id;
    const brightpathId = (await asOwner<{ id: string }>(t, `SELECT id FROM provider_organisations WHERE name LIKE 'Brightpath%'`))[0].id;
    const [northmere, southvale] = [await authorityId(t, 'northmere'), await authorityId(t, 'southvale')];
    const write = (tenantId: string, topic: string, named: string) =>
      t.app
        .get(TransactionRunner)
        .run({ providerId: oakfieldId }, (em) =>
          em.query(`INSERT INTO outbox_messages (id, tenant_id, topic, payload) VALUES ($1, $2, $3, $4)`, [
            newId(),
            tenantId,
            topic,
            JSON.stringify({ kind: 'delivery.reported', id: newId(), providerId: named }),
          ]),
        );
    await expect(write(northmere, 'provider.event', oakfieldId)).resolves.toBeDefined();
    await expect(write(southvale, 'provider.event', oakfieldId)).rejects.toThrow(/row-level security/);
    await expect(write(northmere, 'provider.event', brightpathId)).rejects.toThrow(/row-level security/);
    await expect(write(northmere, 'email.send', oakfieldId)).rejects.toThrow(/row-level security/);
  });
});
