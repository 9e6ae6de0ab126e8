import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type TestAgent from 'supertest/lib/agent.js';
import { openTenderCopy } from '../support/fixtures.js';
import { asOwner, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';

/** What a person reads on a page: its text without tags. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

/** The standard model's 0–5 bands, as the criterion form's rows. */
const FIVE_BANDS = Object.fromEntries(
  ['No response', 'Poor', 'Weak', 'Satisfactory', 'Good', 'Excellent'].flatMap((d, i) => [
    [`band-${i}-min`, String(i)],
    [`band-${i}-max`, String(i)],
    [`band-${i}-descriptor`, d],
  ]),
);

/** What a page must never show a person: a field path, a pattern, a type name. */
const CODE_TALK = /criteria\.\d|\.children|\^\\d|\{1,3\}|must match pattern|must be (integer|string|number)|decimal string/;

describe('a tender built wholly in pages', () => {
  let t: TestApp;
  let agent: TestAgent;
  let draft: string;
  const model = async () =>
    (
      await asOwner<{
        evaluation_model: {
          criteria: { key: string; title: string; weight: string; children?: { key: string; title: string; weight: string; wordLimit?: number }[] }[];
          lots: { key: string; title: string }[];
        };
        version: number;
      }>(t, 'SELECT evaluation_model, version FROM tenders WHERE id = $1', [draft])
    )[0];
  const page = async (path = '') => {
    const res = await agent.get(`/authority/tenders/${draft}/model${path}`);
    expect(res.status).toBe(200);
    return res;
  };
  const post = async (path: string, form: Record<string, string>) => {
    const before = await page();
    return agent
      .post(`/authority/tenders/${draft}/model${path}`)
      .type('form')
      .send({ _csrf: csrfOf(before.text), version: String((await model()).version), ...form });
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    agent = await signedInAgent(t, 'commissioner@northmere.test');
    draft = await tenderIdByReference(t, 'NCC-2026-009');
  });
  afterAll(async () => t?.close());

  it('drafts a tender from its details: £ and commas read as pounds, dates as day, month and year in London time', async () => {
    const form = await agent.get('/authority/tenders/new');
    const year = String(new Date().getUTCFullYear() + 1);
    const res = await agent
      .post('/authority/tenders')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        reference: 'NCC-2027-PG1',
        title: 'Befriending for older people',
        estimatedValue: '£430,000',
        'deadline-day': '30',
        'deadline-month': '1',
        'deadline-year': year,
        'deadline-time': '17:30',
        'questions-day': '16',
        'questions-month': '1',
        'questions-year': year,
        'questions-time': '',
      });
    expect(res.status).toBe(303);
    const [row] = await asOwner<{ estimated_value: string; submission_deadline: Date; clarification_deadline: Date }>(
      t,
      `SELECT estimated_value, submission_deadline, clarification_deadline FROM tenders WHERE reference = 'NCC-2027-PG1'`,
    );
    expect(row.estimated_value).toBe('430000.00');
    // January: London is on GMT, so 17:30 there is 17:30 UTC; a time left blank is midday.
    expect(row.submission_deadline.toISOString()).toBe(`${year}-01-30T17:30:00.000Z`);
    expect(row.clarification_deadline.toISOString()).toBe(`${year}-01-16T12:00:00.000Z`);
  });

  it('refuses dates that cannot work and a reference already used, when entered, every problem beside its field, the form kept', async () => {
    const form = await agent.get(`/authority/tenders/${draft}/details`);
    expect(form.status).toBe(200);
    const before = await model();
    const details = (fields: Record<string, string>) =>
      agent
        .post(`/authority/tenders/${draft}/details`)
        .type('form')
        .send({ _csrf: csrfOf(form.text), version: String(before.version), reference: 'NCC-2026-009', ...fields });
    const refused = await details({
      reference: 'NCC-2026-009',
      title: 'Home care (domiciliary care) framework',
      estimatedValue: '12.5 million',
      'deadline-day': '31',
      'deadline-month': '2',
      'deadline-year': '2027',
      'deadline-time': '',
      'questions-day': '1',
      'questions-month': '',
      'questions-year': '2027',
      'questions-time': '',
    });
    expect(refused.status).toBe(400);
    let shown = text(refused.text);
    expect(shown).toContain('Deadline for bids must be a real date, for example 27 3 2027');
    expect(shown).toContain('Questions close must include a month');
    expect(shown).toContain('Enter the estimated value in pounds, for example 250,000 or 250000.50');
    expect(shown).not.toMatch(CODE_TALK);
    expect(refused.text).toContain('value="12.5 million"');
    // A deadline already passed is refused now, not at publication.
    const past = await details({
      reference: 'NCC-2026-009',
      title: 'Home care',
      'deadline-day': '1',
      'deadline-month': '1',
      'deadline-year': '2020',
      'deadline-time': '',
    });
    expect(past.status).toBe(400);
    expect(text(past.text)).toContain('The deadline for bids must be in the future');
    expect(past.text).toContain('href="#deadline-day"');
    // Another tender's reference: a conflict, on the reference field, the form kept.
    const taken = await details({ reference: 'NCC-2026-014', title: 'Home care, renamed' });
    expect(taken.status).toBe(400);
    shown = text(taken.text);
    expect(shown).toContain('Another of your tenders already has the reference NCC-2026-014: choose another');
    expect(taken.text).toContain('href="#reference"');
    expect(taken.text).toContain('value="Home care, renamed"');
    expect(await model()).toEqual(before);
    // Put right, the details are saved and the model is left as it was.
    const saved = await details({ reference: 'NCC-2026-009', title: 'Home care framework', estimatedValue: '12,500,000' });
    expect(saved.status).toBe(303);
    const after = await model();
    expect(after.evaluation_model).toEqual(before.evaluation_model);
    expect(after.version).toBe(before.version + 1);
  });

  it('starts from the standard model, ready, and adds a question to quality with its guidance, word limit and bands', async () => {
    expect(text((await page()).text)).toContain('The model is complete and meets your authority’s policy pack.');
    const added = await post('/criteria', {
      under: 'quality',
      title: 'How will you keep people safe at home?',
      weight: '20',
      guidance: 'Describe your safeguarding training and how concerns are escalated.',
      wordLimit: '500',
      scale: '0-5',
      minimumScore: '2',
      ...FIVE_BANDS,
    });
    expect(added.status).toBe(303);
    const quality = (await model()).evaluation_model.criteria.find((c) => c.key === 'quality')!;
    expect(quality.children!.map((c) => [c.key, c.weight, c.wordLimit ?? null])).toEqual([
      ['delivery', '60', null],
      ['safeguarding', '40', null],
      ['how-will-you-keep-people-safe-at', '20', 500],
    ]);
    // Saved as it stands: the weights no longer add up, and the page says so in words, linked to the weights.
    const now = text((await page()).text);
    expect(now).toContain('The tender cannot be published until this is put right');
    expect(now).toContain('The weights of the sub-criteria of “Quality” add up to 120%, not 100%');
    expect(now).not.toMatch(CODE_TALK);
    // Reweighed together, the model is ready again.
    const reweighed = await post('', {
      'weight-delivery': '50',
      'weight-safeguarding': '30',
      'weight-how-will-you-keep-people-safe-at-home': '20',
      action: 'save',
    });
    expect(reweighed.status).toBe(303);
    expect(text((await page()).text)).toContain('The model is complete');
  });

  it('refuses a criterion form with every problem at once, in words beside each field, and saves nothing', async () => {
    const before = await model();
    const refused = await post('/criteria/delivery', {
      title: '',
      weight: 'sixty',
      wordLimit: 'lots',
      scale: '0-5',
      minimumScore: '9',
      ...FIVE_BANDS,
      'band-3-min': '',
      'band-3-max': '',
      'band-3-descriptor': '',
    });
    expect(refused.status).toBe(400);
    const shown = text(refused.text);
    for (const message of [
      'Enter the criterion’s title: for a question, the question bidders answer',
      'Enter the weight as a percentage from 0 to 100, with up to 4 decimal places, for example 12.5',
      'Enter the word limit as a whole number of words from 1 to 20,000, for example 500',
      'Give bands that cover every mark from 0 to 5 once, without gaps or overlaps',
      'Enter the minimum acceptable mark as a whole number from 0 to 5, or leave it blank',
    ])
      expect(shown).toContain(message);
    expect(shown).not.toMatch(CODE_TALK);
    // What was typed comes back to be corrected.
    expect(refused.text).toContain('value="sixty"');
    expect(await model()).toEqual(before);
  });

  it('refuses a change made to an older version of the model, saying why, and keeps the newer one', async () => {
    const before = await model();
    const form = await page('/criteria/delivery');
    const stale = await agent
      .post(`/authority/tenders/${draft}/model/criteria/delivery`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), version: String(before.version - 1), title: 'Service delivery', weight: '50', scale: '0-5', ...FIVE_BANDS });
    expect(stale.status).toBe(400);
    expect(text(stale.text)).toContain('Someone else saved a change to this tender while you were editing it');
    expect(await model()).toEqual(before);
  });

  it('moves, removes and re-adds criteria, and adds a lot priced against a benchmark', async () => {
    expect((await post('', { action: 'down:price' })).status).toBe(303);
    expect((await model()).evaluation_model.criteria.map((c) => c.key)).toEqual(['quality', 'price', 'social-value', 'public-character']);
    expect((await post('', { action: 'up:price' })).status).toBe(303);
    expect((await model()).evaluation_model.criteria[0].key).toBe('price');

    // Removing public character leaves the top-level weights short: listed, linked to the weights.
    expect((await post('/criteria/public-character/remove', {})).status).toBe(303);
    let shown = text((await page()).text);
    expect(shown).toContain('The weights of the top-level criteria add up to 90%, not 100%');
    // Added back as a top-level criterion choosing what it scores, then given a question below it.
    const top = await post('/criteria', { title: 'Public character', weight: '10', category: 'public_character', scale: '0-5', ...FIVE_BANDS });
    expect(top.status).toBe(303);
    expect(text((await page()).text)).toContain('The model is complete');
    expect(
      (await post('/criteria', { under: 'public-character', title: 'Who owns and governs you?', weight: '100', scale: '0-5', ...FIVE_BANDS })).status,
    ).toBe(303);
    const pc = (await model()).evaluation_model.criteria.find((c) => c.key === 'public-character')!;
    // The parent's marking moved to its first sub-criterion: a parent is never marked itself.
    expect(pc).not.toHaveProperty('scale');
    expect(pc.children!.map((c) => c.title)).toEqual(['Who owns and governs you?']);

    // A lot: the benchmark method needs a floor and a ceiling, asked for in words; £ and commas are read as pounds.
    const noPrices = await post('/lots', { title: 'North locality', priceMethod: 'benchmark', estimatedValue: '£250,000' });
    expect(noPrices.status).toBe(400);
    shown = text(noPrices.text);
    expect(shown).toContain('Enter the floor price: a price at or below it gets full marks');
    expect(shown).toContain('Enter the ceiling price: a price at or above it gets no marks');
    const lot = await post('/lots', { title: 'North locality', priceMethod: 'benchmark', estimatedValue: '£250,000', floor: '£200,000', ceiling: '300000.50' });
    expect(lot.status).toBe(303);
    const lots = (await model()).evaluation_model.lots;
    expect(lots.at(-1)).toEqual({
      key: 'north-locality',
      title: 'North locality',
      priceMethod: 'benchmark',
      benchmark: { floor: '200000', ceiling: '300000.50' },
      estimatedValue: '250000',
    });
    // The only lot left cannot be removed; the added one can.
    expect((await post('/lots/north-locality/remove', {})).status).toBe(303);
    const last = await post('/lots/lot-1/remove', {});
    expect(last.status).toBe(400);
    expect(text(last.text)).toContain('A tender keeps at least one lot: add another before removing this one');
  });

  it('limits the lots one supplier may win, in the order chosen, refusing a limit that limits nothing', async () => {
    // One lot: nothing to limit, so the page does not ask.
    expect((await page()).text).not.toContain('id="lotCapMax"');
    expect((await post('/lots', { title: 'South locality', priceMethod: 'relative_to_lowest', estimatedValue: '£120,000' })).status).toBe(303);
    expect((await page()).text).toContain('id="lotCapMax"');

    const before = await model();
    const everyLot = await post('', { lotCapMax: '2', lotCapOrder: 'model_order', action: 'save' });
    expect(everyLot.status).toBe(400);
    expect(text(everyLot.text)).toContain('Enter 1 to let each supplier win one of the two lots, or leave it blank for no limit');
    expect(everyLot.text).toContain('id="lotCapMax" name="lotCapMax" type="text" inputmode="numeric" value="2"');
    expect(await model()).toEqual(before);

    // Highest value first needs every lot's value: saved, and listed as a problem against the lot without one.
    expect((await post('', { lotCapMax: '1', lotCapOrder: 'highest_value_first', action: 'save' })).status).toBe(303);
    expect((await asOwner<{ cap: unknown }>(t, `SELECT evaluation_model->'lotCap' AS cap FROM tenders WHERE id = $1`, [draft]))[0].cap).toEqual({
      maxLotsPerSupplier: 1,
      order: 'highest_value_first',
    });
    const shown = text((await page()).text);
    expect(shown).toContain('Awarding the highest-value lots first needs every lot’s estimated value; lot “Whole service” has none');
    expect(shown).not.toMatch(CODE_TALK);
    // A move keeps the limit (the whole form is sent); a blank limit lifts it.
    expect((await post('', { lotCapMax: '1', lotCapOrder: 'model_order', action: 'down:price' })).status).toBe(303);
    expect((await model()).evaluation_model).toHaveProperty('lotCap', { maxLotsPerSupplier: 1, order: 'model_order' });
    expect(text((await page()).text)).toContain('The model is complete');
    expect((await post('', { lotCapMax: '', lotCapOrder: 'model_order', action: 'up:price' })).status).toBe(303);
    expect((await model()).evaluation_model).not.toHaveProperty('lotCap');
    expect((await post('/lots/south-locality/remove', {})).status).toBe(303);
  });

  it('marks social value from the value bidders commit, and nothing else', async () => {
    // Only social value's form asks how it is marked.
    expect((await page('/criteria/delivery')).text).not.toContain('name="markedBy"');
    expect((await page('/criteria/local-jobs')).text).toContain('name="markedBy"');
    const quality = await post('/criteria/delivery', { title: 'Service delivery', weight: '50', scale: '0-5', markedBy: 'relative_to_highest', ...FIVE_BANDS });
    expect(quality.status).toBe(400);
    expect(text(quality.text)).toContain('Only social value can be marked from the value bidders commit: choose marking by evaluators');

    const byValue = await post('/criteria/local-jobs', {
      title: 'Local jobs and skills',
      weight: '100',
      scale: '0-5',
      markedBy: 'relative_to_highest',
      ...FIVE_BANDS,
    });
    expect(byValue.status).toBe(303);
    const sv = async () =>
      (
        await asOwner<{ c: { key: string; committedValue?: string } }>(
          t,
          `SELECT evaluation_model#>'{criteria,2,children,0}' AS c FROM tenders WHERE id = $1`,
          [draft],
        )
      )[0].c;
    expect(await sv()).toMatchObject({ key: 'local-jobs', committedValue: 'relative_to_highest' });
    expect(text((await page()).text)).toContain('From value committed, 0 to 5');
    expect((await page('/criteria/local-jobs')).text).toContain(
      'id="markedBy-relative_to_highest" name="markedBy" type="radio" value="relative_to_highest" checked',
    );
    // Back to evaluators: the formula goes.
    expect(
      (await post('/criteria/local-jobs', { title: 'Local jobs and skills', weight: '100', scale: '0-5', markedBy: 'evaluators', ...FIVE_BANDS })).status,
    ).toBe(303);
    expect(await sv()).not.toHaveProperty('committedValue');
  });

  it('starts a draft from another of the authority’s tenders’ models, never another authority’s', async () => {
    const source = await tenderIdByReference(t, 'NCC-2026-014');
    const foreign = await tenderIdByReference(t, 'SVICB-2026-007');
    const before = await model();
    const offered = (await page()).text;
    expect(offered).toContain(`<option value="${source}">NCC-2026-014:`);
    expect(offered).not.toContain(foreign);

    for (const from of [foreign, '', 'not-a-tender', draft]) {
      const refused = await post('/copy', { from });
      expect(refused.status).toBe(400);
      expect(text(refused.text)).toContain('Choose the tender whose evaluation model to start from');
      expect(await model()).toEqual(before);
    }
    expect((await post('/copy', { from: source })).status).toBe(303);
    const [{ copied }] = await asOwner<{ copied: unknown }>(t, 'SELECT evaluation_model AS copied FROM tenders WHERE id = $1', [source]);
    expect((await model()).evaluation_model).toEqual(copied);
    const [audit] = await asOwner<{ data: { change: string } }>(
      t,
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'tender.model-edited' ORDER BY seq DESC LIMIT 1`,
      [draft],
    );
    expect(audit.data.change).toBe('copied from NCC-2026-014');
  });

  it('keeps a published model fixed: its editor is not found', async () => {
    const published = await tenderIdByReference(t, 'NCC-2026-014');
    expect((await agent.get(`/authority/tenders/${published}/model`)).status).toBe(404);
    expect((await agent.get(`/authority/tenders/${published}/model/criteria/quality`)).status).toBe(404);
  });

  it('holds bidders to a question’s word limit, in the API and the bid page', async () => {
    const tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000), 'NCC-2026-014', {
      path: ['criteria', '1', 'children', '0', 'wordLimit'],
      value: 5,
    });
    const provider = { authorization: `Bearer ${await login(t, 'bids@meadow.test')}` };
    const answers = { delivery: 'one two three four five six', safeguarding: 'Safe', 'local-jobs': 'Local hires', 'shared-ownership': 'Members own us' };
    const over = await t.http.post(`/api/v1/public/tenders/${tender}/bids`).set(provider).send({ lotKey: 'lot-1', answers, price: '450000.00' });
    expect(over.status).toBe(400);
    expect(over.body.errors).toContainEqual({
      field: 'answers.delivery',
      rule: 'word-limit',
      message: 'Your answer to “Service delivery” has 6 words; the limit is 5',
    });
    const within = await t.http
      .post(`/api/v1/public/tenders/${tender}/bids`)
      .set(provider)
      .send({ lotKey: 'lot-1', answers: { ...answers, delivery: 'one two three four five' }, price: '450000.00' });
    expect(within.status).toBe(201);
    const bidder = await signedInAgent(t, 'bids@meadow.test');
    expect(text((await bidder.get(`/tenders/${tender}`)).text)).toContain('Up to 5 words.');
  });
});
