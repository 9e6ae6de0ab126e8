import { AUTH_ENTITIES } from '#auth';
import { JOBS_ENTITIES } from '#jobs';
import { NOTIFICATIONS_ENTITIES } from '#notifications';
import { AuditEvent } from '#platform';
import { TENDERING_ENTITIES } from '#tendering';
import { PROVIDERS_ENTITIES } from '#providers';

/** Every entity mapped by the API and the worker (the composition root of the schema); tables themselves come from migrations/. */
export const ALL_ENTITIES = [AuditEvent, ...AUTH_ENTITIES, ...JOBS_ENTITIES, ...NOTIFICATIONS_ENTITIES, ...TENDERING_ENTITIES, ...PROVIDERS_ENTITIES];
