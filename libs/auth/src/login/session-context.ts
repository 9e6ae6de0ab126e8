import { HttpStatus } from '@nestjs/common';
import { ProblemException, type Role, validationProblem } from '#platform';
import type { Authority } from '../entities/authority.entity.js';
import type { Membership } from '../entities/membership.entity.js';
import type { ProviderMembership } from '../entities/provider-membership.entity.js';

/** What one person may act as. */
export interface Affiliations {
  isPlatformOperator: boolean;
  memberships: (Membership & { authority: Authority })[];
  providerMemberships: ProviderMembership[];
}

export interface SessionContext {
  tenant?: Authority;
  providerId?: string;
  roles: Role[];
}

/**
 * Which authority (and role set) a sign-in acts in. Pure: the rules in one place.
 *  - Staff act in an authority they are a member of, with that membership's roles.
 *  - A provider user acts for their organisation, toward the authority named (any
 *    authority: providers bid to many), or toward none.
 *  - With several possibilities and no authority named, the caller must choose.
 */
export function chooseSessionContext(a: Affiliations, requested: Authority | undefined, requestedSlug?: string): SessionContext {
  const operator: Role[] = a.isPlatformOperator ? ['platform_operator'] : [];
  const provider = a.providerMemberships[0];
  if (requestedSlug !== undefined) {
    if (!requested) throw validationProblem([{ field: 'authority', rule: 'exists', message: `There is no authority "${requestedSlug}"` }]);
    const m = a.memberships.find((x) => x.tenantId === requested.id);
    if (m) return { tenant: requested, roles: [...m.roles, ...operator] };
    if (provider) return { tenant: requested, providerId: provider.providerId, roles: ['provider', ...operator] };
    throw new ProblemException(HttpStatus.FORBIDDEN, 'not-a-member', 'Not a member', `You are not a member of ${requested.name}`);
  }
  const options = a.memberships.length + (provider ? 1 : 0);
  if (options === 0) {
    if (operator.length) return { roles: operator };
    throw new ProblemException(HttpStatus.FORBIDDEN, 'not-a-member', 'Not a member', 'Your account belongs to no authority or provider');
  }
  if (options > 1) {
    throw validationProblem([
      {
        field: 'authority',
        rule: 'required',
        message: `You belong to several authorities; name one of: ${a.memberships.map((m) => m.authority.slug).join(', ')}`,
      },
    ]);
  }
  if (provider) return { providerId: provider.providerId, roles: ['provider', ...operator] };
  const only = a.memberships[0];
  return { tenant: only.authority, roles: [...only.roles, ...operator] };
}
