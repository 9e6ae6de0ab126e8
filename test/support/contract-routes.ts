import { londonToday } from '#kernel';
import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import {
  contractKpi,
  EMPLOYMENT_METRIC,
  openReview,
  outcomeContract,
  outcomeReport,
  paymentLine,
  pendingContract,
  performanceAssessment,
  proposedChange,
  REFERRALS_KPI,
} from './contract-fixtures.js';
import { termEnd } from '#contracts';

/** The contract routes' cells of the authorization matrix: every change gets a pending contract of its own. */
const BRIGHTPATH = 'Brightpath Community Interest Company';
const at = (id: string, rest = '') => `/api/v1/contracts/${id}${rest}`;
const own = (ctx: MatrixContext, over: Parameters<typeof pendingContract>[2] = {}) => pendingContract(ctx.t, 'northmere', over);
const foreign = (ctx: MatrixContext, over: Parameters<typeof pendingContract>[2] = {}) => pendingContract(ctx.t, 'southvale', over);
const running = (ctx: MatrixContext, authority: 'northmere' | 'southvale' = 'northmere', over: Parameters<typeof outcomeContract>[2] = {}) =>
  outcomeContract(ctx.t, authority, over);
const VARIATION = { kind: 'variation', classification: 'not_substantial', rationale: 'New reporting dates', valueChange: '0' };
const REPORT = { period: 1, cohort: 40, achieved: 22, population: { deprivation_decile: '4', aged_18_24: '0.3' }, narrative: 'First quarter' };
/** A decision of a person: an API key holding the role is refused. */
const personOnly = (status: number) => (caller: { name: string }) => (caller.name.startsWith('api key') ? 403 : status);

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
  'GET /api/v1/contracts/{id}/outcomes': {
    own: async (ctx) => ({ path: at((await running(ctx)).id, '/outcomes') }),
    foreign: async (ctx) => ({ path: at((await running(ctx, 'southvale')).id, '/outcomes') }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/outcome-metrics': {
    own: async (ctx) => ({ path: at((await own(ctx, { paymentMechanism: 'fixed_fee_plus_outcomes' })).id, '/outcome-metrics'), body: EMPLOYMENT_METRIC }),
    foreign: async (ctx) => ({
      path: at((await foreign(ctx, { paymentMechanism: 'fixed_fee_plus_outcomes' })).id, '/outcome-metrics'),
      body: EMPLOYMENT_METRIC,
    }),
    success: 201,
  },
  'PATCH /api/v1/contracts/{id}/outcome-metrics/{metricId}': {
    own: async (ctx) => {
      const c = await running(ctx, 'northmere', { status: 'pending' });
      return { path: at(c.id, `/outcome-metrics/${c.metricId}`), body: { version: 1, title: 'No proven re-offending within a year' } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale', { status: 'pending' });
      return { path: at(c.id, `/outcome-metrics/${c.metricId}`), body: { version: 1, title: 'x' } };
    },
    success: 200,
  },
  'POST /api/v1/contracts/{id}/outcome-reports/{reportId}/validation': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/outcome-reports/${await outcomeReport(ctx.t, c)}/validation`), body: { decision: 'accepted' } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/outcome-reports/${await outcomeReport(ctx.t, c)}/validation`), body: { decision: 'accepted' } };
    },
    success: 201,
  },
  'POST /api/v1/contracts/{id}/outcome-reviews/{reviewId}/conclusion': {
    own: async (ctx) => {
      const c = await running(ctx);
      return {
        path: at(c.id, `/outcome-reviews/${await openReview(ctx.t, c, { explained: true })}/conclusion`),
        body: { version: 1, conclusion: 'no_action', note: 'The hostel closures explain the quarter' },
      };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return {
        path: at(c.id, `/outcome-reviews/${await openReview(ctx.t, c, { explained: true })}/conclusion`),
        body: { version: 1, conclusion: 'no_action', note: 'x' },
      };
    },
    success: 201,
  },
  'GET /api/v1/contracts/{id}/kpis': {
    own: async (ctx) => ({ path: at((await own(ctx)).id, '/kpis') }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id, '/kpis') }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/kpis': {
    own: async (ctx) => ({ path: at((await own(ctx)).id, '/kpis'), body: REFERRALS_KPI }),
    foreign: async (ctx) => ({ path: at((await foreign(ctx)).id, '/kpis'), body: REFERRALS_KPI }),
    success: 201,
  },
  'POST /api/v1/contracts/{id}/kpis/{kpiId}/measurements': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/kpis/${await contractKpi(ctx.t, c.id)}/measurements`), body: { periodEndsOn: c.startsOn, value: '93' } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/kpis/${await contractKpi(ctx.t, c.id)}/measurements`), body: { periodEndsOn: c.startsOn, value: '93' } };
    },
    success: 201,
  },
  'GET /api/v1/provider/contracts/{id}/kpis': {
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await own(ctx, { provider: BRIGHTPATH })).id}/kpis` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await foreign(ctx)).id}/kpis` }),
    success: 200,
  },
  'GET /api/v1/contracts/{id}/assessments': {
    own: async (ctx) => ({ path: at((await running(ctx)).id, '/assessments') }),
    foreign: async (ctx) => ({ path: at((await running(ctx, 'southvale')).id, '/assessments') }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/assessments': {
    own: async (ctx) => {
      const c = await running(ctx);
      return {
        path: at(c.id, '/assessments'),
        body: { periodTo: termEnd(c.startsOn, 1), rating: 'good', overrideReason: 'No KPIs', summary: 'A steady year' },
      };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, '/assessments'), body: { periodTo: termEnd(c.startsOn, 1), rating: 'good', overrideReason: 'x', summary: 'x' } };
    },
    success: 201,
    successFor: personOnly(201),
  },
  'GET /api/v1/contracts/{id}/assessments/{assessmentId}': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/assessments/${await performanceAssessment(ctx.t, c)}`) };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/assessments/${await performanceAssessment(ctx.t, c)}`) };
    },
    success: 200,
  },
  'GET /api/v1/provider/contracts/{id}/assessments': {
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'northmere', { provider: BRIGHTPATH })).id}/assessments` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'southvale')).id}/assessments` }),
    success: 200,
  },
  'GET /api/v1/provider/contracts/{id}/assessments/{assessmentId}': {
    own: async (ctx) => {
      const c = await running(ctx, 'northmere', { provider: BRIGHTPATH });
      return { path: `/api/v1/provider/contracts/${c.id}/assessments/${await performanceAssessment(ctx.t, c)}` };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: `/api/v1/provider/contracts/${c.id}/assessments/${await performanceAssessment(ctx.t, c)}` };
    },
    success: 200,
  },
  'GET /api/v1/contracts/{id}/changes': {
    own: async (ctx) => ({ path: at((await running(ctx)).id, '/changes') }),
    foreign: async (ctx) => ({ path: at((await running(ctx, 'southvale')).id, '/changes') }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/changes': {
    own: async (ctx) => ({ path: at((await running(ctx)).id, '/changes'), body: VARIATION }),
    foreign: async (ctx) => ({ path: at((await running(ctx, 'southvale')).id, '/changes'), body: VARIATION }),
    success: 201,
  },
  'POST /api/v1/contracts/{id}/changes/{changeId}/approval': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id, { needsApproval: true })}/approval`), body: { version: 1 } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id, { needsApproval: true })}/approval`), body: { version: 1 } };
    },
    success: 201,
    successFor: personOnly(201),
  },
  'POST /api/v1/contracts/{id}/changes/{changeId}/signature': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id)}/signature`), body: { version: 1, signedOn: londonToday() } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id)}/signature`), body: { version: 1, signedOn: londonToday() } };
    },
    success: 201,
  },
  'POST /api/v1/contracts/{id}/changes/{changeId}/withdrawal': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id)}/withdrawal`), body: { version: 1, reason: 'Not needed' } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/changes/${await proposedChange(ctx.t, c.id)}/withdrawal`), body: { version: 1, reason: 'x' } };
    },
    success: 201,
  },
  'GET /api/v1/provider/contracts/{id}/changes': {
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'northmere', { provider: BRIGHTPATH })).id}/changes` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'southvale')).id}/changes` }),
    success: 200,
  },
  'GET /api/v1/contracts/{id}/payments': {
    own: async (ctx) => ({ path: at((await running(ctx)).id, '/payments') }),
    foreign: async (ctx) => ({ path: at((await running(ctx, 'southvale')).id, '/payments') }),
    success: 200,
  },
  'POST /api/v1/contracts/{id}/payments/{paymentId}/approval': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/payments/${await paymentLine(ctx.t, c.id)}/approval`), body: { version: 1 } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/payments/${await paymentLine(ctx.t, c.id)}/approval`), body: { version: 1 } };
    },
    success: 201,
    successFor: personOnly(201),
  },
  'POST /api/v1/contracts/{id}/payments/{paymentId}/payment': {
    own: async (ctx) => {
      const c = await running(ctx);
      return { path: at(c.id, `/payments/${await paymentLine(ctx.t, c.id, 'approved')}/payment`), body: { version: 1, paidOn: londonToday() } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: at(c.id, `/payments/${await paymentLine(ctx.t, c.id, 'approved')}/payment`), body: { version: 1, paidOn: londonToday() } };
    },
    success: 201,
  },
  'GET /api/v1/provider/contracts/{id}/outcomes': {
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'northmere', { provider: BRIGHTPATH })).id}/outcomes` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'southvale')).id}/outcomes` }),
    success: 200,
  },
  'POST /api/v1/provider/contracts/{id}/outcome-reports': {
    own: async (ctx) => {
      const c = await running(ctx, 'northmere', { provider: BRIGHTPATH });
      return { path: `/api/v1/provider/contracts/${c.id}/outcome-reports`, body: { ...REPORT, metricId: c.metricId } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: `/api/v1/provider/contracts/${c.id}/outcome-reports`, body: { ...REPORT, metricId: c.metricId } };
    },
    success: 201,
  },
  'POST /api/v1/provider/contracts/{id}/outcome-reviews/{reviewId}/explanation': {
    own: async (ctx) => {
      const c = await running(ctx, 'northmere', { provider: BRIGHTPATH });
      return { path: `/api/v1/provider/contracts/${c.id}/outcome-reviews/${await openReview(ctx.t, c)}/explanation`, body: { explanation: 'Hostels closed' } };
    },
    foreign: async (ctx) => {
      const c = await running(ctx, 'southvale');
      return { path: `/api/v1/provider/contracts/${c.id}/outcome-reviews/${await openReview(ctx.t, c)}/explanation`, body: { explanation: 'x' } };
    },
    success: 201,
  },
  'GET /api/v1/provider/contracts/{id}/payments': {
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'northmere', { provider: BRIGHTPATH })).id}/payments` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await running(ctx, 'southvale')).id}/payments` }),
    success: 200,
  },
  'GET /api/v1/provider/contracts': { own: async () => ({ path: '/api/v1/provider/contracts' }), success: 200 },
  'GET /api/v1/provider/contracts/{id}': {
    // The matrix's provider is Brightpath: its own contract opens; Castleton's, anywhere, is not found.
    own: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await own(ctx, { provider: BRIGHTPATH })).id}` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/contracts/${(await foreign(ctx)).id}` }),
    success: 200,
  },
};
