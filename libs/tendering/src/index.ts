import { TenderInterest } from './interests/tender-interest.entity.js';
import { Clarification } from './clarifications/clarification.entity.js';
import { PolicyPackVersion } from './policy/policy-pack.entity.js';
import { Tender } from './tenders/tender.entity.js';

export * from './tendering.module.js';
export * from './tenders/tender.entity.js';
export * from './interests/tender-interest.entity.js';
export * from './reminders/deadline-reminder-rule.js';
export * from './reminders/deadline-reminders.job.js';
export * from './policy/policy-pack.js';
export * from './policy/policy-pack.entity.js';
export * from './model/evaluation-model.js';
export * from './model/example-model.js';
export * from './model/canonical-json.js';
export * from './model/tender-status.js';
export * from './clarifications/clarification.entity.js';
export const TENDERING_ENTITIES = [Tender, TenderInterest, PolicyPackVersion, Clarification];
