import { AUTH_ENTITIES } from '#auth';
import { BIDS_ENTITIES } from '#bids';
import { COMMISSIONING_ENTITIES } from '#commissioning';
import { CONTRACTS_ENTITIES } from '#contracts';
import { COSTS_ENTITIES } from '#costs';
import { EVALUATION_ENTITIES } from '#evaluation';
import { JOBS_ENTITIES } from '#jobs';
import { NOTIFICATIONS_ENTITIES } from '#notifications';
import { AuditEvent, MalwareDetection } from '#platform';
import { POLICY_ENTITIES } from '#policy';
import { PROVIDERS_ENTITIES } from '#providers';
import { STAFF_ENTITIES } from '#staff';
import { PUBLIC_CHARACTER_ENTITIES } from '#public-character';
import { SOCIAL_VALUE_ENTITIES } from '#social-value';
import { TENDERING_ENTITIES } from '#tendering';

/** Every entity mapped by the API and the worker (the composition root of the schema); tables themselves come from migrations/. */
export const ALL_ENTITIES = [
  AuditEvent,
  MalwareDetection,
  ...AUTH_ENTITIES,
  ...JOBS_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
  ...PROVIDERS_ENTITIES,
  ...STAFF_ENTITIES,
  ...POLICY_ENTITIES,
  ...COMMISSIONING_ENTITIES,
  ...PUBLIC_CHARACTER_ENTITIES,
  ...SOCIAL_VALUE_ENTITIES,
  ...TENDERING_ENTITIES,
  ...BIDS_ENTITIES,
  ...EVALUATION_ENTITIES,
  ...CONTRACTS_ENTITIES,
  ...COSTS_ENTITIES,
];
