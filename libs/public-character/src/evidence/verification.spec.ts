import { decisionProblems, verifiedLevel } from './verification.js';

const now = new Date('2026-11-29T12:00:00Z');
const rules = (d: Parameters<typeof decisionProblems>[0], self: number | null = 3) => decisionProblems(d, self, now).map((p) => `${p.field} ${p.rule}`);

describe('verification decisions', () => {
  it('accepts without a reason or a level, keeping the provider’s level (an unassessed test is 0)', () => {
    expect(rules({ outcome: 'accepted' })).toEqual([]);
    expect(verifiedLevel({ outcome: 'accepted' }, 3)).toBe(3);
    expect(verifiedLevel({ outcome: 'accepted' }, null)).toBe(0);
    expect(rules({ outcome: 'accepted', level: 2 })).toEqual(['level not-allowed']);
  });

  it('adjusts to a different level, with a reason', () => {
    expect(rules({ outcome: 'adjusted', level: 2, reason: 'Survey is old' })).toEqual([]);
    expect(verifiedLevel({ outcome: 'adjusted', level: 2 }, 3)).toBe(2);
    expect(rules({ outcome: 'adjusted', reason: ' ' })).toEqual(['reason required', 'level required']);
    expect(rules({ outcome: 'adjusted', level: 3, reason: 'x' })).toEqual(['level differs']);
    expect(rules({ outcome: 'adjusted', level: 0, reason: 'x' }, null)).toEqual(['level differs']);
  });

  it('rejects to level 0, with a reason', () => {
    expect(verifiedLevel({ outcome: 'rejected' }, 4)).toBe(0);
    expect(rules({ outcome: 'rejected' })).toEqual(['reason required']);
  });

  it('asks for more with a reason and a date in the future, and verifies no level until answered', () => {
    expect(rules({ outcome: 'more_requested', reason: 'Minutes?', respondBy: '2026-12-04T17:00:00Z' })).toEqual([]);
    expect(verifiedLevel({ outcome: 'more_requested' }, 3)).toBeNull();
    expect(rules({ outcome: 'more_requested', reason: 'Minutes?' })).toEqual(['respondBy required']);
    expect(rules({ outcome: 'more_requested', reason: 'Minutes?', respondBy: '2026-11-29T12:00:00Z' })).toEqual(['respondBy future']);
    expect(rules({ outcome: 'accepted', respondBy: '2026-12-04T17:00:00Z' })).toEqual(['respondBy not-allowed']);
  });
});
