import { AUTH_ENTITIES } from '#auth';
import { AuditEvent } from '#platform';
import { TENDERING_ENTITIES } from '#tendering';

/** Every entity mapped by the API and the worker (the composition root of the schema); tables themselves come from migrations/. */
export const ALL_ENTITIES = [AuditEvent, ...AUTH_ENTITIES, ...TENDERING_ENTITIES];
