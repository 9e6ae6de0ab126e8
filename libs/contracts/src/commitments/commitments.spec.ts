import { publicCharacterCommitments } from './commitments.js';
import type { PublicCharacterSnapshot } from '#public-character';

const snapshot: PublicCharacterSnapshot = {
  frameworkVersion: 0,
  takenOn: '2027-01-10',
  tests: [
    { code: 'values', name: 'Values', level: 3, narrative: 'We answer information requests as a public body would', evidence: [] },
    { code: 'employees', name: 'Employees', level: 4, narrative: 'Real Living Wage; no two-tier workforce', evidence: [] },
    { code: 'shared_ownership', name: 'Shared ownership', level: 2, narrative: 'Staff council', evidence: [] },
    { code: 'democratic_ownership', name: 'Democratic ownership', level: null, narrative: null, evidence: [] },
  ],
};

describe('public character commitments at award', () => {
  it('binds each test at its verified level, or the provider’s own where unverified; nothing at level 0', () => {
    const made = publicCharacterCommitments(snapshot, { values: 2, shared_ownership: 0, democratic_ownership: null }, '2027-03-01');
    expect(made.map((c) => [c.code, c.level, c.verified])).toEqual([
      ['values', 2, true],
      ['employees', 4, false],
    ]);
    expect(made[1]).toMatchObject({ title: 'Employees', statement: 'Real Living Wage; no two-tier workforce', reviewDue: '2028-03-01' });
  });

  it('is reviewed a year after award; an award on 29 February is reviewed on 28 February', () => {
    expect(publicCharacterCommitments(snapshot, {}, '2028-02-29')[0].reviewDue).toBe('2029-02-28');
  });
});
