export { classification, COST_CLASSIFICATIONS, COST_PHASES, PHASE_NAMES } from './core/classifications.js';
export type { CostClassification, CostPhase } from './core/classifications.js';
export { COST_BEARERS, COST_TYPES, entryProblems, reversalOf, staffTimeAmount } from './core/ledger-rules.js';
export type { CostBearer, CostEntryInput, CostType, LedgerProblem } from './core/ledger-rules.js';
export { cumulativeSeries, nominalCost, presentCost, realCost, transactionCostRatio, yearsAfter } from './core/whole-life.js';
export type { CostLine, DeflatorPoint } from './core/whole-life.js';
