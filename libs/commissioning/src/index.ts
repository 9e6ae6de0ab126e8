export { CommissioningCycle, CycleOutcome, DeliveryDecision, EngagementActivity, EngagementResponse } from './cycles/cycle.entities.js';
export { Cycles } from './cycles/cycles.service.js';
export type { DeliveryDecisionInput } from './cycles/delivery-decision.js';
export { CommissioningModule } from './commissioning.module.js';
import { CYCLE_ENTITIES } from './cycles/cycle.entities.js';
export const COMMISSIONING_ENTITIES = [...CYCLE_ENTITIES];
export { CycleTenders } from './cycles/cycle-tenders.service.js';
export type { CycleTender, CycleTendersSource } from './cycles/cycle-tenders.service.js';
