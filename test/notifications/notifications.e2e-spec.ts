import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobRunner, jobIdFor } from '#jobs';
import { Notifications } from '#notifications';
import { ContextRunner, newId } from '#platform';
import { DeadlineRemindersJob } from '#tendering';
import { DEMO_AUTHORITIES } from '../../apps/api/src/demo/demo-world.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { waitUntil } from '../support/wait.js';
import { asOwner, authorityId, login, startTestApp, type TestApp } from '../support/test-app.js';

/** Reminders the demo world is due on its first morning: followers of tenders closing within 7 days. */
const dueAtStart = DEMO_AUTHORITIES.flatMap((a) =>
  a.tenders
    .filter((t) => 'followedBy' in t && t.deadlineDays !== null && t.deadlineDays > 0 && t.deadlineDays <= 7)
    .flatMap((t) => ('followedBy' in t ? t.followedBy.map((email) => ({ authority: a.slug, reference: t.reference, email })) : [])),
);

/**
 * The demo's awarded contract has its year 2 commitment reviews overdue and its third year's performance
 * assessment due: its contract manager is reminded of each at start-up too.
 */
const REVIEW_REMINDER = { authority: 'northmere', email: 'contracts@northmere.test' };
const ASSESSMENT_REMINDER = REVIEW_REMINDER;
const atStart = [...dueAtStart, REVIEW_REMINDER, ASSESSMENT_REMINDER];

const count = async (t: TestApp, sql: string, params: unknown[] = []) => Number((await asOwner<{ n: string }>(t, sql, params))[0].n);

