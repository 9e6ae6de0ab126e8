import { AUTH_ENTITIES } from '#auth';
import { AuditEvent } from '#platform';
import { TENDERING_ENTITIES } from '#tendering';

/** Every entity the API maps; the database schema itself comes from migrations/. */
export const ALL_ENTITIES = [AuditEvent, ...AUTH_ENTITIES, ...TENDERING_ENTITIES];
