import fc from 'fast-check';
import { AUTHORITY_ROLES } from '#platform';
import { decide, emailOf, issuerProblem, parseDomains, parseRoleMap, formatRoleMap, refusalText, rolesFromClaims } from './sso-rules.js';

const settings = {
  allowedDomains: ['northshire.gov.uk'],
  rolesClaim: 'groups',
  roleMap: [
    { value: 'procurement', roles: ['commissioner' as const, 'evaluator' as const] },
    { value: 'audit', roles: ['auditor' as const] },
  ],
  createAccounts: false,
};
const stranger = { membership: null, invitation: null };
const member = { membership: { roles: ['contract_manager' as const], deactivated: false }, invitation: null };

describe('who comes in through an authority’s identity provider', () => {
  it('lets a member in with the roles their groups give, replacing those held before', () => {
    expect(decide({ email: 'Ann@Northshire.gov.uk', groups: ['procurement', 'canteen'] }, settings, member)).toEqual({
      ok: true,
      email: 'ann@northshire.gov.uk',
      roles: ['commissioner', 'evaluator'],
      joins: 'member',
    });
  });

  it('keeps the staff account’s own roles when the authority maps no groups', () => {
    expect(decide({ email: 'ann@northshire.gov.uk' }, { ...settings, roleMap: [] }, member)).toMatchObject({ ok: true, roles: ['contract_manager'] });
  });

  it('joins an invited person with the invitation’s roles, or their groups’', () => {
    const invited = { membership: null, invitation: { roles: ['auditor' as const] } };
    expect(decide({ email: 'bo@northshire.gov.uk' }, { ...settings, roleMap: [] }, invited)).toMatchObject({
      ok: true,
      roles: ['auditor'],
      joins: 'invitation',
    });
    expect(decide({ email: 'bo@northshire.gov.uk', groups: 'procurement' }, settings, invited)).toMatchObject({
      ok: true,
      roles: ['commissioner', 'evaluator'],
    });
  });

  it('makes a new account only where the admin allows it and a group gives a role', () => {
    expect(decide({ email: 'cy@northshire.gov.uk', groups: ['audit'] }, settings, stranger)).toMatchObject({ ok: false, reason: 'no-account' });
    expect(decide({ email: 'cy@northshire.gov.uk', groups: ['audit'] }, { ...settings, createAccounts: true }, stranger)).toMatchObject({
      ok: true,
      roles: ['auditor'],
      joins: 'new-account',
    });
    expect(decide({ email: 'cy@northshire.gov.uk' }, { ...settings, roleMap: [], createAccounts: true }, stranger)).toMatchObject({
      ok: false,
      reason: 'no-account',
    });
  });

  it('refuses, with its reason, an address outside the domains, an unverified one, none, an unmapped group and a deactivated member', () => {
    expect(decide({ email: 'ann@northshire.gov.uk.evil.example', groups: ['audit'] }, settings, member)).toMatchObject({ reason: 'unknown-domain' });
    expect(decide({ email: 'ann@sub.northshire.gov.uk', groups: ['audit'] }, settings, member)).toMatchObject({ reason: 'unknown-domain' });
    expect(decide({ email: 'ann@northshire.gov.uk', email_verified: false, groups: ['audit'] }, settings, member)).toMatchObject({
      reason: 'email-unverified',
    });
    expect(decide({ sub: 'x', groups: ['audit'] }, settings, member)).toMatchObject({ reason: 'no-email' });
    expect(decide({ email: 'ann@northshire.gov.uk', groups: ['canteen'] }, settings, member)).toMatchObject({ reason: 'unmapped-group' });
    expect(
      decide({ email: 'ann@northshire.gov.uk', groups: ['audit'] }, settings, { ...member, membership: { roles: ['auditor'], deactivated: true } }),
    ).toMatchObject({
      reason: 'deactivated',
    });
  });

  it('refuses a second account at the provider claiming the address of someone already linked, whatever their standing', () => {
    const linked = { ...member, linkedElsewhere: true };
    expect(decide({ email: 'ann@northshire.gov.uk', groups: ['audit'] }, settings, linked)).toMatchObject({ ok: false, reason: 'another-identity' });
    expect(decide({ email: 'ann@northshire.gov.uk', groups: ['audit'] }, { ...settings, createAccounts: true }, linked)).toMatchObject({
      reason: 'another-identity',
    });
    expect(refusalText('another-identity', 'Northshire', 'ann@northshire.gov.uk')).toContain('already signs in here with another account');
  });

  it('reads the address from preferred_username where the provider gives no email claim (Entra ID)', () => {
    expect(emailOf({ preferred_username: 'Dee@Northshire.gov.uk' })).toBe('dee@northshire.gov.uk');
    expect(emailOf({ preferred_username: 'dee' })).toBeNull();
  });

  it('never gives a role the mapping does not give for the groups held (property)', () => {
    const entry = fc.record({ value: fc.constantFrom('a', 'b', 'c', 'd'), roles: fc.subarray([...AUTHORITY_ROLES], { minLength: 1 }) });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.value }), fc.subarray(['a', 'b', 'c', 'd', 'e']), (map, groups) => {
        const roles = rolesFromClaims(groups, map);
        const allowed = new Set(map.filter((e) => groups.includes(e.value)).flatMap((e) => e.roles));
        expect(roles.every((r) => allowed.has(r))).toBe(true);
        expect(roles.length).toBe(allowed.size);
      }),
    );
  });
});

describe('the settings as the admin types them', () => {
  it('reads a mapping by role name or key, and writes it back the same', () => {
    const { entries, problems } = parseRoleMap('Procurement team = Commissioner, evaluator\n\n  Internal audit=auditor  ');
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { value: 'Procurement team', roles: ['commissioner', 'evaluator'] },
      { value: 'Internal audit', roles: ['auditor'] },
    ]);
    expect(parseRoleMap(formatRoleMap(entries)).entries).toEqual(entries);
  });

  it('names the line and the rule when a mapping line is wrong', () => {
    expect(parseRoleMap('procurement').problems[0]).toMatch(/^Line 1: write the group/);
    expect(parseRoleMap('a = commissioner\nb = chief').problems[0]).toMatch(/^Line 2: “chief” is not a role/);
    expect(parseRoleMap('a = auditor\na = evaluator').problems[0]).toMatch(/mapped twice/);
  });

  it('reads domains however they are separated, and refuses what is not one', () => {
    expect(parseDomains('Northshire.gov.uk, @nhs.net\nnorthshire.gov.uk')).toEqual({ domains: ['northshire.gov.uk', 'nhs.net'], problems: [] });
    expect(parseDomains('northshire').problems).toHaveLength(1);
  });

  it('asks for https, allowing plain http only on this machine outside production', () => {
    expect(issuerProblem('https://login.microsoftonline.com/t/v2.0', true)).toBeNull();
    expect(issuerProblem('http://127.0.0.1:4000', false)).toBeNull();
    expect(issuerProblem('http://127.0.0.1:4000', true)).toMatch(/https/);
    expect(issuerProblem('http://idp.example', false)).toMatch(/https/);
    expect(issuerProblem('not a url', false)).toMatch(/web address/);
  });
});
