import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Authority } from '../entities/authority.entity.js';
import type { Membership } from '../entities/membership.entity.js';
import type { ProviderMembership } from '../entities/provider-membership.entity.js';
import { type Affiliations, chooseSessionContext } from './session-context.js';

const authority = (slug: string): Authority => ({ id: `id-${slug}`, slug, name: slug.toUpperCase(), staffSignIn: 'password', createdAt: new Date(0) });
const member = (slug: string, roles: Membership['roles']) =>
  ({ id: `m-${slug}`, tenantId: `id-${slug}`, userId: 'u', roles, createdAt: new Date(0), authority: authority(slug) }) as Affiliations['memberships'][number];
const providerMember: ProviderMembership = { id: 'pm', providerId: 'p1', userId: 'u', roles: ['bid_writer'], createdAt: new Date(0) };

describe('chooseSessionContext', () => {
  it('puts staff in their only authority with that membership’s roles', () => {
    const s = chooseSessionContext({ isPlatformOperator: false, memberships: [member('north', ['commissioner'])], providerMemberships: [] }, undefined);
    expect(s).toEqual({ tenant: authority('north'), roles: ['commissioner'] });
  });

  it('asks for an authority when there are several, naming them', () => {
    const a: Affiliations = { isPlatformOperator: false, memberships: [member('north', ['auditor']), member('south', ['auditor'])], providerMemberships: [] };
    expect(() => chooseSessionContext(a, undefined)).toThrow(/request is not valid/);
    expect(chooseSessionContext(a, authority('south'), 'south')).toEqual({ tenant: authority('south'), roles: ['auditor'] });
  });

  it('lets a provider user act toward any authority, only as a provider', () => {
    const a: Affiliations = { isPlatformOperator: false, memberships: [], providerMemberships: [providerMember] };
    expect(chooseSessionContext(a, authority('any'), 'any')).toEqual({ tenant: authority('any'), providerId: 'p1', roles: ['provider'] });
    expect(chooseSessionContext(a, undefined)).toEqual({ providerId: 'p1', roles: ['provider'] });
  });

  it('never grants a role in an authority the person is not a member of (property)', () => {
    const roles = fc.subarray(['authority_admin', 'commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member'] as const, { minLength: 1 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 3 }),
        fc.array(roles, { minLength: 3, maxLength: 3 }),
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.boolean(),
        (slugs, roleSets, asked, isProvider) => {
          const a: Affiliations = {
            isPlatformOperator: false,
            memberships: slugs.map((s, i) => member(s, [...roleSets[i]])),
            providerMemberships: isProvider ? [providerMember] : [],
          };
          let s;
          try {
            s = chooseSessionContext(a, authority(asked), asked);
          } catch {
            return !slugs.includes(asked) && !isProvider;
          }
          const own = a.memberships.find((m) => m.authority.slug === asked);
          return own ? JSON.stringify(s.roles) === JSON.stringify(own.roles) : JSON.stringify(s.roles) === '["provider"]';
        },
      ),
    );
  });
});
