import { OUTCOME_TARGET } from './implementation.js';
import { instant, type Release, rehash } from './releases.js';

/**
 * What an authority may withhold from publication, and how a release says it was withheld (docs/domain.md,
 * "Accountability"). Procurement law decides what must be published: who won, for how much, when, every
 * payment made. Those are never withheld here. What a contract's own terms and results reveal of a provider's
 * commercial position may be: the performance terms agreed, the results measured, the reasons given for a
 * change. A withheld field is left out of every release that would carry it, and the release carries a
 * `withheldInformation` item (the OCDS withheld information extension) naming the field, why, and when it will
 * be published, if ever. Pure: releases and decisions in, releases out.
 */
export const WITHHELD_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_withheldInformation_extension/master/extension.json';

/** The fields of a contract that may be withheld, by their OCDS path, each with the name a reader sees. */
export const WITHHOLDABLE = {
  'contracts/agreedMetrics': 'The performance terms agreed: KPI thresholds, outcome targets (interim ones too), social value committed',
  'contracts/implementation/metrics': 'The results measured: KPI measurements, outcome results, social value delivered, assessments',
  'contracts/amendments/rationale': 'Why the contract was changed',
} as const;
export type WithholdableField = keyof typeof WITHHOLDABLE;
export const WITHHOLDABLE_FIELDS = Object.keys(WITHHOLDABLE) as WithholdableField[];

/**
 * Why, as the Procurement Act 2023 (s.94) lets an authority not publish: our codes, in a scheme of ours (OCDS has
 * no codelist for the grounds of a country's law).
 */
export const WITHHOLDING_SCHEME = 'UK-PA2023-s94';
export const GROUNDS = {
  commerciallySensitive: 'Commercially sensitive information',
  nationalSecurity: 'National security',
  personalData: 'Personal data',
  otherPublicInterest: 'Another overriding public interest',
} as const;
export type WithholdingGround = keyof typeof GROUNDS;
export const WITHHOLDING_GROUNDS = Object.keys(GROUNDS) as WithholdingGround[];

export interface Withholding {
  id: string;
  contractId: string;
  /** The contract's title, as the reader of the item knows it. */
  contractTitle: string;
  field: WithholdableField;
  ground: WithholdingGround;
  rationale: string;
  /** The day it will be published (UTC), or null while it is withheld with no end. */
  availableOn: string | null;
  /** When it was lifted (an instant), or null. */
  liftedAt: string | null;
}

/** In force on `today` (YYYY-MM-DD): not lifted, and not yet at the day it was to be published. */
export const inForce = (w: Pick<Withholding, 'availableOn' | 'liftedAt'>, today: string) =>
  w.liftedAt === null && (w.availableOn === null || w.availableOn > today);

type Obj = Record<string, unknown>;
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Whether a release carries the field a withholding would keep back: what must not yet be published, if it was. */
export function carries(r: Release, w: Pick<Withholding, 'contractId' | 'field'>): boolean {
  const c = objects(r.contracts).find((x) => x.id === w.contractId);
  if (!c) return false;
  const targets = outcomeTargets(c);
  switch (w.field) {
    case 'contracts/agreedMetrics':
      // The interim outcome targets among its milestones are agreed terms too.
      return c.agreedMetrics !== undefined || targets.length > 0;
    case 'contracts/implementation/metrics':
      // Whether an interim target was met tells a result.
      return (c.implementation as Obj | undefined)?.metrics !== undefined || targets.some((m) => m.status !== 'scheduled');
    case 'contracts/amendments/rationale':
      return objects(c.amendments).some((a) => a.rationale !== undefined);
  }
}

const outcomeTargets = (c: Obj) => objects((c.implementation as Obj | undefined)?.milestones).filter((m) => m.code === OUTCOME_TARGET);

/** The contract with its implementation's milestones changed by `change` (and no milestones at all when none is left). */
function withMilestones(c: Obj, change: (ms: Obj[]) => Obj[]): Obj {
  const { milestones, ...implementation } = (c.implementation as Obj | undefined) ?? {};
  if (milestones === undefined) return c;
  const kept = change(objects(milestones));
  return { ...c, implementation: kept.length ? { ...implementation, milestones: kept } : implementation };
}

function strip(c: Obj, field: WithholdableField): Obj {
  switch (field) {
    case 'contracts/agreedMetrics': {
      const { agreedMetrics: _, ...rest } = c;
      return withMilestones(rest, (ms) => ms.filter((m) => m.code !== OUTCOME_TARGET));
    }
    case 'contracts/implementation/metrics': {
      const { metrics: _, ...implementation } = (c.implementation as Obj | undefined) ?? {};
      return withMilestones({ ...c, implementation }, (ms) =>
        ms.map((m) => (m.code === OUTCOME_TARGET ? (({ dateMet: _m, dateModified: _d, ...rest }) => ({ ...rest, status: 'scheduled' }))(m) : m)),
      );
    }
    case 'contracts/amendments/rationale':
      return { ...c, amendments: objects(c.amendments).map(({ rationale: _, ...a }) => a) };
  }
}

/**
 * The item a release carries for each field it leaves out, or carried once: its id is the decision's, so a record
 * merges it into one, and once the field is published its availability date says from when.
 */
export function withheldItem(w: Withholding, today: string) {
  const until = inForce(w, today) ? w.availableOn : (w.liftedAt ?? w.availableOn);
  return {
    id: w.id,
    field: w.field,
    name: `${WITHHOLDABLE[w.field]}: ${w.contractTitle}`,
    rationale: w.rationale,
    rationaleClassifications: [{ scheme: WITHHOLDING_SCHEME, id: w.ground, description: GROUNDS[w.ground] }],
    ...(until ? { availabilityDate: instant(until) } : {}),
  };
}

/**
 * The releases with every field in force on `today` withheld: each release that would carry one is rebuilt without
 * it and says so (its id follows its new content). One that carries a field withheld before (lifted, or its day
 * come) says until when it was, so a record that said it was withheld says it no longer is (OCDS merges the item
 * by its id). A release that carries nothing ever withheld is returned as it was.
 */
export function withhold(releases: readonly Release[], withholdings: readonly Withholding[], today: string): Release[] {
  return releases.map((r) => {
    const applies = withholdings.filter((w) => carries(r, w));
    if (!applies.length) return r;
    const stripped = applies.filter((w) => inForce(w, today));
    const contracts = objects(r.contracts).map((c) => stripped.filter((w) => w.contractId === c.id).reduce((x, w) => strip(x, w.field), c));
    const { id: _, ...content } = r;
    return rehash({ ...content, contracts, withheldInformation: applies.map((w) => withheldItem(w, today)) });
  });
}
