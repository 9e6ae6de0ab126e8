import { amendmentReleases, type ContractStory, implementationRelease } from './implementation.js';
import { type AwardFacts, awardRelease, type ContractFacts, contractRelease, type Release, type TenderFacts, tenderRelease } from './releases.js';
import { type PlanningFacts, planningRelease } from './planning.js';
import { type Withholding, withhold } from './withholding.js';

/** Everything public about one contracting process, as the publication job reads it. */
export interface ProcessFacts {
  tender: TenderFacts;
  awards: AwardFacts[];
  /** Each contract as signed (its value and end before any change), with what has happened since. */
  contracts: (ContractFacts & { story?: ContractStory })[];
  /** The commissioning cycle the tender was made from, if any. */
  planning?: PlanningFacts | null;
  /** What the authority withholds from publication, and has (lifted, or its day come). */
  withholdings?: Withholding[];
}

/**
 * The releases of one process as it stands: its planning (the cycle the tender came from), its tender, each award's, each contract's, its amendments and its
 * implementation, with what the authority withholds left out and said to be.
 */
export function processReleases(prefix: string, p: ProcessFacts, today = new Date().toISOString().slice(0, 10)): Release[] {
  return withhold(buildReleases(prefix, p), p.withholdings ?? [], today);
}

function buildReleases(prefix: string, p: ProcessFacts): Release[] {
  return [
    ...(p.planning ? [planningRelease(prefix, p.tender, p.planning)] : []),
    tenderRelease(prefix, p.tender),
    ...p.awards.map((a) => awardRelease(prefix, p.tender, a)),
    ...p.contracts.flatMap((c) => {
      const implementation = c.story ? implementationRelease(prefix, p.tender, c, c.story.implementation) : null;
      return [
        contractRelease(prefix, p.tender, c),
        ...(c.story ? amendmentReleases(prefix, p.tender, c, c.story.amendments) : []),
        ...(implementation ? [implementation] : []),
      ];
    }),
  ];
}
