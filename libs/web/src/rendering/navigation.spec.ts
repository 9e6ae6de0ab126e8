import { describe, expect, it } from '@jest/globals';
import { navigationFor, refusalInWords } from './navigation.js';

describe('navigation and refusals in words', () => {
  it('says who may open a page and what the person is, with no role code', () => {
    expect(refusalInWords(['authority_admin'], ['auditor'])).toBe('Only an authority admin can open this page. You are signed in as an auditor.');
    expect(refusalInWords(['commissioner', 'contract_manager', 'auditor'], ['evaluator', 'scrutiny_member'])).toBe(
      'Only a commissioner, a contract manager or an auditor can open this page. You are signed in as an evaluator and a scrutiny member.',
    );
    expect(refusalInWords(['provider'], [])).toBe('Only a provider can open this page.');
    for (const text of [refusalInWords(['contract_manager', 'scrutiny_member'], ['platform_operator'])]) expect(text).not.toMatch(/_/);
  });

  it('shows an admin the staff and API keys pages, and nobody else', () => {
    const hrefs = (roles: Parameters<typeof navigationFor>[0]) => navigationFor(roles, '/staff').map((i) => i.href);
    expect(hrefs(['authority_admin'])).toEqual(expect.arrayContaining(['/staff', '/api-keys']));
    for (const r of ['commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member', 'provider'] as const) {
      expect(hrefs([r])).not.toContain('/staff');
      expect(hrefs([r])).not.toContain('/api-keys');
    }
    expect(navigationFor(['authority_admin'], '/staff/abc').find((i) => i.href === '/staff')?.current).toBe(true);
  });
});
