import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Caller, MatrixContext, MatrixRequest, RouteFixture } from '../support/authorization-matrix.js';
import { CONTRACT_ROUTES } from '../support/contract-routes.js';
import { COST_ROUTES } from '../support/cost-routes.js';
import { AUDIT_ROUTES, OCDS_ROUTES, REVIEW_ROUTES, SCRUTINY_ROUTES, WITHHOLDING_ROUTES } from '../support/accountability-routes.js';
import { EVALUATION_ROUTES } from '../support/evaluation-routes.js';
import { PUBLIC_CHARACTER_ROUTES } from '../support/public-character-routes.js';
import { closeAndOpenBids, failedJob, openTenderCopy, sentEmail, staffInvitation, staffMember } from '../support/fixtures.js';
import { asOwner, DEMO_PASSWORD, login, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/**
 * route x role x tenant. Later issues add their routes to ROUTES; the first
 * test fails until they do.
 */
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function tenderId(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const res = await ctx.t.http.get('/api/v1/tenders').set(auth(await ctx.token(`commissioner@${authority}.test`)));
  return res.body.items[0].id as string;
}

async function newApiKey(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const res = await ctx.t.http
    .post('/api/v1/api-keys')
    .set(auth(await ctx.token(`admin@${authority}.test`)))
    .send({ name: `matrix ${ctx.next()}`, roles: ['auditor'] });
  return res.body.id as string;
}

async function freshRefreshToken(ctx: MatrixContext) {
  const res = await ctx.t.http.post('/api/v1/auth/login').send({ email: 'auditor@northmere.test', password: DEMO_PASSWORD });
  return res.body.refreshToken as string;
}

/** A fresh commissioning cycle in the authority, made by its commissioner. */
async function newCycle(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const res = await ctx.t.http
    .post('/api/v1/cycles')
    .set(auth(await ctx.token(`commissioner@${authority}.test`)))
    .send({ reference: `MC-${ctx.next()}`, title: 'Matrix cycle', purpose: 'p', accountability: 'a', success: 's' });
  return res.body as { id: string; version: number; reviewBy: string };
}

async function engagementOf(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const cycle = await newCycle(ctx, authority);
  const res = await ctx.t.http
    .post(`/api/v1/cycles/${cycle.id}/engagements`)
    .set(auth(await ctx.token(`commissioner@${authority}.test`)))
    .send(ENGAGEMENT);
  return `/api/v1/cycles/${cycle.id}/engagements/${res.body.id as string}/responses`;
}

const ENGAGEMENT = {
  title: 'Matrix',
  method: 'information',
  level: 'inform',
  upForGrabs: 'Nothing',
  seniorOwner: 'Owner',
  cost: '0',
  startsOn: '2026-01-01',
  endsOn: '2026-01-02',
};
const DECISION = {
  optionsConsidered: [
    { option: 'in_house', assessment: 'a' },
    { option: 'grant', assessment: 'b' },
  ],
  chosen: 'grant',
  rationale: 'r',
  warningSignals: ['close_personal_relationship', 'complex_collaboration', 'system_risk_transfer'].map((signal) => ({ signal, present: false, note: '' })),
  inHouseComparatorCost: '1.00',
  contract: { annualValue: '1.00', lengthMonths: 12, capitalRequirement: '0' },
  forProfitEligible: false,
};
const cycleEdit = (c: { version: number; reviewBy: string }) => ({
  reference: 'MC-edit',
  title: 'Edited',
  purpose: 'p',
  accountability: 'a',
  success: 's',
  reviewBy: c.reviewBy,
  version: c.version,
});

/** A fresh draft in the authority, made by its commissioner. */
async function draftTender(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const res = await ctx.t.http
    .post('/api/v1/tenders')
    .set(auth(await ctx.token(`commissioner@${authority}.test`)))
    .send({ reference: `M-${ctx.next()}`, title: 'Matrix draft' });
  return res.body.id as string;
}

async function publishedTenderId(ctx: MatrixContext) {
  return (await ctx.t.http.get('/api/v1/public/tenders')).body.items[0].id as string;
}

/** The demo's tender open for bids and questions for weeks (not the newest: other cells publish tenders that close soon). */
async function openTenderOf(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  return tenderIdByReference(ctx.t, authority === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
}

/** A question waiting for an answer on an open tender of the authority. */
async function question(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const tender = await openTenderOf(ctx, authority);
  const res = await ctx.t.http
    .post(`/api/v1/public/tenders/${tender}/clarifications`)
    .set(auth(await ctx.token('bids@brightpath.test', authority)))
    .send({ question: `Matrix question ${ctx.next()}` });
  if (res.status !== 201) throw new Error(`the matrix's question was refused: ${res.status} ${JSON.stringify(res.body)}`);
  return { tender, id: res.body.id as string };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** A document already attached to an authority's open tender. */
async function attached(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const tender = await openTenderOf(ctx, authority);
  const res = await ctx.t.http
    .post(`/api/v1/tenders/${tender}/documents`)
    .set(auth(await ctx.token(`commissioner@${authority}.test`)))
    .attach('file', PDF, 'spec.pdf');
  return { tender, id: res.body.id as string };
}

/** A provider's bid document on a copy of the authority's open tender, closed and opened so the authority may read it. */
async function openedBidDocument(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const tender = await openTenderCopy(ctx.t, new Date(Date.now() + 3_600_000), authority === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  const up = await ctx.t.http
    .post(`/api/v1/public/tenders/${tender}/bids/documents`)
    .set(auth(await ctx.token('bids@brightpath.test', authority)))
    .attach('file', PDF, 'bid.pdf');
  await closeAndOpenBids(ctx.t, tender);
  return `/api/v1/tenders/${tender}/bids/documents/${up.body.id as string}`;
}

/** A bid document the matrix's provider (Brightpath) uploaded to an open tender. */
async function ownBidDocument(ctx: MatrixContext) {
  const tender = await openTenderOf(ctx, 'northmere');
  const up = await ctx.t.http
    .post(`/api/v1/public/tenders/${tender}/bids/documents`)
    .set(auth(await ctx.token('bids@brightpath.test', 'northmere')))
    .attach('file', PDF, 'bid.pdf');
  return `/api/v1/public/tenders/${tender}/bids/documents/${up.body.id as string}`;
}

/** A bid the matrix's provider (Brightpath) sent to an open tender: its receipt's download. */
async function ownBidReceipt(ctx: MatrixContext) {
  const tender = await openTenderOf(ctx, 'northmere');
  const res = await ctx.t.http
    .post(`/api/v1/public/tenders/${tender}/bids`)
    .set(auth(await ctx.token('bids@brightpath.test', 'northmere')))
    .send(BID);
  if (res.status !== 201) throw new Error(`the matrix's bid was refused: ${res.status} ${JSON.stringify(res.body)}`);
  return `/api/v1/public/tenders/${tender}/bids/${res.body.id as string}/receipt`;
}

/** An invitation's token, as the invited person gets it: from the e-mail. */
async function invitationToken(ctx: MatrixContext): Promise<string> {
  const email = `m${ctx.next()}@invitee.test`;
  await ctx.t.http
    .post('/api/v1/provider/team/invitations')
    .set(auth(await ctx.token('bids@brightpath.test', 'northmere')))
    .send({ email, name: 'Invitee', roles: ['bid_writer'] });
  const read = () => asOwner<{ text_body: string }>(ctx.t, `SELECT text_body FROM email_deliveries WHERE to_address = $1`, [email]);
  await waitUntil(async () => (await read()).length > 0, 20_000, 'the invitation e-mail');
  return /\/invitations\/([A-Za-z0-9_-]{43})/.exec((await read())[0].text_body)![1];
}

const byReference = (ctx: MatrixContext, reference: string) => tenderIdByReference(ctx.t, reference);
const BID = {
  lotKey: 'lot-1',
  price: '100000.00',
  answers: { delivery: 'd', safeguarding: 's', 'local-jobs': 'l', 'shared-ownership': 'o' },
};

export const ROUTES: Record<string, RouteFixture> = {
  ...EVALUATION_ROUTES,
  ...CONTRACT_ROUTES,
  ...COST_ROUTES,
  ...AUDIT_ROUTES,
  ...REVIEW_ROUTES,
  ...OCDS_ROUTES,
  ...SCRUTINY_ROUTES,
  ...WITHHOLDING_ROUTES,
  ...PUBLIC_CHARACTER_ROUTES,
  'GET /api/v1/public-character/framework': { own: async () => ({ path: '/api/v1/public-character/framework' }), success: 200 },
  // Each allowed call adopts the next version from the one in force, as an admin's edit would.
  'POST /api/v1/public-character/framework': {
    own: async (ctx) => {
      const current = (await ctx.t.http.get('/api/v1/public-character/framework').set(auth(await ctx.token('admin@northmere.test')))).body;
      return { path: '/api/v1/public-character/framework', body: { basedOnVersion: current.version, framework: current.framework } };
    },
    success: 201,
  },
  'GET /api/v1/social-value/catalogue': { own: async () => ({ path: '/api/v1/social-value/catalogue' }), success: 200 },
  'GET /api/v1/social-value/catalogue/export': { own: async () => ({ path: '/api/v1/social-value/catalogue/export' }), success: 200 },
  // The demo's youth services tender, published on the built-in catalogue (version 0).
  'GET /api/v1/public/tenders/{tenderId}/social-value/catalogue': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await byReference(ctx, 'NCC-2026-014')}/social-value/catalogue` }),
    success: 200,
  },
  'POST /api/v1/social-value/catalogue/import': {
    own: async () => ({
      path: '/api/v1/social-value/catalogue/import',
      text: { type: 'text/csv', body: 'theme,outcome,measure_code,measure,unit,proxy_value,source\nJobs,Local work,J-1,Local hires,FTE year,100.00,Matrix' },
    }),
    success: 201,
  },
  'GET /health': { own: async () => ({ path: '/health' }), success: 200 },
  'GET /health/live': { own: async () => ({ path: '/health/live' }), success: 200 },
  'GET /health/ready': { own: async () => ({ path: '/health/ready' }), success: 200 },
  'POST /api/v1/auth/login': {
    own: async () => ({ path: '/api/v1/auth/login', body: { email: 'evaluator2@northmere.test', password: DEMO_PASSWORD } }),
    success: 200,
  },
  'POST /api/v1/auth/refresh': {
    own: async (ctx) => ({ path: '/api/v1/auth/refresh', body: { refreshToken: await freshRefreshToken(ctx) } }),
    success: 200,
  },
  'POST /api/v1/auth/logout': {
    own: async (ctx) => ({ path: '/api/v1/auth/logout', body: { refreshToken: await freshRefreshToken(ctx) } }),
    success: 204,
  },
  'GET /api/v1/auth/me': { own: async () => ({ path: '/api/v1/auth/me' }), success: 200 },
  'GET /api/v1/authorities': { own: async () => ({ path: '/api/v1/authorities' }), success: 200 },
  'POST /api/v1/authorities': {
    own: async (ctx) => ({ path: '/api/v1/authorities', body: { slug: `matrix-${ctx.next()}`, name: 'Matrix Council' } }),
    success: 201,
  },
  'GET /api/v1/api-keys': { own: async () => ({ path: '/api/v1/api-keys' }), success: 200 },
  'POST /api/v1/api-keys': {
    own: async (ctx) => ({ path: '/api/v1/api-keys', body: { name: `k${ctx.next()}`, roles: ['auditor'] } }),
    success: 201,
  },
  'DELETE /api/v1/api-keys/{id}': {
    own: async (ctx) => ({ path: `/api/v1/api-keys/${await newApiKey(ctx, 'northmere')}` }),
    foreign: async (ctx) => ({ path: `/api/v1/api-keys/${await newApiKey(ctx, 'southvale')}` }),
    success: 204,
  },
  // Off unless METRICS_TOKEN is set (it is not here); a caller's own credential neither opens nor refuses it.
  'GET /metrics': { own: async () => ({ path: '/metrics' }), success: 404 },
  'GET /api/v1/staff': { own: async () => ({ path: '/api/v1/staff' }), success: 200 },
  'POST /api/v1/staff/invitations': {
    own: async (ctx) => ({ path: '/api/v1/staff/invitations', body: { email: `s${ctx.next()}@invitee.test`, name: 'Invitee', roles: ['auditor'] } }),
    success: 201,
  },
  'DELETE /api/v1/staff/invitations/{id}': {
    own: async (ctx) => ({ path: `/api/v1/staff/invitations/${(await staffInvitation(ctx.t, 'northmere')).id}` }),
    foreign: async (ctx) => ({ path: `/api/v1/staff/invitations/${(await staffInvitation(ctx.t, 'southvale')).id}` }),
    success: 204,
  },
  'GET /api/v1/staff/{userId}': {
    own: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'northmere')}` }),
    foreign: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'southvale')}` }),
    success: 200,
  },
  'PATCH /api/v1/staff/{userId}': {
    own: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'northmere')}`, body: { roles: ['auditor', 'evaluator'] } }),
    foreign: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'southvale')}`, body: { roles: ['auditor', 'evaluator'] } }),
    success: 200,
  },
  'POST /api/v1/staff/{userId}/deactivate': {
    own: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'northmere')}/deactivate` }),
    foreign: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'southvale')}/deactivate` }),
    success: 200,
  },
  'POST /api/v1/staff/{userId}/reactivate': {
    own: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'northmere')}/reactivate` }),
    foreign: async (ctx) => ({ path: `/api/v1/staff/${await staffMember(ctx.t, 'southvale')}/reactivate` }),
    success: 200,
  },
  'GET /api/v1/staff-invitations/{token}': {
    own: async (ctx) => ({ path: `/api/v1/staff-invitations/${(await staffInvitation(ctx.t, 'northmere')).token}` }),
    success: 200,
  },
  // As for providers' invitations: a signed-in person joins as themselves, and none of the matrix's people is the one invited.
  'POST /api/v1/staff-invitations/{token}/accept': {
    own: async (ctx) => ({
      path: `/api/v1/staff-invitations/${(await staffInvitation(ctx.t, 'northmere')).token}/accept`,
      body: { password: 'a matrix password' },
    }),
    success: 201,
    successFor: (caller) => (caller.name === 'anonymous' || caller.name.startsWith('api key') ? 201 : 403),
  },
  'GET /api/v1/jobs/failed': { own: async () => ({ path: '/api/v1/jobs/failed' }), success: 200 },
  'POST /api/v1/jobs/failed/{id}/retry': {
    own: async (ctx) => ({ path: `/api/v1/jobs/failed/${await failedJob(ctx.t, 'northmere')}/retry` }),
    foreign: async (ctx) => ({ path: `/api/v1/jobs/failed/${await failedJob(ctx.t, 'southvale')}/retry` }),
    success: 204,
  },
  'GET /api/v1/notifications/emails': { own: async () => ({ path: '/api/v1/notifications/emails' }), success: 200 },
  'GET /api/v1/notifications/emails/{id}': {
    own: async (ctx) => ({ path: `/api/v1/notifications/emails/${await sentEmail(ctx.t, 'northmere')}` }),
    foreign: async (ctx) => ({ path: `/api/v1/notifications/emails/${await sentEmail(ctx.t, 'southvale')}` }),
    success: 200,
  },
  'GET /api/v1/policy-pack': { own: async () => ({ path: '/api/v1/policy-pack' }), success: 200 },
  'GET /api/v1/policy-pack/versions': { own: async () => ({ path: '/api/v1/policy-pack/versions' }), success: 200 },
  // Versions are numbered per authority, so "another authority's version" is the same number: RLS decides.
  'GET /api/v1/policy-pack/versions/{version}': { own: async () => ({ path: '/api/v1/policy-pack/versions/1' }), success: 200 },
  'PUT /api/v1/policy-pack': {
    own: async (ctx) => {
      const token = await ctx.token('admin@northmere.test');
      const current = (await ctx.t.http.get('/api/v1/policy-pack').set(auth(token))).body;
      return { path: '/api/v1/policy-pack', body: { basedOnVersion: current.version, pack: current.pack } };
    },
    success: 200,
  },
  'POST /api/v1/tenders': {
    own: async (ctx) => ({ path: '/api/v1/tenders', body: { reference: `M-${ctx.next()}`, title: 'Matrix' } }),
    success: 201,
  },
  'POST /api/v1/providers': {
    own: async (ctx) => ({
      path: '/api/v1/providers',
      body: {
        organisation: { name: `Matrix ${ctx.next()}`, legalForm: 'charity', size: 'small', voluntaryCommunitySector: true },
        person: { name: 'M', email: `m${ctx.next()}@registrant.test`, password: 'a matrix password' },
      },
    }),
    success: 201,
  },
  'GET /api/v1/provider/team': { own: async () => ({ path: '/api/v1/provider/team' }), success: 200 },
  'POST /api/v1/provider/team/invitations': {
    own: async (ctx) => ({ path: '/api/v1/provider/team/invitations', body: { email: `m${ctx.next()}@invitee.test`, name: 'Invitee', roles: ['bid_writer'] } }),
    success: 201,
  },
  'GET /api/v1/invitations/{token}': { own: async (ctx) => ({ path: `/api/v1/invitations/${await invitationToken(ctx)}` }), success: 200 },
  // Public; but a signed-in person joins as themselves, and none of the matrix's people is the one invited: 403.
  // Without a person (anonymous, an API key) the password makes a new account.
  'POST /api/v1/invitations/{token}/accept': {
    own: async (ctx) => ({ path: `/api/v1/invitations/${await invitationToken(ctx)}/accept`, body: { password: 'a matrix password' } }),
    success: 201,
    successFor: (caller) => (caller.name === 'anonymous' || caller.name.startsWith('api key') ? 201 : 403),
  },
  'GET /api/v1/cycles': { own: async () => ({ path: '/api/v1/cycles' }), success: 200 },
  'POST /api/v1/cycles': {
    own: async (ctx) => ({ path: '/api/v1/cycles', body: { reference: `MC-${ctx.next()}`, title: 'Matrix', purpose: 'p', accountability: 'a', success: 's' } }),
    success: 201,
  },
  'GET /api/v1/cycles/{id}': {
    own: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'northmere')).id}` }),
    foreign: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'southvale')).id}` }),
    success: 200,
  },
  'PUT /api/v1/cycles/{id}': {
    own: async (ctx) => {
      const c = await newCycle(ctx, 'northmere');
      return { path: `/api/v1/cycles/${c.id}`, body: { ...cycleEdit(c), reference: `MC-${ctx.next()}` } };
    },
    foreign: async (ctx) => {
      const c = await newCycle(ctx, 'southvale');
      return { path: `/api/v1/cycles/${c.id}`, body: { ...cycleEdit(c), reference: `MC-${ctx.next()}` } };
    },
    success: 200,
  },
  'POST /api/v1/cycles/{id}/engagements': {
    own: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'northmere')).id}/engagements`, body: ENGAGEMENT }),
    foreign: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'southvale')).id}/engagements`, body: ENGAGEMENT }),
    success: 201,
  },
  'POST /api/v1/cycles/{id}/engagements/{activityId}/responses': {
    own: async (ctx) => ({ path: await engagementOf(ctx, 'northmere'), body: { youSaid: 'y', changed: false, decisionArea: 'other', weDid: 'w' } }),
    foreign: async (ctx) => ({ path: await engagementOf(ctx, 'southvale'), body: { youSaid: 'y', changed: false, decisionArea: 'other', weDid: 'w' } }),
    success: 201,
  },
  'POST /api/v1/cycles/{id}/outcomes': {
    own: async (ctx) => ({
      path: `/api/v1/cycles/${(await newCycle(ctx, 'northmere')).id}/outcomes`,
      body: { statement: 's', source: 'national', kind: 'outcome', indicators: [] },
    }),
    foreign: async (ctx) => ({
      path: `/api/v1/cycles/${(await newCycle(ctx, 'southvale')).id}/outcomes`,
      body: { statement: 's', source: 'national', kind: 'outcome', indicators: [] },
    }),
    success: 201,
  },
  'POST /api/v1/cycles/{id}/delivery-decisions': {
    own: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'northmere')).id}/delivery-decisions`, body: DECISION }),
    foreign: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'southvale')).id}/delivery-decisions`, body: DECISION }),
    success: 201,
  },
  'GET /api/v1/cycles/{id}/delivery-decisions': {
    own: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'northmere')).id}/delivery-decisions` }),
    foreign: async (ctx) => ({ path: `/api/v1/cycles/${(await newCycle(ctx, 'southvale')).id}/delivery-decisions` }),
    success: 200,
  },
  'PUT /api/v1/tenders/{id}': {
    own: async (ctx) => ({
      path: `/api/v1/tenders/${await draftTender(ctx, 'northmere')}`,
      body: { reference: `M-${ctx.next()}`, title: 'Edited', version: 1 },
    }),
    foreign: async (ctx) => ({
      path: `/api/v1/tenders/${await draftTender(ctx, 'southvale')}`,
      body: { reference: `M-${ctx.next()}`, title: 'Edited', version: 1 },
    }),
    success: 200,
  },
  'POST /api/v1/tenders/{id}/transitions': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await draftTender(ctx, 'northmere')}/transitions`, body: { to: 'cancelled', reason: 'matrix' } }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await draftTender(ctx, 'southvale')}/transitions`, body: { to: 'cancelled', reason: 'matrix' } }),
    success: 200,
  },
  'GET /api/v1/tenders/{id}/model': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await tenderId(ctx, 'northmere')}/model` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await tenderId(ctx, 'southvale')}/model` }),
    success: 200,
  },
  'GET /api/v1/public/tenders': { own: async () => ({ path: '/api/v1/public/tenders' }), success: 200 },
  'GET /api/v1/public/tenders/{id}': { own: async (ctx) => ({ path: `/api/v1/public/tenders/${await publishedTenderId(ctx)}` }), success: 200 },
  'POST /api/v1/public/tenders/{id}/interest': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await publishedTenderId(ctx)}/interest` }),
    success: 204,
  },
  'DELETE /api/v1/public/tenders/{id}/interest': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await publishedTenderId(ctx)}/interest` }),
    success: 204,
  },
  'GET /api/v1/public/tenders/{tenderId}/clarifications': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/clarifications` }),
    success: 200,
  },
  'POST /api/v1/public/tenders/{tenderId}/clarifications': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/clarifications`, body: { question: 'Matrix?' } }),
    success: 201,
  },
  'GET /api/v1/tenders/{tenderId}/clarifications': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'northmere')}/clarifications` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'southvale')}/clarifications` }),
    success: 200,
  },
  'POST /api/v1/tenders/{tenderId}/clarifications/{id}/answer': {
    own: async (ctx) => {
      const q = await question(ctx, 'northmere');
      return { path: `/api/v1/tenders/${q.tender}/clarifications/${q.id}/answer`, body: { answer: 'Matrix answer' } };
    },
    foreign: async (ctx) => {
      const q = await question(ctx, 'southvale');
      return { path: `/api/v1/tenders/${q.tender}/clarifications/${q.id}/answer`, body: { answer: 'Matrix answer' } };
    },
    success: 200,
  },
  'POST /api/v1/tenders/{tenderId}/documents': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'northmere')}/documents`, file: { name: 'spec.pdf', bytes: PDF } }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'southvale')}/documents`, file: { name: 'spec.pdf', bytes: PDF } }),
    success: 201,
  },
  'GET /api/v1/tenders/{tenderId}/documents': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'northmere')}/documents` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await openTenderOf(ctx, 'southvale')}/documents` }),
    success: 200,
  },
  'GET /api/v1/tenders/{tenderId}/documents/{id}': {
    own: async (ctx) => {
      const d = await attached(ctx, 'northmere');
      return { path: `/api/v1/tenders/${d.tender}/documents/${d.id}` };
    },
    foreign: async (ctx) => {
      const d = await attached(ctx, 'southvale');
      return { path: `/api/v1/tenders/${d.tender}/documents/${d.id}` };
    },
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/documents': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/documents` }),
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/documents/{id}': {
    own: async (ctx) => {
      const d = await attached(ctx, 'northmere');
      return { path: `/api/v1/public/tenders/${d.tender}/documents/${d.id}` };
    },
    success: 200,
  },
  'POST /api/v1/public/tenders/{tenderId}/bids': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/bids`, body: BID }),
    success: 201,
  },
  'POST /api/v1/public/tenders/{tenderId}/bids/documents': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/bids/documents`, file: { name: 'bid.pdf', bytes: PDF } }),
    success: 201,
  },
  'GET /api/v1/public/tenders/{tenderId}/bids/documents/{id}': { own: async (ctx) => ({ path: await ownBidDocument(ctx) }), success: 200 },
  'GET /api/v1/tenders/{tenderId}/bids/documents/{id}': {
    own: async (ctx) => ({ path: await openedBidDocument(ctx, 'northmere') }),
    foreign: async (ctx) => ({ path: await openedBidDocument(ctx, 'southvale') }),
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/bids/{id}/receipt': { own: async (ctx) => ({ path: await ownBidReceipt(ctx) }), success: 200 },
  'GET /api/v1/public/tenders/{tenderId}/bids/mine': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await openTenderOf(ctx, 'northmere')}/bids/mine` }),
    success: 200,
  },
  // Tenders whose deadline has passed: northmere's awarded one, southvale's in evaluation.
  'POST /api/v1/tenders/{tenderId}/bids/open': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await byReference(ctx, 'NCC-2023-031')}/bids/open` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await byReference(ctx, 'SVICB-2026-002')}/bids/open` }),
    success: 200,
  },
  'GET /api/v1/tenders/{tenderId}/bids': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await byReference(ctx, 'NCC-2023-031')}/bids` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await byReference(ctx, 'SVICB-2026-002')}/bids` }),
    success: 200,
  },
  'GET /api/v1/tenders': { own: async () => ({ path: '/api/v1/tenders' }), success: 200 },
  'GET /api/v1/tenders/{id}': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${await tenderId(ctx, 'northmere')}` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await tenderId(ctx, 'southvale')}` }),
    success: 200,
  },
};

const STAFF = ['admin', 'commissioner', 'evaluator1', 'contracts', 'auditor', 'scrutiny'] as const;
const STAFF_ROLES: Record<(typeof STAFF)[number], string> = {
  admin: 'authority_admin',
  commissioner: 'commissioner',
  evaluator1: 'evaluator',
  contracts: 'contract_manager',
  auditor: 'auditor',
  scrutiny: 'scrutiny_member',
};

/** The matrix's areas: evaluation (whole evaluations built for many cells), after the award, providers, the rest. */
const AREAS: [string, (key: string) => boolean][] = [
  ['evaluation', (k) => k.includes('/evaluation')],
  ['contracts and costs', (k) => !k.includes('/evaluation') && /^\w+ \/api\/v1\/(contracts|costs)\b/.test(k)],
  ['providers and the public', (k) => !k.includes('/evaluation') && /^\w+ \/api\/v1\/(provider|providers|public|invitations|staff-invitations|auth)\b/.test(k)],
  [
    'the rest',
    (k) => !k.includes('/evaluation') && !/^\w+ \/api\/v1\/(contracts|costs|provider|providers|public|invitations|staff-invitations|auth)\b/.test(k),
  ],
];

describe('authorization matrix: route x role x authority', () => {
  let t: TestApp;
  let ctx: MatrixContext;
  let operations: { key: string; method: string; roles: string[] }[];
  const callers: Caller[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    const tokens = new Map<string, string>();
    let counter = 0;
    ctx = {
      t,
      next: () => ++counter,
      token: async (email, authority) => {
        const k = `${email}|${authority ?? ''}`;
        if (!tokens.has(k)) tokens.set(k, await login(t, email, authority));
        return tokens.get(k)!;
      },
    };
    callers.push({ name: 'anonymous', roles: [], headers: {} });
    for (const s of STAFF) callers.push({ name: s, roles: [STAFF_ROLES[s]], headers: auth(await ctx.token(`${s}@northmere.test`)) });
    callers.push({ name: 'provider', roles: ['provider'], headers: auth(await ctx.token('bids@brightpath.test', 'northmere')) });
    callers.push({ name: 'operator', roles: ['platform_operator'], headers: auth(await ctx.token('operator@commonweal.test')) });
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(auth(await ctx.token('admin@northmere.test')))
      .send({ name: 'matrix', roles: ['contract_manager'] });
    callers.push({ name: 'api key (contract_manager)', roles: ['contract_manager'], headers: { 'x-api-key': key.body.key } });

    const doc = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, { 'x-roles'?: string[] }>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, roles: op['x-roles'] ?? [] })),
    );
  });
  afterAll(async () => t?.close());

  it('has a rule and a fixture for every route, and no fixture for a route that is gone', () => {
    const keys = operations.map((o) => o.key).sort();
    expect(keys).toEqual(Object.keys(ROUTES).sort());
    for (const op of operations) expect(op.roles.length).toBeGreaterThan(0);
  });

  const send = (method: string, req: MatrixRequest, headers: Record<string, string>) => {
    const r = t.http[method as 'get'](req.path).set(headers);
    if (req.text) return r.set('content-type', req.text.type).send(req.text.body);
    if (!req.file) return r.send(req.body);
    for (const [name, value] of Object.entries(req.file.fields ?? {})) r.field(name, value);
    return r.attach('file', req.file.bytes, req.file.name);
  };

  // One test per area, so each has its own time budget and a failure says where; together they are every route
  // (the test above holds the fixtures to the routes).
  for (const [area, inArea] of AREAS)
    it(`lets exactly the declared roles through, in their own authority only: ${area}`, async () => {
      const cells: string[] = [];
      const timings: [string, number][] = [];
      const mine = operations.filter((op) => inArea(op.key));
      expect(mine.length).toBeGreaterThan(0);
      for (const op of mine) {
        const fixture = ROUTES[op.key];
        const started = performance.now();
        for (const caller of callers) {
          const allowed = op.roles.includes('public') || caller.roles.some((r) => op.roles.includes(r));
          const res = await send(op.method, await fixture.own(ctx, allowed), caller.headers);
          const expected = allowed ? (fixture.successFor?.(caller) ?? fixture.success) : caller.name === 'anonymous' ? 401 : 403;
          cells.push(`${op.key} as ${caller.name}: ${res.status}${res.status === expected ? '' : ` (expected ${expected})`}`);
          if (allowed && fixture.foreign && !op.roles.includes('public')) {
            const foreign = await send(op.method, await fixture.foreign(ctx), caller.headers);
            cells.push(`${op.key} as ${caller.name} on another authority: ${foreign.status}${foreign.status === 404 ? '' : ' (expected 404)'}`);
          }
        }
        timings.push([op.key, performance.now() - started]);
      }
      // MATRIX_TIMINGS=1 prints the slowest routes' cells: where to look when the matrix nears its limit.
      if (process.env.MATRIX_TIMINGS)
        console.log(
          timings
            .sort((a, b) => b[1] - a[1])
            .slice(0, 25)
            .map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${k}`)
            .join('\n'),
        );
      expect(cells.filter((c) => c.includes('expected'))).toEqual([]);
      expect(cells.length).toBeGreaterThan(mine.length * callers.length - 1);
      // Every route for every caller, several of them building whole evaluations: minutes, not seconds, on two cores.
    }, 300_000);
});
