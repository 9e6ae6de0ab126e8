import type { PolicyPack } from '#policy';
import type { CycleTender } from './cycle-tenders.service.js';
import type { CommissioningCycle, CycleOutcome, DeliveryDecision, EngagementActivity, EngagementResponse } from './cycle.entities.js';
import { decisionFlags } from './delivery-decision.js';
import { mixWarnings } from './participation-mix.js';
import { notReadyForTender } from './readiness.js';

export type CycleStage = 'authorise' | 'decided' | 'procuring';

/** A cycle as commissioners and auditors read it: the record, with the warnings and checks worked out. */
export interface CycleParts {
  cycle: CommissioningCycle;
  activities: EngagementActivity[];
  responses: EngagementResponse[];
  outcomes: CycleOutcome[];
  decision: DeliveryDecision | null;
  tenders: CycleTender[];
  pack: PolicyPack;
}

const summary = (c: CommissioningCycle) => ({
  id: c.id,
  reference: c.reference,
  title: c.title,
  serviceCategory: c.serviceCategory,
  reviewBy: c.reviewBy,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  version: c.version,
});

export const cycleSummary = (c: CommissioningCycle, stage: CycleStage) => ({ ...summary(c), stage });

export function cycleView(p: CycleParts) {
  const { cycle: c, pack } = p;
  const restricted = c.serviceCategory ? (pack.restrictedCategories.find((r) => r.code.toLowerCase() === c.serviceCategory!.toLowerCase()) ?? null) : null;
  const notReady = notReadyForTender({ outputsOnlyReason: c.outputsOnlyReason, outcomes: p.outcomes, decision: p.decision });
  const stage: CycleStage = p.tenders.some((t) => t.procuring) ? 'procuring' : p.decision ? 'decided' : 'authorise';
  return {
    ...summary(c),
    stage,
    purpose: c.purpose,
    accountability: c.accountability,
    success: c.success,
    needsAssessment: c.needsAssessment,
    outputsOnlyReason: c.outputsOnlyReason,
    restrictedCategory: restricted,
    populationMix: pack.areaPopulation ? { source: pack.areaPopulation.source, tolerancePoints: pack.areaPopulation.tolerancePoints } : null,
    engagement: p.activities.map((a) => ({
      id: a.id,
      title: a.title,
      method: a.method,
      level: a.level,
      upForGrabs: a.upForGrabs,
      seniorOwner: a.seniorOwner,
      cost: a.cost,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      participants: a.participants,
      participantWarnings: mixWarnings(a.participants, pack.areaPopulation),
      youSaidWeDid: p.responses
        .filter((r) => r.activityId === a.id)
        .map((r) => ({
          id: r.id,
          youSaid: r.youSaid,
          changed: r.changed,
          decisionArea: r.decisionArea,
          weDid: r.weDid,
          recordedAt: r.recordedAt.toISOString(),
        })),
    })),
    outcomes: p.outcomes.map((o) => ({ id: o.id, statement: o.statement, source: o.source, kind: o.kind, indicators: o.indicators })),
    deliveryDecision: p.decision
      ? {
          ...p.decision.decision,
          version: p.decision.version,
          decidedBy: p.decision.decidedBy,
          decidedAt: p.decision.decidedAt.toISOString(),
          flags: decisionFlags(p.decision.decision, pack),
        }
      : null,
    readyForTender: notReady.length === 0,
    notReadyBecause: notReady,
    tenders: p.tenders.map(({ id, reference, title, status }) => ({ id, reference, title, status })),
  };
}
export type CycleView = ReturnType<typeof cycleView>;
