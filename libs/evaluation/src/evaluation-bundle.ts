import type { CriterionInput, EngineInput, ModelInput, SensitivitySettings } from '#scoring';
import type { PolicyPack } from '#policy';
import type { Criterion, EvaluationModel } from '#tendering';

/**
 * Everything the engine needs to recompute a tender's result, as one JSON
 * document (described by docs/evaluation-bundle.schema.json). `npx commonweal
 * evaluate bundle.json` reads it offline and prints the same result.
 */
export interface EvaluationBundle {
  format: 'commonweal-evaluation-bundle/1';
  tender: { id: string; reference: string; modelHash: string | null; policyPackVersion: number };
  engine: EngineInput;
  sensitivity: SensitivitySettings;
}

export const SENSITIVITY_SAMPLES = 10_000;
export const SENSITIVITY_PERCENT = '10';

/** The engine's view of a criterion: weights, categories, scales and gates; titles and guidance stay with the tender. */
const engineCriterion = (c: Criterion): CriterionInput => ({
  key: c.key,
  weight: c.weight,
  ...(c.category ? { category: c.category } : {}),
  ...(c.scale ? { scale: c.scale } : {}),
  ...(c.minimumScore != null ? { minimumScore: c.minimumScore } : {}),
  ...(c.children?.length ? { children: c.children.map(engineCriterion) } : {}),
});

/** The model as the engine reads it. A lot cap in the policy pack applies (in the model's lot order) when the model declares none. */
export function engineModel(model: EvaluationModel, pack: PolicyPack): ModelInput {
  const lotCap =
    model.lotCap ?? (pack.lotsPerSupplierCap && model.lots.length > 1 ? { maxLotsPerSupplier: pack.lotsPerSupplierCap, order: 'model_order' as const } : null);
  return {
    lots: model.lots.map((l) => ({ key: l.key, priceMethod: l.priceMethod, benchmark: l.benchmark ?? null, estimatedValue: l.estimatedValue ?? null })),
    criteria: model.criteria.map(engineCriterion),
    tieBreak: model.tieBreak,
    lotCap,
  };
}

export const enginePolicy = (pack: PolicyPack): EngineInput['policy'] => ({
  abnormallyLow: pack.abnormallyLow,
  evaluatorVariance: pack.evaluatorVariance,
});

/** Leaves other than price, with the top-level criterion (the group evaluators are assigned to) they belong to. */
export function markedCriteria(model: EvaluationModel): { key: string; title: string; group: string; scaleMax: number; criterion: Criterion }[] {
  const out: { key: string; title: string; group: string; scaleMax: number; criterion: Criterion }[] = [];
  const walk = (c: Criterion, group: string) => {
    if (c.children?.length) c.children.forEach((x) => walk(x, group));
    else if (c.scale) out.push({ key: c.key, title: c.title, group, scaleMax: Number(c.scale.split('-')[1]), criterion: c });
  };
  model.criteria.filter((c) => c.category !== 'price').forEach((c) => walk(c, c.key));
  return out;
}

/**
 * The bundle as one bidder may have it, from the start of standstill: enough to recompute the whole
 * ranking offline, without naming anyone else. Its own bids keep their ids and supplier; every other
 * bid becomes `other-1`, `other-2`… (in the order of their ids), with no supplier, and a rejection is
 * said without the authority's reasons about another bidder. Evaluators' individual marks are left out
 * (they are the authority's working papers); so is the variance rule that reads them, which changes
 * only flags, never scores or ranks. The digest therefore differs from the authority's own.
 */
export function providerBundle(bundle: EvaluationBundle, ownBidIds: ReadonlySet<string>): EvaluationBundle {
  const others = bundle.engine.bids
    .map((b) => b.bidId)
    .filter((id) => !ownBidIds.has(id))
    .sort();
  const alias = new Map(others.map((id, i) => [id, `other-${i + 1}`]));
  const name = (id: string) => alias.get(id) ?? id;
  const { evaluatorVariance: _variance, ...policy } = bundle.engine.policy;
  return {
    ...bundle,
    engine: {
      model: bundle.engine.model,
      bids: bundle.engine.bids.map((b) =>
        ownBidIds.has(b.bidId)
          ? b
          : {
              bidId: name(b.bidId),
              lotKey: b.lotKey,
              price: b.price,
              costProfile: b.costProfile ?? null,
              rejected: b.rejected ? 'Rejected after clarification' : null,
            },
      ),
      marks: Object.fromEntries(Object.entries(bundle.engine.marks).map(([id, m]) => [name(id), m])),
      // Another bidder's exclusion keeps its rule (the ranking needs only that it is excluded), not the authority's reasons.
      ...(bundle.engine.exclusions
        ? {
            exclusions: Object.fromEntries(
              Object.entries(bundle.engine.exclusions).map(([id, list]) => [
                name(id),
                ownBidIds.has(id) ? list : list.map((e) => ({ rule: e.rule, detail: 'Excluded before scoring' })),
              ]),
            ),
          }
        : {}),
      policy,
    },
  };
}
