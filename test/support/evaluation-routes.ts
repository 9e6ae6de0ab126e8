import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import { type EvaluatedTender, type EvaluationStage, evaluatedTender, userId } from './evaluation-fixtures.js';
import { asOwner } from './test-app.js';

/**
 * The evaluation routes' cells of the authorization matrix. Reads use one tender per authority and
 * stage (made once); steps that can be taken only once get a fresh tender for every call.
 */
type Authority = 'northmere' | 'southvale';
const madeFor = new WeakMap<object, Map<string, Promise<EvaluatedTender>>>();
const once = (ctx: MatrixContext, authority: Authority, stage: EvaluationStage, prices?: Record<string, string>) => {
  const key = `${authority}/${stage}/${JSON.stringify(prices ?? null)}`;
  const made = madeFor.get(ctx.t) ?? new Map<string, Promise<EvaluatedTender>>();
  madeFor.set(ctx.t, made);
  if (!made.has(key)) made.set(key, evaluatedTender(ctx.t, authority, stage, prices));
  return made.get(key)!;
};
/** A tender of its own for a caller who may take the step; a refused caller changes nothing, so a shared one does. */
const fresh = (ctx: MatrixContext, authority: Authority, stage: EvaluationStage, allowed: boolean, prices?: Record<string, string>) =>
  allowed ? evaluatedTender(ctx.t, authority, stage, prices) : once(ctx, authority, stage, prices);

const path = (e: EvaluatedTender, rest = '') => `/api/v1/tenders/${e.tenderId}/evaluation${rest}`;
/** Both ways: the caller's own authority (northmere) and another (southvale), from the same recipe. */
const both = (
  recipe: (ctx: MatrixContext, a: Authority, allowed: boolean) => Promise<{ path: string; body?: object }>,
  success: number,
  extra: Partial<RouteFixture> = {},
): RouteFixture => ({
  own: (ctx, allowed = true) => recipe(ctx, 'northmere', allowed),
  foreign: (ctx) => recipe(ctx, 'southvale', true),
  success,
  ...extra,
});
const read = (stage: EvaluationStage, rest: string) => both(async (ctx, a) => ({ path: path(await once(ctx, a, stage), rest) }), 200);
const LOW_PRICES = { 'bids@brightpath.test': '450000.00', 'bids@castleton.test': '480000.00', 'bids@meadow.test': '200000.00' };

