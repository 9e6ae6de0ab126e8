import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiNotFoundResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AUTHORITY_ROLES, type Role } from '../tenancy/principal.js';

export const ACCESS_RULE = 'commonweal:access';
export type AccessRule = { public: true; ownCredential?: boolean } | { public: false; roles: readonly Role[] };

/**
 * The one place a route says who may call it. It sets the rule the AccessGuard
 * enforces and documents the same rule in OpenAPI (security schemes, the 401
 * and 403 answers, and an `x-roles` list), so the docs cannot drift from the check.
 * A route with no @Access or @Public is refused to everyone: the guard fails closed.
 */
export function Access(...roles: [Role, ...Role[]]) {
  const viaApiKey = roles.some((r) => (AUTHORITY_ROLES as readonly string[]).includes(r) && r !== 'authority_admin');
  return applyDecorators(
    SetMetadata(ACCESS_RULE, { public: false, roles } satisfies AccessRule),
    ApiBearerAuth('bearer'),
    ...(viaApiKey ? [ApiSecurity('api-key')] : []),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'No valid access token or API key' }),
    ApiForbiddenResponse({ description: `Needs one of the roles: ${roles.join(', ')}` }),
    ApiNotFoundResponse({ description: 'Not found in your authority (another authority’s records answer 404 too)' }),
  );
}

/** Anyone, signed in or not. A credential, if sent, must still be valid. */
export function Public() {
  return applyDecorators(SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule), ApiExtension('x-roles', ['public']));
}

/**
 * Not a person's or a system's route: it checks a credential of its own (the metrics scraper's token), so the
 * guard neither reads nor refuses the Authorization header it carries. Documented as public: anyone may ask.
 */
export function OwnCredential() {
  return applyDecorators(SetMetadata(ACCESS_RULE, { public: true, ownCredential: true } satisfies AccessRule), ApiExtension('x-roles', ['public']));
}

/** Staff of an authority, in any of its roles. */
export const AUTHORITY_STAFF = AUTHORITY_ROLES;
