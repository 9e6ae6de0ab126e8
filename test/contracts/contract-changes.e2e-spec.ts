import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extendedEnd } from '#contracts';
import { Decimal } from 'decimal.js';
import { addDays, londonToday } from '#kernel';
import { demoContractId, outcomeContract, pendingContract } from '../support/contract-fixtures.js';
import { asOwner, login, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Variations and extensions (issue 14, item 7; Procurement Act 2023 s.74): a variation on a permitted
 * ground with its rationale, value and period change; an extension from the contract's options by its
 * decide-by date, once; one change open at a time; above the policy threshold a second person approves
 * before signature; a signed date neither in the future nor before the contract's signature or the last
 * change; signing moves the contract's value and end, and every change carries its cost impact.
 */
describe('contract changes', () => {
  let t: TestApp;
  const who = async (email: string, authority?: string) => ({ authorization: `Bearer ${await login(t, email, authority)}` });
  const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
  const today = () => londonToday();

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => t?.close());

  it('varies a signed contract on a ground, refusing bad input with nothing stored, and moves its value and end at signature', async () => {
    const cm = await who('contracts@northmere.test');
    const pending = await pendingContract(t, 'northmere');
    const onPending = await t.http
      .post(at(pending.id, '/changes'))
      .set(cm)
      .send({ kind: 'variation', classification: 'urgency', rationale: 'x', valueChange: '0' });
    expect(onPending.body.type).toBe('/problems/contract-not-active');

    const c = await outcomeContract(t, 'northmere');
    const before = (await t.http.get(at(c.id)).set(cm)).body;
    const bad = await t.http
      .post(at(c.id, '/changes'))
      .set(cm)
      .send({ kind: 'variation', classification: 'because', rationale: '', valueChange: '£5', newEndsOn: '30/06/2027' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['classification', 'rationale', 'valueChange', 'newEndsOn']));
    expect((await t.http.post(at(c.id, '/changes')).set(cm).send({ kind: 'rewrite', rationale: 'x' })).body.errors[0]).toMatchObject({ field: 'kind' });
    const tooMuch = await t.http
      .post(at(c.id, '/changes'))
      .set(cm)
      .send({ kind: 'variation', classification: 'urgency', rationale: 'x', valueChange: '-1200000.01' });
    expect(tooMuch.body.errors).toEqual([expect.objectContaining({ field: 'valueChange', rule: 'value-not-negative' })]);
    expect((await t.http.get(at(c.id, '/changes')).set(cm)).body.items).toEqual([]);

    const newEnd = addDays(before.endsOn, -90);
    const made = await t.http.post(at(c.id, '/changes')).set(cm).send({
      kind: 'variation',
      classification: 'unforeseeable',
      rationale: 'Two approved premises closed: fewer places to refer to, so a shorter term at less',
      valueChange: '-25000.00',
      newEndsOn: newEnd,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      number: 1,
      status: 'proposed',
      needsApproval: false,
      costImpact: { valueChange: '-25000.00', valueBefore: '1200000.00', valueAfter: '1175000.00', endsOnBefore: before.endsOn, endsOnAfter: newEnd },
    });
    const second = await t.http.post(at(c.id, '/changes')).set(cm).send({ kind: 'variation', classification: 'urgency', rationale: 'x', valueChange: '1' });
    expect(second.status).toBe(409);
    expect(second.body.type).toBe('/problems/change-open');

    const sign = (signedOn: string, version = 1) =>
      t.http
        .post(at(c.id, `/changes/${made.body.id}/signature`))
        .set(cm)
        .send({ version, signedOn });
    expect((await sign(addDays(today(), 1))).body.errors).toEqual([expect.objectContaining({ field: 'signedOn', rule: 'not-future' })]);
    expect((await sign(addDays(today(), -1))).body.errors).toEqual([expect.objectContaining({ field: 'signedOn', rule: 'after-contract-signed' })]);
    expect((await sign(today(), 7)).body.type).toBe('/problems/version-conflict');
    const signed = await sign(today());
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ status: 'signed', signed: { on: today() }, costImpact: { valueAfter: '1175000.00', endsOnAfter: newEnd } });
    const after = (await t.http.get(at(c.id)).set(cm)).body;
    expect(after).toMatchObject({ awardedValue: '1200000.00', value: '1175000.00', endsOn: newEnd });
    // Kept as signed: the database refuses a change to it, or its deletion.
    await expect(asOwner(t, `UPDATE contract_changes SET value_change = 0 WHERE id = $1`, [made.body.id])).rejects.toThrow(/kept as it was signed/);
    await expect(asOwner(t, `DELETE FROM contract_changes WHERE id = $1`, [made.body.id])).rejects.toThrow(/kept as it was signed/);
    // The next is signed no earlier than this one.
    const next = await t.http
      .post(at(c.id, '/changes'))
      .set(cm)
      .send({ kind: 'variation', classification: 'not_substantial', rationale: 'A new referral form', valueChange: '0' });
    expect(next.body.costImpact).toMatchObject({ valueChange: '0.00', valueAfter: '1175000.00' });
  });

  it('asks a second person to approve a change above the policy threshold, and holds a below-threshold change under 10%', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await outcomeContract(t, 'northmere');
    const below = await t.http
      .post(at(c.id, '/changes'))
      .set(cm)
      .send({ kind: 'variation', classification: 'below_threshold', rationale: 'More places', valueChange: '130000.00' });
    expect(below.body.errors).toEqual([expect.objectContaining({ field: 'classification', rule: 'below-threshold' })]);
    const big = (
      await t.http
        .post(at(c.id, '/changes'))
        .set(cm)
        .send({ kind: 'variation', classification: 'additional_services', rationale: 'A women’s service added to the contract', valueChange: '250000.00' })
    ).body;
    expect(big).toMatchObject({ needsApproval: true, status: 'proposed' });
    const early = await t.http
      .post(at(c.id, `/changes/${big.id}/signature`))
      .set(cm)
      .send({ version: 1, signedOn: today() });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('/problems/approval-required');
    const same = await t.http
      .post(at(c.id, `/changes/${big.id}/approval`))
      .set(cm)
      .send({ version: 1 });
    expect(same.status).toBe(403);
    expect(same.body.type).toBe('/problems/second-person-required');
    const approved = await t.http
      .post(at(c.id, `/changes/${big.id}/approval`))
      .set(await who('commissioner@northmere.test'))
      .send({ version: 1, note: 'Board approved on 3 November' });
    expect(approved.body).toMatchObject({ status: 'approved', approved: { note: 'Board approved on 3 November' } });
    expect(
      (
        await t.http
          .post(at(c.id, `/changes/${big.id}/signature`))
          .set(cm)
          .send({ version: 2, signedOn: today() })
      ).body.status,
    ).toBe('signed');
    expect((await t.http.get(at(c.id)).set(cm)).body.value).toBe('1450000.00');
  });

  it('exercises an extension option once, by its decide-by date; a withdrawn one frees it; two proposals at once, one wins', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await outcomeContract(t, 'northmere');
    await asOwner(t, `UPDATE contracts SET extension_options = $2 WHERE id = $1`, [
      c.id,
      JSON.stringify([
        { months: 12, value: '50000.00', decideBy: addDays(today(), 30) },
        { months: 6, value: '20000.00', decideBy: addDays(today(), -1) },
      ]),
    ]);
    const { endsOn } = (await t.http.get(at(c.id)).set(cm)).body;
    const extend = (optionIndex: unknown) => t.http.post(at(c.id, '/changes')).set(cm).send({ kind: 'extension', optionIndex, rationale: 'The service works' });
    expect((await extend('first')).body.errors.map((e: { field: string }) => e.field)).toContain('optionIndex');
    expect((await extend(1)).body.errors).toEqual([expect.objectContaining({ field: 'optionIndex', rule: 'by-decide-by' })]);
    expect((await extend(2)).body.errors).toEqual([expect.objectContaining({ field: 'optionIndex', rule: 'option-exists' })]);
    const both = await Promise.all([extend(0), extend(0)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const first = both.find((r) => r.status === 201)!.body;
    expect(first).toMatchObject({ kind: 'extension', classification: 'provided_for', valueChange: '50000.00', newEndsOn: extendedEnd(endsOn, 12) });
    const withdraw = (reason: string) =>
      t.http
        .post(at(c.id, `/changes/${first.id}/withdrawal`))
        .set(cm)
        .send({ version: 1, reason });
    expect((await withdraw('  ')).body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    expect((await withdraw('Budget not yet agreed')).body.status).toBe('withdrawn');
    const again = (await extend(0)).body;
    expect(again.number).toBe(2);
    expect(
      (
        await t.http
          .post(at(c.id, `/changes/${again.id}/signature`))
          .set(cm)
          .send({ version: 1, signedOn: today() })
      ).body.status,
    ).toBe('signed');
    expect((await t.http.get(at(c.id)).set(cm)).body).toMatchObject({ endsOn: extendedEnd(endsOn, 12), value: '1250000.00' });
    expect((await extend(0)).body.errors).toEqual([expect.objectContaining({ rule: 'option-unused' })]);
    const list = (await t.http.get(at(c.id, '/changes')).set(await who('auditor@northmere.test'))).body;
    expect(list.options.map((o: { taken: boolean }) => o.taken)).toEqual([true, false]);
    expect(list.items.map((ch: { status: string }) => ch.status)).toEqual(['withdrawn', 'signed']);
  });

  it('schedules what a change adds to a fixed fee: a variation over the quarters to come, an extension over its own', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await pendingContract(t, 'northmere');
    await asOwner(t, `UPDATE contracts SET extension_options = $2 WHERE id = $1`, [
      c.id,
      JSON.stringify([{ months: 12, value: '400000.00', decideBy: addDays(today(), 60) }]),
    ]);
    expect((await t.http.post(at(c.id, '/activation')).set(cm).send({ version: 1 })).status).toBe(201);
    const schedule = async () => (await t.http.get(at(c.id, '/payments')).set(cm)).body;
    const instalments = (await schedule()).items.filter((l: { kind: string }) => l.kind === 'fixed_fee');
    const variation = (
      await t.http
        .post(at(c.id, '/changes'))
        .set(cm)
        .send({ kind: 'variation', classification: 'additional_services', rationale: 'Weekend lunch clubs added', valueChange: '60000.01' })
    ).body;
    const varied = (
      await t.http
        .post(at(c.id, `/changes/${variation.id}/signature`))
        .set(cm)
        .send({ version: 1, signedOn: today() })
    ).body;
    // Every quarter of the contract is still to come: the £60,000.01 rides on each instalment's date, the last taking the penny.
    expect(varied.fees.map((f: { dueOn: string }) => f.dueOn)).toEqual(instalments.map((l: { dueOn: string }) => l.dueOn));
    expect(varied.fees.reduce((s: Decimal, f: { amount: string }) => s.plus(f.amount), new Decimal(0)).toFixed(2)).toBe('60000.01');
    expect(varied.fees[0]).toMatchObject({ kind: 'change_fee', label: `Variation 1, instalment 1 of ${instalments.length}`, state: 'scheduled' });

    const { endsOn } = (await t.http.get(at(c.id)).set(cm)).body;
    const extension = (await t.http.post(at(c.id, '/changes')).set(cm).send({ kind: 'extension', optionIndex: 0, rationale: 'The clubs are full' })).body;
    await t.http
      .post(at(c.id, `/changes/${extension.id}/approval`))
      .set(await who('commissioner@northmere.test'))
      .send({ version: 1 });
    const extended = (
      await t.http
        .post(at(c.id, `/changes/${extension.id}/signature`))
        .set(cm)
        .send({ version: 2, signedOn: today() })
    ).body;
    expect(extended.fees.map((f: { amount: string }) => f.amount)).toEqual(['100000.00', '100000.00', '100000.00', '100000.00']);
    expect(extended.fees[0].dueOn > endsOn).toBe(true);
    expect(extended.fees.at(-1).dueOn).toBe(extendedEnd(endsOn, 12));
    expect((await schedule()).totals).toMatchObject({ fixedFee: '1200000.00', changes: '460000.01' });
    // The database holds each fee to its change, once.
    await expect(
      asOwner(
        t,
        `INSERT INTO contract_payments (id, tenant_id, contract_id, provider_id, kind, number, label, due_on, amount) SELECT gen_random_uuid(), tenant_id, id, provider_id, 'change_fee', 1, 'x', now(), 1 FROM contracts WHERE id = $1`,
        [c.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('answers a retried proposal with the first answer, and shows the provider its own contract’s changes only', async () => {
    const cm = await who('contracts@northmere.test');
    const c = await outcomeContract(t, 'northmere', { provider: 'Brightpath Community Interest Company' });
    const send = () =>
      t.http
        .post(at(c.id, '/changes'))
        .set(cm)
        .set('idempotency-key', `change-${c.id}`)
        .send({ kind: 'variation', classification: 'not_substantial', rationale: 'New reporting dates', valueChange: '0' });
    const first = await send();
    const again = await send();
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const mine = (await t.http.get(`/api/v1/provider/contracts/${c.id}/changes`).set(await who('bids@brightpath.test'))).body;
    expect(mine.items.map((ch: { id: string }) => ch.id)).toEqual([first.body.id]);
    expect((await t.http.get(`/api/v1/provider/contracts/${c.id}/changes`).set(await who('bids@castleton.test'))).status).toBe(404);
    expect((await t.http.get(at(c.id, '/changes')).set(await who('auditor@southvale.test'))).status).toBe(404);
  });

  it('gives the demo’s contract two variations and its extension, each moving the value from the award', async () => {
    const id = await demoContractId(t);
    const list = (await t.http.get(at(id, '/changes')).set(await who('auditor@northmere.test'))).body;
    expect(
      list.items.map((ch: { kind: string; classification: string; status: string; needsApproval: boolean }) => [ch.kind, ch.classification, ch.needsApproval]),
    ).toEqual([
      ['variation', 'unforeseeable', false],
      ['variation', 'additional_services', true],
      ['extension', 'provided_for', true],
    ]);
    const total = list.items.reduce((s: Decimal, ch: { valueChange: string }) => s.plus(ch.valueChange), new Decimal(list.awardedValue));
    expect(list.value).toBe(total.toFixed(2));
    expect(list.items[2].costImpact).toMatchObject({ valueAfter: list.value, endsOnAfter: list.endsOn });
    expect(list.options).toEqual([expect.objectContaining({ taken: true })]);
  });
});