export const EVALUATION_ROUTES: Record<string, RouteFixture> = {
  'POST /api/v1/tenders/{tenderId}/evaluation': both(async (ctx, a, allowed) => ({ path: path(await fresh(ctx, a, 'opened', allowed)) }), 201),
  'GET /api/v1/tenders/{tenderId}/evaluation/assignments': read('assigned', '/assignments'),
  'POST /api/v1/tenders/{tenderId}/evaluation/assignments': both(
    async (ctx, a, allowed) => ({
      path: path(await fresh(ctx, a, 'started', allowed), '/assignments'),
      body: { userId: await userId(ctx.t, `evaluator1@${a}.test`), criterionGroup: 'quality' },
    }),
    201,
  ),
  'GET /api/v1/tenders/{tenderId}/evaluation/assignments/mine': read('assigned', '/assignments/mine'),
  'POST /api/v1/tenders/{tenderId}/evaluation/assignments/{assignmentId}/declaration': both(async (ctx, a, allowed) => {
    const e = await fresh(ctx, a, 'assigned', allowed);
    return { path: path(e, `/assignments/${e.assignments.quality}/declaration`), body: { conflict: false } };
  }, 200),
  'POST /api/v1/tenders/{tenderId}/evaluation/assignments/{assignmentId}/withdrawal': both(async (ctx, a, allowed) => {
    const e = await fresh(ctx, a, 'assigned', allowed);
    return { path: path(e, `/assignments/${e.assignments.quality}/withdrawal`), body: { reason: 'Off sick for the evaluation period' } };
  }, 200),
  'GET /api/v1/tenders/{tenderId}/evaluation/assignments/{assignmentId}/sheet': both(async (ctx, a) => {
    const e = await once(ctx, a, 'declared');
    return { path: path(e, `/assignments/${e.assignments.quality}/sheet`) };
  }, 200),
  'PUT /api/v1/tenders/{tenderId}/evaluation/assignments/{assignmentId}/marks': both(async (ctx, a) => {
    const e = await once(ctx, a, 'declared');
    return {
      path: path(e, `/assignments/${e.assignments.quality}/marks`),
      body: { bidId: Object.values(e.bids)[0], criterionKey: 'delivery', mark: 3, reason: 'Matrix' },
    };
  }, 200),
  // Submitting again answers with the first submission, so one submitted tender serves every caller.
  'POST /api/v1/tenders/{tenderId}/evaluation/assignments/{assignmentId}/submit': both(async (ctx, a) => {
    const e = await once(ctx, a, 'submitted');
    return { path: path(e, `/assignments/${e.assignments.quality}/submit`) };
  }, 200),
  'GET /api/v1/tenders/{tenderId}/evaluation/marks': read('submitted', '/marks'),
  'GET /api/v1/tenders/{tenderId}/evaluation/moderation': read('submitted', '/moderation'),
  'PUT /api/v1/tenders/{tenderId}/evaluation/consensus': both(async (ctx, a) => {
    const e = await once(ctx, a, 'submitted');
    return { path: path(e, '/consensus'), body: { bidId: Object.values(e.bids)[0], criterionKey: 'delivery', mark: 3, reason: 'Matrix' } };
  }, 200),
  'GET /api/v1/tenders/{tenderId}/evaluation/abnormally-low': read('submitted', '/abnormally-low'),
  'POST /api/v1/tenders/{tenderId}/evaluation/abnormally-low/{bidId}': both(async (ctx, a, allowed) => {
    const e = await fresh(ctx, a, 'moderated', allowed, LOW_PRICES);
    return { path: path(e, `/abnormally-low/${e.bids['bids@meadow.test']}`), body: { outcome: 'accepted', reason: 'Explained' } };
  }, 201),
  // Completing again answers with the first completion.
  'POST /api/v1/tenders/{tenderId}/evaluation/complete': both(async (ctx, a) => ({ path: path(await once(ctx, a, 'complete'), '/complete') }), 200),
  'GET /api/v1/tenders/{tenderId}/evaluation/result': read('complete', '/result'),
  'GET /api/v1/tenders/{tenderId}/evaluation/sensitivity': read('complete', '/sensitivity'),
  'GET /api/v1/tenders/{tenderId}/evaluation/bundle': read('complete', '/bundle'),
  'GET /api/v1/tenders/{tenderId}/evaluation/award': read('complete', '/award'),
  'GET /api/v1/tenders/{tenderId}/evaluation/summaries': read('approved', '/summaries'),
  'GET /api/v1/tenders/{tenderId}/evaluation/summaries/{providerId}': both(async (ctx, a) => {
    const e = await once(ctx, a, 'approved');
    const [row] = await asOwner<{ provider_id: string }>(
      ctx.t,
      'SELECT provider_id FROM assessment_summaries WHERE tender_id = $1 ORDER BY provider_id LIMIT 1',
      [e.tenderId],
    );
    return { path: path(e, `/summaries/${row.provider_id}`) };
  }, 200),
  'POST /api/v1/tenders/{tenderId}/evaluation/award/recommend': both(
    async (ctx, a, allowed) => ({ path: path(await fresh(ctx, a, 'complete', allowed), '/award/recommend'), body: { reason: 'Matrix' } }),
    201,
  ),
  // The fixture's commissioner made the recommendation, so they may not approve it: a second person must.
  'POST /api/v1/tenders/{tenderId}/evaluation/award/approve': both(
    async (ctx, a, allowed) => ({ path: path(await fresh(ctx, a, 'recommended', allowed), '/award/approve'), body: { reason: 'Matrix' } }),
    201,
    {
      successFor: (caller) => (caller.name === 'commissioner' ? 403 : 201),
    },
  ),
  'POST /api/v1/tenders/{tenderId}/evaluation/award/confirm': both(async (ctx, a, allowed) => {
    const e = await fresh(ctx, a, 'approved', allowed);
    // As if the standstill had run its course (award steps are append-only, so the trigger is lifted for the fixture).
    await asOwner(ctx.t, 'ALTER TABLE award_steps DISABLE TRIGGER award_steps_append_only');
    await asOwner(ctx.t, `UPDATE award_steps SET standstill_ends_at = now() - interval '1 minute' WHERE tender_id = $1`, [e.tenderId]);
    await asOwner(ctx.t, 'ALTER TABLE award_steps ENABLE TRIGGER award_steps_append_only');
    return { path: path(e, '/award/confirm') };
  }, 201),
  'POST /api/v1/tenders/{tenderId}/evaluation/award/no-award': both(
    async (ctx, a, allowed) => ({ path: path(await fresh(ctx, a, 'started', allowed), '/award/no-award'), body: { reason: 'Matrix' } }),
    201,
  ),
  // The matrix's provider (Brightpath) bid on northmere's tender; southvale's was bid for by others only.
  'GET /api/v1/public/tenders/{tenderId}/evaluation/bundle': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${(await once(ctx, 'northmere', 'approved')).tenderId}/evaluation/bundle` }),
    foreign: async (ctx) => {
      const e = await evaluatedTender(ctx.t, 'southvale', 'approved', { 'bids@castleton.test': '480000.00', 'bids@meadow.test': '470000.00' });
      return { path: `/api/v1/public/tenders/${e.tenderId}/evaluation/bundle` };
    },
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/assessment-summary': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${(await once(ctx, 'northmere', 'approved')).tenderId}/assessment-summary` }),
    foreign: async (ctx) => {
      const e = await evaluatedTender(ctx.t, 'southvale', 'approved', { 'bids@castleton.test': '480000.00', 'bids@meadow.test': '470000.00' });
      return { path: `/api/v1/public/tenders/${e.tenderId}/assessment-summary` };
    },
    success: 200,
  },
};
