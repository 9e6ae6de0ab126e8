import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import { asOwner, authorityId, type TestApp } from './test-app.js';

/** The latest audit event of an authority (the demo and the matrix itself write plenty). */
export async function auditEventOf(t: TestApp, slug: 'northmere' | 'southvale'): Promise<string> {
  const [row] = await asOwner<{ id: string }>(t, `SELECT id FROM audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1`, [await authorityId(t, slug)]);
  return row.id;
}

/** The audit log routes' cells of the authorization matrix (issue 16). */
export const AUDIT_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/audit/events': { own: async () => ({ path: '/api/v1/audit/events?limit=5' }), success: 200 },
  'GET /api/v1/audit/events/export': { own: async () => ({ path: '/api/v1/audit/events/export?action=user.signed_in' }), success: 200 },
  'GET /api/v1/audit/events/{id}': {
    own: async (ctx: MatrixContext) => ({ path: `/api/v1/audit/events/${await auditEventOf(ctx.t, 'northmere')}` }),
    foreign: async (ctx: MatrixContext) => ({ path: `/api/v1/audit/events/${await auditEventOf(ctx.t, 'southvale')}` }),
    success: 200,
  },
  'GET /api/v1/audit/verify': { own: async () => ({ path: '/api/v1/audit/verify' }), success: 200 },
};
