import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import type { ParticipantCounts } from './participation-mix.js';
import type { DeliveryDecisionInput, DeliveryOption } from './delivery-decision.js';

export const ENGAGEMENT_METHODS = [
  'statutory_consultation',
  'information',
  'customer_service',
  'market_research',
  'deliberative_panel',
  'devolved_budget',
] as const;
export const PARTICIPATION_LEVELS = ['inform', 'consult', 'involve', 'collaborate', 'empower'] as const;
export const DECISION_AREAS = ['purpose', 'outcomes', 'delivery_model', 'specification', 'evaluation_model', 'other'] as const;
export const OUTCOME_SOURCES = ['national', 'community', 'individual'] as const;
export const OUTCOME_KINDS = ['outcome', 'output'] as const;

/** One service need, from purpose to review (Authorise → Create → Measure). */
@Entity('commissioning_cycles')
export class CommissioningCycle {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') reference: string;
  @Column('text') title: string;
  /** A code from the policy pack's restricted categories makes the cycle restricted. */
  @Column('text', { name: 'service_category', nullable: true }) serviceCategory: string | null;
  @Column('text') purpose: string;
  @Column('text') accountability: string;
  @Column('text') success: string;
  @Column('text', { name: 'needs_assessment' }) needsAssessment: string;
  /** A calendar date (YYYY-MM-DD), not an instant. */
  @Column('date', { name: 'review_by' }) reviewBy: string;
  @Column('text', { name: 'outputs_only_reason', nullable: true }) outputsOnlyReason: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity('engagement_activities')
export class EngagementActivity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('text') title: string;
  @Column('text') method: (typeof ENGAGEMENT_METHODS)[number];
  @Column('text') level: (typeof PARTICIPATION_LEVELS)[number];
  @Column('text', { name: 'up_for_grabs' }) upForGrabs: string;
  @Column('text', { name: 'senior_owner' }) seniorOwner: string;
  /** Decimal string, GBP. */
  @Column('numeric', { precision: 16, scale: 2 }) cost: string;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on' }) endsOn: string;
  @Column('jsonb') participants: ParticipantCounts;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** "You said, we did". */
@Entity('engagement_responses')
export class EngagementResponse {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('uuid', { name: 'activity_id' }) activityId: string;
  @Column('text', { name: 'you_said' }) youSaid: string;
  @Column('boolean') changed: boolean;
  @Column('text', { name: 'decision_area' }) decisionArea: (typeof DECISION_AREAS)[number];
  /** What changed, or why nothing did. */
  @Column('text', { name: 'we_did' }) weDid: string;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

@Entity('cycle_outcomes')
export class CycleOutcome {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('text') statement: string;
  @Column('text') source: (typeof OUTCOME_SOURCES)[number];
  @Column('text') kind: (typeof OUTCOME_KINDS)[number];
  @Column('jsonb') indicators: string[];
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}

/** One version of the delivery model decision; the latest is in force. */
@Entity('delivery_decisions')
export class DeliveryDecision {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'cycle_id' }) cycleId: string;
  @Column('int') version: number;
  @Column('text') chosen: DeliveryOption;
  @Column('jsonb') decision: DeliveryDecisionInput;
  @Column('numeric', { name: 'in_house_comparator_cost', precision: 16, scale: 2 }) inHouseComparatorCost: string;
  @Column('boolean', { name: 'for_profit_eligible' }) forProfitEligible: boolean;
  @Column('text', { name: 'for_profit_justification', nullable: true }) forProfitJustification: string | null;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
}

export const CYCLE_ENTITIES = [CommissioningCycle, EngagementActivity, EngagementResponse, CycleOutcome, DeliveryDecision];
