import { describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';
import { limitClause } from './entity-rows.js';
import { namedStatements, preparable } from './prepared-statements.js';

/** A query runner that only records what reached TypeORM's query: the wrapper's own contract, no database. */
function recording() {
  const sent: unknown[][] = [];
  const qr = { query: async (...args: unknown[]) => sent.push(args) } as unknown as QueryRunner;
  namedStatements(qr);
  return { qr, sent };
}

describe('named statements', () => {
  it('sends a text marked preparable by a name drawn from the text, and any other text as it is', async () => {
    const { qr, sent } = recording();
    const marked = preparable('SELECT id FROM tenders ORDER BY id DESC LIMIT 21');
    await qr.query(marked, []);
    await qr.query('SELECT id FROM tenders ORDER BY id DESC LIMIT 22', [1]);
    await qr.query(preparable('SELECT id FROM tenders ORDER BY id DESC LIMIT 21'), []);
    const [first, unmarked, again] = sent;
    expect(first).toEqual([{ name: expect.stringMatching(/^cw_[0-9a-f]{24}$/), text: marked }, []]);
    expect(unmarked).toEqual(['SELECT id FROM tenders ORDER BY id DESC LIMIT 22', [1]]);
    // The same text, the same name: node-postgres binds it again rather than preparing a second statement.
    expect(again).toEqual(first);
  });

  it('stops naming new texts past its cap, so a connection never keeps an unbounded set', async () => {
    const { qr, sent } = recording();
    for (let i = 0; i < 100; i++) await qr.query(preparable(`SELECT ${i} AS n`));
    const named = sent.filter(([q]) => typeof q === 'object');
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(64);
    // The ones past the cap still run, unnamed.
    expect(sent).toHaveLength(100);
    expect(sent.at(-1)).toEqual(['SELECT 99 AS n']);
  });
});

describe('limitClause', () => {
  it('writes a positive whole number, and nothing else, into the text', () => {
    expect(limitClause(21)).toBe('LIMIT 21');
    for (const bad of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '21; DROP TABLE tenders' as unknown as number]) {
      expect(() => limitClause(bad)).toThrow(/not a positive whole number/);
    }
  });
});
