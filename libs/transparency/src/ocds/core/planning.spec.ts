/* eslint-disable @typescript-eslint/no-explicit-any -- a release is read here as the public reads it: plain JSON */
import { fileURLToPath } from 'node:url';
import { dataQualityProblems } from './data-quality.js';
import { compiledRelease, mergeRules } from './merge.js';
import { ocdsValidators } from './ocds-schemas.js';
import { type PlanningFacts } from './planning.js';
import { processReleases } from './process.js';
import type { TenderFacts } from './releases.js';

const ocds = ocdsValidators(fileURLToPath(new URL('../../../../../docs/ocds/1.1.5', import.meta.url)));
const PREFIX = 'ocds-cmnwl0';
const tender: TenderFacts = {
  id: '0190a000-0000-7000-8000-000000000002',
  reference: 'NCC-2026-014',
  title: 'Youth services',
  description: 'Youth clubs run by local groups',
  status: 'published',
  estimatedValue: '900000.00',
  currency: 'GBP',
  publishedAt: '2026-10-01T09:00:00.000Z',
  submissionDeadline: '2026-12-20T12:00:00.000Z',
  buyer: { id: '0190a000-0000-7000-8000-0000000000b1', name: 'Northmere City Council' },
  documents: [],
  numberOfTenderers: null,
};
const planning = (over: Partial<PlanningFacts> = {}): PlanningFacts => ({
  reference: 'NCC-CYC-2026-02',
  title: 'Youth services',
  purpose: 'No young person out of education, employment or training',
  accountability: 'The children and young people’s scrutiny panel',
  success: 'Fewer young people not in education, employment or training, year on year',
  outcomes: ['Young people in education, employment or training', 'Youth clubs open in every ward'],
  engagements: [
    {
      id: 'e-1',
      title: 'Young people’s panel',
      method: 'deliberative_panel',
      level: 'involve',
      upForGrabs: 'Where the clubs meet and when',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      recordedAt: '2026-06-03T10:00:00.000Z',
      responses: 4,
      changed: 3,
    },
    {
      id: 'e-2',
      title: 'Consultation on the specification',
      method: 'statutory_consultation',
      level: 'consult',
      upForGrabs: 'The specification',
      startsOn: '2027-01-10',
      endsOn: '2027-02-20',
      recordedAt: '2026-09-01T10:00:00.000Z',
      responses: 0,
      changed: 0,
    },
  ],
  decision: {
    version: 2,
    chosen: 'competitive_tender',
    rationale: 'Local groups run clubs better than the council could',
    decidedAt: '2026-07-15T09:00:00.000Z',
  },
  updatedAt: '2026-04-01T09:00:00.000Z',
  ...over,
});

describe('OCDS planning: the commissioning cycle a tender was made from', () => {
  it('publishes the cycle’s purpose, outcomes, engagement and delivery decision as a planning release the schema accepts', () => {
    const releases = processReleases(PREFIX, { tender, awards: [], contracts: [], planning: planning() });
    expect(releases.map((r) => r.tag[0])).toEqual(['planning', 'tender']);
    for (const r of releases) expect([r.id, ocds.release(r)]).toEqual([r.id, []]);
    expect(dataQualityProblems(releases[0].ocid, releases, ocds.codelist)).toEqual([]);
    const compiled = compiledRelease(releases, mergeRules(ocds.releaseSchema)) as any;
    expect(compiled.planning.rationale).toContain('What it is for: No young person out of education');
    expect(compiled.planning.rationale).toContain('Outcomes sought: Young people in education, employment or training; Youth clubs open in every ward');
    expect(compiled.planning.milestones.map((m: any) => [m.id, m.type, m.status, m.dateMet])).toEqual([
      // Recorded after it ended: it happened. Recorded ahead of its dates: planned.
      ['engagement-e-1', 'engagement', 'met', '2026-05-31T00:00:00Z'],
      ['engagement-e-2', 'engagement', 'scheduled', undefined],
      ['delivery-decision', 'approval', 'met', '2026-07-15T09:00:00Z'],
    ]);
    expect(compiled.planning.milestones[0].description).toContain('4 of the points people made answered, 3 changing what was planned');
    expect(compiled.planning.milestones[2].description).toContain('Chosen: competitive tender');
    // Dated by the latest thing recorded about the cycle.
    expect(releases[0].date).toBe('2026-09-01T10:00:00Z');
    // What in-house delivery would cost is never in it: bidders would price against it.
    expect(JSON.stringify(releases[0])).not.toMatch(/comparator/i);
  });

  it('publishes a cycle with no engagement or decision yet with its rationale alone, and none without a cycle', () => {
    const [only] = processReleases(PREFIX, { tender, awards: [], contracts: [], planning: planning({ engagements: [], decision: null }) });
    expect(ocds.release(only)).toEqual([]);
    expect((only.planning as any).milestones).toBeUndefined();
    expect(processReleases(PREFIX, { tender, awards: [], contracts: [] }).map((r) => r.tag[0])).toEqual(['tender']);
  });
});