describe('notifications without SMTP or Redis (the embedded demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { OUTBOX_POLL_MS: '50' }, awaitStartupJobs: true });
  });
  afterAll(async () => t?.close());

  it('sends the reminders due at start-up, as files in the mail folder, listed for the authority admin', async () => {
    expect(dueAtStart.length).toBeGreaterThan(0);
    await waitUntil(async () => (await count(t, 'SELECT count(*) AS n FROM email_deliveries')) === atStart.length, 20_000, 'the reminders');
    const files = readdirSync(t.config.mailDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(atStart.length);
    for (const due of dueAtStart) {
      const file = files.map((f) => readFileSync(join(t.config.mailDir, f), 'utf8')).find((m) => m.includes(`To: ${due.email}`));
      expect(file).toBeDefined();
      expect(file).toContain(`(${due.reference})`);
      expect(file).toMatch(/Content-Type: text\/plain/);
      expect(file).toMatch(/Content-Type: text\/html/);
    }
    const admin = await login(t, 'admin@northmere.test');
    const list = await t.http.get('/api/v1/notifications/emails').set('authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { to: string }) => i.to).sort()).toEqual(
      atStart
        .filter((d) => d.authority === 'northmere')
        .map((d) => d.email)
        .sort(),
    );
    const reminder = list.body.items.find((i: { to: string }) => i.to !== REVIEW_REMINDER.email);
    const one = await t.http.get(`/api/v1/notifications/emails/${reminder.id}`).set('authorization', `Bearer ${admin}`);
    expect(one.body.text).toMatch(/closes for bids on \w+day \d+ \w+ \d{4} at midday GMT/);
    expect(one.body.html).toContain('<h1');
    const southvale = await t.http.get('/api/v1/notifications/emails').set('authorization', `Bearer ${await login(t, 'admin@southvale.test')}`);
    const northmereIds = new Set(list.body.items.map((i: { id: string }) => i.id));
    expect(southvale.body.items.filter((i: { id: string }) => northmereIds.has(i.id))).toEqual([]);
  });

  it('does not remind twice: a second scan, on the same morning or the next, sends nothing new', async () => {
    const before = await count(t, 'SELECT count(*) AS n FROM outbox_messages');
    const job = t.app.get(DeadlineRemindersJob);
    expect(await job.run()).toBe(0);
    expect(await job.run(new Date(Date.now() + 86_400_000 / 2))).toBe(0);
    expect(await count(t, 'SELECT count(*) AS n FROM outbox_messages')).toBe(before);
  });

  it('sends the 1-day reminder when the last day comes', async () => {
    const closing = dueAtStart[0];
    const deadline = (await asOwner<{ d: Date }>(t, 'SELECT submission_deadline AS d FROM tenders WHERE reference = $1', [closing.reference]))[0].d;
    const dayBefore = new Date(new Date(deadline).getTime() - 20 * 3_600_000);
    const sent = await t.app.get(DeadlineRemindersJob).run(dayBefore);
    expect(sent).toBe(dueAtStart.filter((d) => d.reference === closing.reference).length);
    await waitUntil(
      async () => (await count(t, `SELECT count(*) AS n FROM email_deliveries WHERE subject LIKE 'Closes tomorrow%'`)) === sent,
      20_000,
      '1-day reminders',
    );
  });

  it('runs a job delivered twice once: the second run finds the message done', async () => {
    const [row] = await asOwner<{ id: string; tenant_id: string; generation: number }>(
      t,
      `SELECT id, tenant_id, generation FROM outbox_messages WHERE status = 'done' LIMIT 1`,
    );
    const before = await count(t, 'SELECT count(*) AS n FROM email_deliveries');
    const files = readdirSync(t.config.mailDir).length;
    await t.app
      .get(JobRunner)
      .run({ id: jobIdFor(row.id, row.generation), name: 'email.send', data: { tenantId: row.tenant_id, outboxId: row.id } }, { attempt: 1, final: false });
    expect(await count(t, 'SELECT count(*) AS n FROM email_deliveries')).toBe(before);
    expect(readdirSync(t.config.mailDir)).toHaveLength(files);
  });

  it('runs a job under row-level security: a job carrying the wrong authority cannot see its message', async () => {
    const northmere = await authorityId(t, 'northmere');
    const southvale = await authorityId(t, 'southvale');
    const data = {
      kind: '7d',
      recipientName: 'R',
      providerName: 'P',
      tenderTitle: 'T',
      tenderReference: 'R-1',
      deadline: new Date().toISOString(),
      tenderUrl: 'http://localhost/x',
    };
    // Written as already handed to the queue, so the running relay leaves it to the calls below.
    const outboxId = newId();
    await asOwner(
      t,
      `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status, dispatched_at) VALUES ($1, $2, 'email.send', $3, 'dispatched', now())`,
      [outboxId, northmere, JSON.stringify({ to: 'rls@example.org', template: 'deadline-reminder', data })],
    );
    const before = await count(t, 'SELECT count(*) AS n FROM email_deliveries');
    await t.app.get(JobRunner).run({ id: outboxId, name: 'email.send', data: { tenantId: southvale, outboxId } }, { attempt: 1, final: false });
    expect(await count(t, 'SELECT count(*) AS n FROM email_deliveries')).toBe(before);
    expect((await asOwner<{ status: string }>(t, 'SELECT status FROM outbox_messages WHERE id = $1', [outboxId]))[0].status).not.toBe('done');
    await t.app.get(JobRunner).run({ id: outboxId, name: 'email.send', data: { tenantId: northmere, outboxId } }, { attempt: 1, final: false });
    await waitUntil(
      async () => (await count(t, `SELECT count(*) AS n FROM email_deliveries WHERE to_address = 'rls@example.org'`)) === 1,
      10_000,
      'the delivery',
    );
  });

  it('writes nothing to the outbox when the change that caused it rolls back', async () => {
    const tenantId = await authorityId(t, 'northmere');
    const before = await count(t, 'SELECT count(*) AS n FROM outbox_messages');
    await expect(
      t.app.get(ContextRunner).run({ tenantId }, async () => {
        await t.app.get(Notifications).email({ to: 'x@example.org', tenantId, template: 'deadline-reminder', data: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count(t, 'SELECT count(*) AS n FROM outbox_messages')).toBe(before);
  });
});

describe('notifications through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50', JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '50' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('delivers the reminders with a plain-text and an HTML part and the Message-ID recorded', async () => {
    await smtp.waitFor(atStart.length);
    expect(smtp.messages.map((m) => (m.to as { text: string }).text).sort()).toEqual(atStart.map((d) => d.email).sort());
    expect(
      smtp.messages
        .filter((m) => (m.to as { text: string }).text === REVIEW_REMINDER.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Commitment reviews overdue: NCC-2023-031', 'Performance assessments due: 1 contract']);
    for (const m of smtp.messages.filter((x) => (x.to as { text: string }).text !== REVIEW_REMINDER.email)) {
      expect(m.subject).toMatch(/^Closes in 7 days: .+ \(NCC-\d{4}-\d{3}\)$/);
      expect(m.text).toContain('Bids cannot be submitted or replaced after the deadline.');
      expect(m.html).toContain('<h1');
      expect(m.from?.text).toContain('no-reply@commonweal.localhost');
    }
    // The delivery is recorded after the SMTP server has accepted the message, so the sink can
    // hold a message a moment before its row is committed: wait for the rows, then compare.
    await waitUntil(async () => (await count(t, 'SELECT count(*) AS n FROM email_deliveries')) >= smtp.messages.length, 10_000, 'the delivery records');
    const ids = await asOwner<{ message_id: string }>(t, 'SELECT message_id FROM email_deliveries');
    expect(ids.map((r) => r.message_id).sort()).toEqual(smtp.messages.map((m) => m.messageId).sort());
  });

  it('keeps a job that fails its last attempt, shows it to the authority admin, and sends it when retried', async () => {
    const tenantId = await authorityId(t, 'northmere');
    smtp.refuse.add('gone@example.org');
    const data = {
      kind: '7d',
      recipientName: 'Gone',
      providerName: 'Gone Ltd',
      tenderTitle: 'Lost mail',
      tenderReference: 'NCC-1',
      deadline: new Date().toISOString(),
      tenderUrl: 'http://localhost/x',
    };
    const [outboxId] = await t.app
      .get(ContextRunner)
      .run({ tenantId }, () => t.app.get(Notifications).email({ to: 'gone@example.org', tenantId, template: 'deadline-reminder', data }));
    await waitUntil(
      async () => (await count(t, `SELECT count(*) AS n FROM outbox_messages WHERE id = $1 AND status = 'failed'`, [outboxId])) === 1,
      20_000,
      'the final failure',
    );
    const admin = await login(t, 'admin@northmere.test');
    const failed = await t.http.get('/api/v1/jobs/failed').set('authorization', `Bearer ${admin}`);
    const item = failed.body.items.find((i: { id: string }) => i.id === outboxId);
    expect(item).toMatchObject({ topic: 'email.send', attempts: 2 });
    expect(item.lastError).toMatch(/gone@example.org|550/);
    const elsewhere = await t.http.get('/api/v1/jobs/failed').set('authorization', `Bearer ${await login(t, 'admin@southvale.test')}`);
    expect(elsewhere.body.items.some((i: { id: string }) => i.id === outboxId)).toBe(false);

    smtp.refuse.delete('gone@example.org');
    const arrived = smtp.messages.length;
    const retried = await t.http.post(`/api/v1/jobs/failed/${outboxId}/retry`).set('authorization', `Bearer ${admin}`);
    expect(retried.status).toBe(204);
    await smtp.waitFor(arrived + 1);
    expect(smtp.messages.at(-1)?.subject).toContain('Lost mail');
    await waitUntil(
      async () => (await count(t, `SELECT count(*) AS n FROM outbox_messages WHERE id = $1 AND status = 'done'`, [outboxId])) === 1,
      10_000,
      'done',
    );
    const after = await t.http.get('/api/v1/jobs/failed').set('authorization', `Bearer ${admin}`);
    expect(after.body.items.some((i: { id: string }) => i.id === outboxId)).toBe(false);
    expect((await t.http.post(`/api/v1/jobs/failed/${outboxId}/retry`).set('authorization', `Bearer ${admin}`)).status).toBe(404);
    // The audit event carries the request's id, the same one the log lines and the X-Request-Id header have.
    const audited = await asOwner<{ request_id: string }>(t, `SELECT request_id FROM audit_events WHERE action = 'job.retried' AND entity_id = $1`, [outboxId]);
    expect(audited).toEqual([{ request_id: retried.headers['x-request-id'] }]);
    expect(retried.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
