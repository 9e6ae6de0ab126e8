import type { DeliveryOption } from './delivery-decision.js';

/**
 * Whether a commissioning cycle may go to tender. Pure. A cycle needs an
 * outcomes framework (outputs only, only with a recorded reason) and a
 * delivery model decision for competitive tender.
 */
export interface ReadinessInput {
  outputsOnlyReason: string | null;
  outcomes: { kind: 'outcome' | 'output' }[];
  decision: { chosen: DeliveryOption } | null;
}

export interface NotReady {
  rule: 'outcomes-required' | 'outputs-only' | 'delivery-decision-required' | 'route-not-tender';
  message: string;
}

export function notReadyForTender(c: ReadinessInput): NotReady[] {
  const reasons: NotReady[] = [];
  if (c.outcomes.length === 0) reasons.push({ rule: 'outcomes-required', message: 'The cycle has no outcomes framework yet' });
  else if (!c.outcomes.some((o) => o.kind === 'outcome') && !c.outputsOnlyReason?.trim()) {
    reasons.push({
      rule: 'outputs-only',
      message: 'Every item in the outcomes framework is an output: add an outcome, or record why outputs alone are right here',
    });
  }
  if (!c.decision) reasons.push({ rule: 'delivery-decision-required', message: 'Record the delivery model decision before going to tender' });
  else if (c.decision.chosen !== 'competitive_tender') {
    reasons.push({ rule: 'route-not-tender', message: `The delivery model decision chose ${c.decision.chosen.replace(/_/g, ' ')}, not a competitive tender` });
  }
  return reasons;
}
