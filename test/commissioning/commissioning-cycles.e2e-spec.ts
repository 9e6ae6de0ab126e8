import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exampleModel } from '#tendering';
import { asOwner, login, startTestApp, tenderIdByReference, type TestApp } from '../support/test-app.js';
import { csrfOf, signedInAgent } from '../support/web-agent.js';

const signals = (present: string[] = []) =>
  ['close_personal_relationship', 'complex_collaboration', 'system_risk_transfer'].map((signal) => ({ signal, present: present.includes(signal), note: '' }));
const decision = (over: object = {}) => ({
  optionsConsidered: [
    { option: 'in_house', assessment: 'Costed' },
    { option: 'competitive_tender', assessment: 'Local groups can bid' },
  ],
  chosen: 'competitive_tender',
  rationale: 'Franchise',
  warningSignals: signals(),
  inHouseComparatorCost: '900000.00',
  contract: { annualValue: '300000.00', lengthMonths: 36, capitalRequirement: '0' },
  forProfitEligible: false,
  ...over,
});
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe('commissioning cycles', () => {
  let t: TestApp;
  let commissioner: string;
  const auth = () => ({ authorization: `Bearer ${commissioner}` });
  const post = (path: string, body: object) => t.http.post(path).set(auth()).send(body);
  const newCycle = async (reference: string, over: object = {}) => {
    const res = await post('/api/v1/cycles', {
      reference,
      title: 'Holiday activities',
      purpose: 'Children eat well and play in the holidays',
      accountability: 'Families; scrutiny',
      success: 'Children attend and families say it helped',
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp();
    commissioner = await login(t, 'commissioner@northmere.test');
  });
  afterAll(async () => t?.close());

  it('starts a cycle with a review-by date from the policy pack, at the authorise stage, not ready for tender', async () => {
    const cycle = await newCycle('NCC-CYC-T-1');
    const fiveYears = new Date();
    fiveYears.setUTCFullYear(fiveYears.getUTCFullYear() + 5);
    expect(cycle).toMatchObject({ stage: 'authorise', readyForTender: false, engagement: [], outcomes: [], deliveryDecision: null, version: 1 });
    expect(cycle.reviewBy.slice(0, 4)).toBe(String(fiveYears.getUTCFullYear()));
    expect(cycle.notReadyBecause.map((r: { rule: string }) => r.rule)).toEqual(['outcomes-required', 'delivery-decision-required']);
  });

  it('refuses a reference the authority has used, on its field, in the API and the page, keeping the form and the first cycle', async () => {
    const first = await newCycle('NCC-CYC-T-DUP');
    const again = await post('/api/v1/cycles', { reference: 'NCC-CYC-T-DUP', title: 'x', purpose: 'x', accountability: 'x', success: 'x' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: '/problems/duplicate-reference',
      errors: [{ field: 'reference', rule: 'unique', message: 'Another of your cycles already has the reference NCC-CYC-T-DUP: choose another' }],
    });
    // Another authority may use the same reference: the rule is each authority's own.
    const theirs = await t.http
      .post('/api/v1/cycles')
      .set({ authorization: `Bearer ${await login(t, 'commissioner@southvale.test')}` })
      .send({ reference: 'NCC-CYC-T-DUP', title: 'x', purpose: 'x', accountability: 'x', success: 'x' });
    expect(theirs.status).toBe(201);

    const agent = await signedInAgent(t, 'commissioner@northmere.test');
    const form = await agent.get('/cycles/new');
    const page = await agent
      .post('/cycles')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        reference: 'NCC-CYC-T-DUP',
        title: 'Youth clubs',
        purpose: 'Young people meet safely',
        accountability: 'Scrutiny',
        success: 'They come',
      });
    expect(page.status).toBe(400);
    expect(page.text).toMatch(
      /id="reference-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> Another of your cycles already has the reference NCC-CYC-T-DUP: choose another/,
    );
    expect(page.text).toContain('value="Youth clubs"');
    const ours = `SELECT id, title FROM commissioning_cycles WHERE reference = 'NCC-CYC-T-DUP' AND tenant_id = (SELECT tenant_id FROM commissioning_cycles WHERE id = $1)`;
    expect(await asOwner(t, ours, [first.id])).toEqual([{ id: first.id, title: 'Holiday activities' }]);
  });

  it('refuses a review-by date past the authority’s review period, naming the rule, and stores nothing', async () => {
    const res = await post('/api/v1/cycles', { reference: 'NCC-CYC-T-2', title: 'x', purpose: 'x', accountability: 'x', success: 'x', reviewBy: '2099-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'reviewBy', rule: 'review-period' })]);
    expect(await asOwner(t, `SELECT 1 FROM commissioning_cycles WHERE reference = 'NCC-CYC-T-2'`)).toEqual([]);
    const badDate = await post('/api/v1/cycles', {
      reference: 'NCC-CYC-T-2',
      title: 'x',
      purpose: 'x',
      accountability: 'x',
      success: 'x',
      reviewBy: '2027-02-30',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'reviewBy' })]);
  });

  it('records engagement and warns when participants are far from the area’s mix; refuses groups the mix does not have', async () => {
    const cycle = await newCycle('NCC-CYC-T-3');
    const activity = {
      title: 'Drop-in sessions',
      method: 'deliberative_panel',
      level: 'involve',
      upForGrabs: 'Venues and hours',
      seniorOwner: 'Head of Early Help',
      cost: '1200.50',
      startsOn: '2026-07-01',
      endsOn: '2026-07-31',
    };
    const unknown = await post(`/api/v1/cycles/${cycle.id}/engagements`, { ...activity, participants: { ethnicity: { martian: 3 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'participants.ethnicity.martian', rule: 'known-group' })]);
    const backwards = await post(`/api/v1/cycles/${cycle.id}/engagements`, { ...activity, endsOn: '2026-06-01' });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsOn', rule: 'after-start' })]);

    const res = await post(`/api/v1/cycles/${cycle.id}/engagements`, {
      ...activity,
      participants: { ethnicity: { white: 45, asian: 3, black: 1, mixed: 1, other: 0 } },
    });
    expect(res.status).toBe(201);
    const said = await post(`/api/v1/cycles/${cycle.id}/engagements/${res.body.id}/responses`, {
      youSaid: 'Open on Saturdays',
      changed: true,
      decisionArea: 'specification',
      weDid: 'Saturday sessions are in the specification',
    });
    expect(said.status).toBe(201);
    const read = (await t.http.get(`/api/v1/cycles/${cycle.id}`).set(auth())).body;
    // Northmere's demo mix: white 71%, asian 16%. 45 of 50 is 90% white; 3 of 50 is 6% asian.
    expect(
      read.engagement[0].participantWarnings.map((w: { group: string; participantsPercent: string; gapPoints: string }) => [
        w.group,
        w.participantsPercent,
        w.gapPoints,
      ]),
    ).toEqual([
      ['white', '90.0', '19.0'],
      ['asian', '6.0', '-10.0'],
    ]);
    expect(read.engagement[0].youSaidWeDid).toEqual([expect.objectContaining({ youSaid: 'Open on Saturdays', changed: true, decisionArea: 'specification' })]);
    expect(read.engagement[0].cost).toBe('1200.50');
  });

  it('will not take a restricted category to for-profit providers without a written justification (422 with the rule)', async () => {
    const cycle = await newCycle('NCC-CYC-T-4', { serviceCategory: 'youth-services' });
    expect(cycle.restrictedCategory).toEqual({ code: 'youth-services', name: 'Youth services' });
    const refused = await post(`/api/v1/cycles/${cycle.id}/delivery-decisions`, decision({ forProfitEligible: true }));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: '/problems/policy-violation' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'forProfitJustification', rule: 'restricted-category' })]);
    expect(await asOwner(t, `SELECT 1 FROM delivery_decisions WHERE cycle_id = '${cycle.id}'`)).toEqual([]);

    const first = await post(
      `/api/v1/cycles/${cycle.id}/delivery-decisions`,
      decision({ forProfitEligible: true, forProfitJustification: 'Two rounds drew no non-profit bid' }),
    );
    expect(first.status).toBe(201);
    const second = await post(
      `/api/v1/cycles/${cycle.id}/delivery-decisions`,
      decision({
        warningSignals: signals(['close_personal_relationship']),
        contract: { annualValue: '750000.00', lengthMonths: 84, capitalRequirement: '0' },
      }),
    );
    expect(second.body.version).toBe(2);
    expect(second.body.cycle.deliveryDecision.flags.map((f: { kind: string }) => f.kind)).toEqual([
      'market-warning-signal',
      'contract-size',
      'contract-length',
    ]);
    // The auditor reads both versions, the justification included.
    const auditor = await login(t, 'auditor@northmere.test');
    const history = await t.http.get(`/api/v1/cycles/${cycle.id}/delivery-decisions`).set({ authorization: `Bearer ${auditor}` });
    expect(history.body.items.map((d: { version: number; forProfitJustification: string | null }) => [d.version, d.forProfitJustification])).toEqual([
      [2, null],
      [1, 'Two rounds drew no non-profit bid'],
    ]);
    // Decisions are evidence: the database refuses to rewrite one.
    await expect(asOwner(t, `UPDATE delivery_decisions SET chosen = 'grant' WHERE cycle_id = '${cycle.id}'`)).rejects.toThrow();
  });

  it('refuses a decision that never considered in-house, or chose a route it did not consider', async () => {
    const cycle = await newCycle('NCC-CYC-T-5');
    const res = await post(
      `/api/v1/cycles/${cycle.id}/delivery-decisions`,
      decision({
        optionsConsidered: [
          { option: 'grant', assessment: 'a' },
          { option: 'co_production', assessment: 'b' },
        ],
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['in-house-considered', 'considered']);
  });

  it('publishes a tender from a cycle only once the cycle has outcomes (or a reason for outputs only) and a decision for tender', async () => {
    const cycle = await newCycle('NCC-CYC-T-6');
    const draft = await post('/api/v1/tenders', {
      reference: 'NCC-2027-C6',
      title: 'Holiday activities',
      model: exampleModel(),
      submissionDeadline: inDays(20),
      cycleId: cycle.id,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.cycleId).toBe(cycle.id);
    const publish = () => post(`/api/v1/tenders/${draft.body.id}/transitions`, { to: 'published' });

    const early = await publish();
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ type: '/problems/cycle-not-ready' });
    expect(early.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['outcomes-required', 'delivery-decision-required']);

    await post(`/api/v1/cycles/${cycle.id}/outcomes`, { statement: 'Sessions delivered', source: 'national', kind: 'output', indicators: ['Sessions a week'] });
    await post(`/api/v1/cycles/${cycle.id}/delivery-decisions`, decision());
    const outputsOnly = await publish();
    expect(outputsOnly.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['outputs-only']);

    const current = (await t.http.get(`/api/v1/cycles/${cycle.id}`).set(auth())).body;
    const saved = await t.http.put(`/api/v1/cycles/${cycle.id}`).set(auth()).send({
      reference: current.reference,
      title: current.title,
      purpose: current.purpose,
      accountability: current.accountability,
      success: current.success,
      reviewBy: current.reviewBy,
      outputsOnlyReason: 'A statutory duty counted in sessions; outcomes are measured by the public health survey',
      version: current.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ readyForTender: true, stage: 'decided', version: 2 });
    expect((await publish()).status).toBe(200);
    expect((await t.http.get(`/api/v1/cycles/${cycle.id}`).set(auth())).body.stage).toBe('procuring');
  });

  it('refuses a tender pointing at another authority’s cycle', async () => {
    const southvale = await login(t, 'commissioner@southvale.test');
    const theirs = (await t.http.get('/api/v1/cycles').set({ authorization: `Bearer ${southvale}` })).body.items[0];
    const res = await post('/api/v1/tenders', { reference: 'NCC-2027-C7', title: 'x', cycleId: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cycleId', rule: 'exists' })]);
    expect((await t.http.get(`/api/v1/cycles/${theirs.id}`).set(auth())).status).toBe(404);
  });

  it('seeds the demo cycles: youth services complete and linked to its tender, home care still at authorise', async () => {
    const list = (await t.http.get('/api/v1/cycles').set(auth())).body.items;
    const youth = list.find((c: { reference: string }) => c.reference === 'NCC-CYC-2025-04');
    expect(youth.stage).toBe('procuring');
    const full = (await t.http.get(`/api/v1/cycles/${youth.id}`).set(auth())).body;
    expect(full).toMatchObject({ readyForTender: true, restrictedCategory: { code: 'youth-services' } });
    expect(full.tenders).toEqual([expect.objectContaining({ id: await tenderIdByReference(t, 'NCC-2026-014'), reference: 'NCC-2026-014' })]);
    expect(full.engagement[1].participantWarnings.length).toBeGreaterThan(0);
    expect(list.find((c: { reference: string }) => c.reference === 'NCC-CYC-2026-01').stage).toBe('authorise');
  });
});
