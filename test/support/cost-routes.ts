import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import { pendingContract } from './contract-fixtures.js';
import { asOwner } from './test-app.js';

/** The whole-life cost routes' cells of the authorization matrix. */
type Authority = 'northmere' | 'southvale';
const ENTRY = {
  occurredOn: '2026-01-31',
  amount: '120.00',
  bearer: 'authority',
  type: 'purchased',
  phase: 'operational',
  classification: 'quality-audit',
  description: 'Matrix cost',
};
const IMPORT =
  'occurred_on,amount,bearer,type,phase,classification,hours,hourly_rate,description\n2026-01-31,120.00,authority,purchased,operational,quality-audit,,,Matrix import\n';
const COPRODUCTION = { occurredOn: '2026-01-31', kind: 'individual', hours: '6.00', people: 2, description: 'Matrix volunteers' };
const contract = async (ctx: MatrixContext, authority: Authority) => `/api/v1/contracts/${(await pendingContract(ctx.t, authority)).id}/costs`;

async function cycle(ctx: MatrixContext, authority: Authority) {
  const res = await ctx.t.http
    .post('/api/v1/cycles')
    .set({ authorization: `Bearer ${await ctx.token(`commissioner@${authority}.test`)}` })
    .send({ reference: `MCC-${ctx.next()}`, title: 'Matrix costs', purpose: 'p', accountability: 'a', success: 's' });
  return `/api/v1/cycles/${res.body.id as string}/costs`;
}

/** A ledger (of a fresh contract or cycle) holding one entry a person recorded, to reverse. */
async function recorded(ctx: MatrixContext, ledger: string) {
  const [, kind, id] = /\/api\/v1\/(contracts|cycles)\/([0-9a-f-]{36})\/costs/.exec(ledger)!;
  const [row] = await asOwner<{ id: string }>(
    ctx.t,
    `INSERT INTO cost_entries (id, tenant_id, ${kind === 'contracts' ? 'contract_id' : 'cycle_id'}, occurred_on, amount, basis, bearer, type, phase,
                               classification, description, source)
     SELECT gen_random_uuid(), tenant_id, id, '2026-01-31', 120, 'actual', 'authority', 'purchased', 'operational', 'quality-audit', 'Matrix cost', 'entered'
       FROM ${kind === 'contracts' ? 'contracts' : 'commissioning_cycles'} WHERE id = $1 RETURNING id`,
    [id],
  );
  return { path: `${ledger}/entries/${row.id}/reversal`, body: { reason: 'Matrix correction' } };
}

const ledgerRoutes = (kind: 'contracts' | 'cycles'): Record<string, RouteFixture> => {
  const ledger = kind === 'contracts' ? contract : cycle;
  const base = `/api/v1/${kind}/{id}/costs`;
  return {
    [`GET ${base}/entries`]: {
      own: async (ctx) => ({ path: `${await ledger(ctx, 'northmere')}/entries` }),
      foreign: async (ctx) => ({ path: `${await ledger(ctx, 'southvale')}/entries` }),
      success: 200,
    },
    [`POST ${base}/entries`]: {
      own: async (ctx) => ({ path: `${await ledger(ctx, 'northmere')}/entries`, body: ENTRY }),
      foreign: async (ctx) => ({ path: `${await ledger(ctx, 'southvale')}/entries`, body: ENTRY }),
      success: 201,
    },
    [`POST ${base}/entries/{entryId}/reversal`]: {
      own: async (ctx) => recorded(ctx, await ledger(ctx, 'northmere')),
      foreign: async (ctx) => recorded(ctx, await ledger(ctx, 'southvale')),
      success: 201,
    },
    [`POST ${base}/import`]: {
      own: async (ctx) => ({ path: `${await ledger(ctx, 'northmere')}/import`, text: { type: 'text/csv', body: IMPORT } }),
      foreign: async (ctx) => ({ path: `${await ledger(ctx, 'southvale')}/import`, text: { type: 'text/csv', body: IMPORT } }),
      success: 201,
    },
    [`GET ${base}/export`]: {
      own: async (ctx) => ({ path: `${await ledger(ctx, 'northmere')}/export` }),
      foreign: async (ctx) => ({ path: `${await ledger(ctx, 'southvale')}/export` }),
      success: 200,
    },
  };
};

export const COST_ROUTES: Record<string, RouteFixture> = {
  ...ledgerRoutes('contracts'),
  ...ledgerRoutes('cycles'),
  'GET /api/v1/contracts/{id}/costs': {
    own: async (ctx) => ({ path: await contract(ctx, 'northmere') }),
    foreign: async (ctx) => ({ path: await contract(ctx, 'southvale') }),
    success: 200,
  },
  'GET /api/v1/contracts/{id}/costs/bundle': {
    own: async (ctx) => ({ path: `${await contract(ctx, 'northmere')}/bundle` }),
    foreign: async (ctx) => ({ path: `${await contract(ctx, 'southvale')}/bundle` }),
    success: 200,
  },
  'GET /api/v1/contracts/{id}/costs/coproduction': {
    own: async (ctx) => ({ path: `${await contract(ctx, 'northmere')}/coproduction` }),
    foreign: async (ctx) => ({ path: `${await contract(ctx, 'southvale')}/coproduction` }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/costs/coproduction': {
    own: async (ctx) => ({ path: `${await contract(ctx, 'northmere')}/coproduction`, body: COPRODUCTION }),
    foreign: async (ctx) => ({ path: `${await contract(ctx, 'southvale')}/coproduction`, body: COPRODUCTION }),
    success: 201,
  },
  'GET /api/v1/costs/portfolio': { own: async () => ({ path: '/api/v1/costs/portfolio' }), success: 200 },
  'GET /api/v1/costs/portfolio/export': { own: async () => ({ path: '/api/v1/costs/portfolio/export' }), success: 200 },
  'GET /api/v1/costs/settings': { own: async () => ({ path: '/api/v1/costs/settings' }), success: 200 },
  // Each allowed call adopts the next version from the one in force, as an admin's edit would.
  'PUT /api/v1/costs/settings': {
    own: async (ctx) => {
      const now = (await ctx.t.http.get('/api/v1/costs/settings').set({ authorization: `Bearer ${await ctx.token('admin@northmere.test')}` })).body;
      return { path: '/api/v1/costs/settings', body: { deflators: now.deflators, discountSchedule: now.discountSchedule, version: now.version } };
    },
    success: 200,
  },
  'GET /api/v1/costs/classifications': { own: async () => ({ path: '/api/v1/costs/classifications' }), success: 200 },
};
