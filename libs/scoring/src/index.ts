export { bundleProblems } from './bundle-schema.js';
export { evaluate, resultDocument } from './engine.js';
export type { Category, CriterionInput, EngineInput, EngineResult, ModelInput } from './engine.js';
export { sensitivity } from './sensitivity.js';
export type { SensitivitySettings } from './sensitivity.js';
export { CATEGORIES, PRICE_METHODS, TIE_BREAKS } from './vocabulary.js';
export type { PriceMethod, TieBreak } from './vocabulary.js';
export { engineInputProblems } from './model-rules.js';
export type { RuleProblem } from './model-rules.js';
