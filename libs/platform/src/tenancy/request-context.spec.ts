import { describe, expect, it } from '@jest/globals';
import { dbContextFor } from './request-context.js';

const northmere = '01900000-0000-7000-8000-000000000001';
const provider = '01900000-0000-7000-8000-000000000002';
const user = '01900000-0000-7000-8000-000000000003';

describe('the database context a principal gets', () => {
  it('gives staff and authority API keys their authority', () => {
    expect(dbContextFor({ kind: 'user', userId: user, tenantId: northmere, roles: ['commissioner'] })).toMatchObject({ tenantId: northmere, userId: user });
    expect(dbContextFor({ kind: 'api_key', apiKeyId: user, tenantId: northmere, roles: ['auditor'] })).toMatchObject({ tenantId: northmere });
  });

  it('never gives a provider the authority it acts toward: only its own organisation', () => {
    const ctx = dbContextFor({ kind: 'user', userId: user, tenantId: northmere, providerId: provider, roles: ['provider'] });
    expect(ctx.tenantId).toBeUndefined();
    expect(ctx.providerId).toBe(provider);
  });

  it('gives nothing without a principal', () => {
    expect(dbContextFor(undefined)).toEqual({});
  });
});
