/**
 * The ledger's phases and classifications (docs/domain.md section 7). They follow the INDIGO data
 * standard's outcome-payer cost codes, extended with exit and transition, and are kept as one table of
 * data: a new code is a row here, never a branch in code. `service` marks what pays for the service
 * itself; every other classification is a transaction cost.
 */
export interface CostClassification {
  phase: CostPhase;
  code: string;
  name: string;
  /** Payment for the service itself, the denominator of the transaction cost ratio. */
  service: boolean;
}

export const COST_PHASES = ['development', 'procurement', 'operational', 'exit'] as const;
export type CostPhase = (typeof COST_PHASES)[number];

export const PHASE_NAMES: Record<CostPhase, string> = {
  development: 'Development and design',
  procurement: 'Procurement and contract set-up',
  operational: 'Operational and management',
  exit: 'Exit and transition',
};

export const COST_CLASSIFICATIONS: readonly CostClassification[] = Object.freeze([
  { phase: 'development', code: 'development-work', name: 'Development work', service: false },
  { phase: 'development', code: 'business-case', name: 'Business case', service: false },
  { phase: 'development', code: 'feasibility-study', name: 'Feasibility study', service: false },
  { phase: 'development', code: 'early-legal-advice', name: 'Early legal advice', service: false },
  { phase: 'development', code: 'market-engagement', name: 'Market engagement', service: false },
  { phase: 'procurement', code: 'contract-design-advice', name: 'Legal and financial advice on contract design', service: false },
  { phase: 'procurement', code: 'procurement-costs', name: 'Procurement costs', service: false },
  { phase: 'operational', code: 'contract-payments', name: 'Contract payments', service: true },
  { phase: 'operational', code: 'outcome-payments', name: 'Outcome payments', service: true },
  { phase: 'operational', code: 'outcome-validation', name: 'Validation and administration of outcomes', service: false },
  { phase: 'operational', code: 'quality-audit', name: 'Auditing service quality', service: false },
  { phase: 'operational', code: 'evaluation-learning', name: 'Evaluation and learning', service: false },
  { phase: 'operational', code: 'enforcement', name: 'Enforcement: renegotiation, variations, disputes', service: false },
  { phase: 'operational', code: 'operational-other', name: 'Other operational and management costs', service: false },
  { phase: 'exit', code: 're-procurement', name: 'Re-procurement', service: false },
  { phase: 'exit', code: 'staff-asset-transfer', name: 'Transfer of staff and assets', service: false },
  { phase: 'exit', code: 'insourcing', name: 'Insourcing', service: false },
]);

const BY_CODE = new Map(COST_CLASSIFICATIONS.map((c) => [c.code, c]));

/** The classification with this code, or undefined for an unknown one. */
export const classification = (code: string): CostClassification | undefined => BY_CODE.get(code);
