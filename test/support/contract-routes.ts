import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import { pendingContract } from './contract-fixtures.js';

/** The contract routes' cells of the authorization matrix: every change gets a pending contract of its own. */
const BRIGHTPATH = 'Brightpath Community Interest Company';
const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
const own = (ctx: MatrixContext, over: Parameters<typeof pendingContract>[2] = {}) => pendingContract(ctx.t, 'northmere', over);
const foreign = (ctx: MatrixContext, over: Parameters<typeof pendingContract>[2] = {}) => pendingContract(ctx.t, 'southvale', over);

export const CONTRACT_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/contracts': { own: async () => ({ path: '/api/v1/contracts' }), success: 200 },
  'GET /api/v1/contracts/{id}': {
    own: async (ctx) => ({ path: at((await own(ctx)).id) }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id) }),
    success: 200,
  },
  'PATCH /api/v1/contracts/{id}': {
    own: async (ctx) => ({ path: at((await own(ctx)).id), body: { version: 1, tag: 'whole-system' } }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id), body: { version: 1, tag: 'whole-system' } }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/risk-acceptance': {
    own: async (ctx) => ({
      path: at((await own(ctx, { paymentMechanism: 'payment_by_results' })).id, '/risk-acceptance'),
      body: { version: 1, note: 'Accepted by the board' },
    }),
    foreign: async (ctx) => ({
      path: at((await foreign(ctx, { paymentMechanism: 'payment_by_results' })).id, '/risk-acceptance'),
      body: { version: 1, note: 'x' },
    }),
    success: 201,
    // A person's decision: an API key holding the role is refused.
    successFor: (caller) => (caller.name.startsWith('api key') ? 403 : 201),
  },
  'POST /api/v1/contracts/{id}/activation': {
    own: async (ctx) => ({ path: at((await own(ctx)).id, '/activation'), body: { version: 1 } }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id, '/activation'), body: { version: 1 } }),
    success: 201,
  },
  'POST /api/v1/contracts/{id}/termination': {
    own: async (ctx) => ({ path: at((await own(ctx)).id, '/termination'), body: { version: 1, on: '2028-01-31', reason: 'The service moves in-house' } }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id, '/termination'), body: { version: 1, on: '2028-01-31', reason: 'x' } }),
    success: 201,
  },
  'GET /api/v1/provider/contracts': { own: async () => ({ path: '/api/v1/provider/contracts' }), success: 200 },
  'GET /api/v1/provider/contracts/{id}': {
    // The matrix's provider is Brightpath: its own contract opens; Castleton's, anywhere, is not found.
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await own(ctx, { provider: BRIGHTPATH })).id}` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await foreign(ctx)).id}` }),
    success: 200,
  },
};
