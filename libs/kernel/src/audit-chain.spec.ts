import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { auditContentHash, auditContentText, type ChainedEvent, chainLink, GENESIS_HASH, storedAuditContentText, verifyChain } from './audit-chain.js';

const TENANT = '0190a000-0000-7000-8000-000000000001';
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** A chain as the database would store it: content hashed by the writer, linked by the trigger. */
function chain(n: number, data: (i: number) => unknown = (i) => ({ i })): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      id: id(i),
      tenantId: TENANT,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 9, 0, i)),
      actorUserId: i % 2 ? id(900) : null,
      actorApiKeyId: null,
      action: `thing.done_${i}`,
      entityType: 'thing',
      entityId: id(100 + i),
      requestId: null,
      data: data(i),
    };
    const contentHash = auditContentHash(content);
    const hash = chainLink(prev, contentHash);
    out.push({ ...content, seq: i, prevHash: prev, contentHash, hash });
    prev = hash;
  }
  return out;
}
const headOf = (c: ChainedEvent[]) => ({ seq: c.at(-1)?.seq ?? 0, hash: c.at(-1)?.hash ?? GENESIS_HASH });
const locator = (c: ChainedEvent[]) => async (hash: string) => c.find((e) => e.hash === hash)?.seq ?? null;
const verify = (rows: ChainedEvent[], head = headOf(rows), pageSize = 3) => {
  const pages: ChainedEvent[][] = [];
  for (let i = 0; i < rows.length; i += pageSize) pages.push(rows.slice(i, i + pageSize));
  return verifyChain(pages, head, locator(rows));
};

describe('the audit chain', () => {
  it('links each event to the one before by sha256 over both digests, as the database trigger does', () => {
    const prev = 'ab'.repeat(32);
    const content = 'cd'.repeat(32);
    expect(chainLink(prev, content)).toBe(
      createHash('sha256')
        .update(Buffer.from(prev + content, 'hex'))
        .digest('hex'),
    );
    expect(chainLink(GENESIS_HASH, content)).toHaveLength(64);
  });

  it('hashes what the database gives back: undefined fields dropped, a Date as its ISO text, the time in UTC', () => {
    const [e] = chain(1);
    const asStored = { ...e, data: { at: '2026-01-01T00:00:00.000Z' } };
    expect(auditContentHash({ ...asStored, data: { at: new Date('2026-01-01T00:00:00Z'), gone: undefined } })).toBe(auditContentHash(asStored));
    expect(auditContentHash({ ...e, occurredAt: '2026-01-01T09:00:01.000Z' })).toBe(auditContentHash(e));
  });

  it('writes the same canonical text for an event read back from the database as for the event written (property)', () => {
    const uuid = fc.uuid();
    const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          id: uuid,
          tenantId: uuid,
          occurredAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
          actorUserId: nullable(uuid),
          actorApiKeyId: nullable(uuid),
          action: fc.string(),
          entityType: fc.string(),
          entityId: nullable(uuid),
          requestId: nullable(fc.string()),
          data: fc.jsonValue(),
        }),
        (e) => {
          const stored = { ...e, data: JSON.parse(JSON.stringify(e.data)) };
          expect(storedAuditContentText(stored)).toBe(auditContentText(e));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds an untouched chain valid, and an empty one against an empty head', async () => {
    const c = chain(10);
    expect(await verify(c)).toEqual({ valid: true, verified: 10, head: headOf(c), break: null });
    expect(await verify([], { seq: 0, hash: GENESIS_HASH })).toMatchObject({ valid: true, verified: 0, head: null });
  });

  it('names an altered event: what it says, when it happened, or its hash', async () => {
    const c = chain(8);
    c[4] = { ...c[4], data: { i: 5, amount: '1.00' } };
    expect((await verify(c)).break).toEqual({ kind: 'altered', seq: 5, eventId: id(5), detail: expect.stringMatching(/content hash/) });
    const d = chain(8);
    d[2] = { ...d[2], occurredAt: new Date(Date.UTC(2025, 0, 1)) };
    expect((await verify(d)).break).toMatchObject({ kind: 'altered', seq: 3 });
    const h = chain(8);
    h[6] = { ...h[6], hash: 'f'.repeat(64) };
    expect((await verify(h)).break).toMatchObject({ kind: 'altered', seq: 7 });
    expect((await verify(h)).verified).toBe(6);
  });

  it('names a deleted event: a gap, a gap closed by renumbering, or the end cut off', async () => {
    const c = chain(8);
    expect((await verify([...c.slice(0, 3), ...c.slice(4)])).break).toMatchObject({ kind: 'deleted', seq: 5, detail: 'event 4 is missing before this one' });
    const renumbered = [...c.slice(0, 3), ...c.slice(4).map((e) => ({ ...e, seq: e.seq - 1 }))];
    expect((await verify(renumbered)).break).toMatchObject({ kind: 'deleted', seq: 4, eventId: id(5) });
    expect((await verify(c.slice(0, 6), headOf(c))).break).toMatchObject({
      kind: 'deleted',
      seq: 7,
      detail: 'events 7 to 8 are missing from the end of the log',
    });
  });

  it('names an inserted event: a seq used twice, one slipped in and the rest renumbered, or one past the head', async () => {
    const c = chain(6);
    const forged = { ...c[2], id: id(77) };
    expect((await verify([...c.slice(0, 3), forged, ...c.slice(3)])).break).toMatchObject({ kind: 'inserted', seq: 3, eventId: id(77) });

    // A forger who knows the rules hashes the new event properly and renumbers the rest.
    const content = { ...c[2], id: id(78), action: 'forged.approval', data: { by: 'nobody' } };
    const contentHash = auditContentHash(content);
    const slipped = { ...content, seq: 4, prevHash: c[2].hash, contentHash, hash: chainLink(c[2].hash, contentHash) };
    const rows = [...c.slice(0, 3), slipped, ...c.slice(3).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect((await verify(rows, headOf(rows))).break).toMatchObject({ kind: 'inserted', seq: 4, eventId: id(78) });

    const appended = { ...content, seq: 7, prevHash: c[5].hash, contentHash, hash: chainLink(c[5].hash, contentHash) };
    expect((await verify([...c, appended], headOf(c))).break).toMatchObject({ kind: 'inserted', seq: 7 });
  });

  it('names reordered events: two that swapped places', async () => {
    const c = chain(7);
    const swapped = [...c.slice(0, 2), { ...c[3], seq: 3 }, { ...c[2], seq: 4 }, ...c.slice(4)];
    expect((await verify(swapped)).break).toEqual({
      kind: 'reordered',
      seq: 3,
      eventId: id(4),
      detail: 'it follows the event now at seq 4, not the one before it',
    });
  });

  it('names a history rewritten and hashed again from some event on, against a head published before it', async () => {
    const original = chain(8);
    // A forger with the owner's rights replaces events 5 to 8 and re-links them: the chain holds on its own.
    const forged = chain(8, (i) => (i >= 5 ? { i, forged: true } : { i }));
    expect((await verify(forged)).valid).toBe(true);
    const published = (seq: number, day: string) => ({ seq, hash: original[seq - 1].hash, day });
    expect((await verifyChain([forged], headOf(forged), locator(forged), [published(4, '2026-12-01')])).valid).toBe(true);
    expect((await verifyChain([forged], headOf(forged), locator(forged), [published(4, '2026-12-01'), published(6, '2026-12-02')])).break).toEqual({
      kind: 'rewritten',
      seq: 6,
      eventId: id(6),
      detail: 'the chain no longer passes through the head published on 2026-12-02: the history up to here was replaced',
    });
    // Cut back below a published head: the events it counted are gone.
    const cut = original.slice(0, 5);
    expect((await verifyChain([cut], headOf(cut), locator(cut), [published(7, '2026-12-03')])).break).toMatchObject({ kind: 'deleted', seq: 6 });
  });

  it('catches any one change to any one event of any chain, at that event (property)', async () => {
    const field = fc.constantFrom('action', 'entityType', 'actorUserId', 'data', 'occurredAt', 'prevHash', 'contentHash', 'hash');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.nat(), field, fc.jsonValue(), fc.integer({ min: 1, max: 5 }), async (n, k, f, value, pageSize) => {
        const c = chain(n, (i) => ({ i, value }));
        expect((await verify(c, headOf(c), pageSize)).valid).toBe(true);
        const at = k % n;
        const e = c[at];
        const changed: Record<string, unknown> = {
          action: `${e.action}x`,
          entityType: `${e.entityType}x`,
          actorUserId: e.actorUserId ? null : id(901),
          data: { i: at + 1, value, extra: true },
          occurredAt: new Date(new Date(e.occurredAt).getTime() + 1),
          prevHash: 'e'.repeat(64),
          contentHash: 'e'.repeat(64),
          hash: 'e'.repeat(64),
        };
        c[at] = { ...e, [f]: changed[f] } as ChainedEvent;
        const result = await verify(c, headOf(chain(n, (i) => ({ i, value }))), pageSize);
        expect(result.valid).toBe(false);
        expect(result.break!.seq).toBe(at + 1);
        expect(result.verified).toBe(at);
      }),
      { numRuns: 300 },
    );
  });
});
