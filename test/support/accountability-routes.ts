/** The accountability issue's routes (16): the audit log's and the service review's cells of the authorization matrix. */
import type { MatrixContext, MatrixRequest, RouteFixture } from './authorization-matrix.js';
import { asOwner, authorityId, type TestApp } from './test-app.js';
import { scrutinyCase, supportLink } from './scrutiny-fixtures.js';
import { pendingContract } from './contract-fixtures.js';
import { newId } from '#platform';
import { waitUntil } from './wait.js';

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

/** A fresh cycle with one outcome, and a review body that covers it. */
async function reviewable(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const headers = { authorization: `Bearer ${await ctx.token(`commissioner@${authority}.test`)}` };
  const c = (
    await ctx.t.http
      .post('/api/v1/cycles')
      .set(headers)
      .send({ reference: `MR-${ctx.next()}`, title: 'Matrix review', purpose: 'p', accountability: 'a', success: 's' })
  ).body;
  const o = (
    await ctx.t.http.post(`/api/v1/cycles/${c.id}/outcomes`).set(headers).send({ statement: 's', source: 'national', kind: 'outcome', indicators: [] })
  ).body;
  return {
    path: `/api/v1/cycles/${c.id as string}/review`,
    body: {
      outcomes: [{ outcomeId: o.id, finding: 'achieved', evidence: 'e' }],
      engagementFindings: 'f',
      summary: 's',
      decision: 'recommission',
      reasons: 'r',
    },
  };
}

/** A cycle reviewed by its authority's commissioner, as the path its review is read at. */
async function reviewed(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const r = await reviewable(ctx, authority);
  await ctx.t.http
    .post(r.path)
    .set({ authorization: `Bearer ${await ctx.token(`commissioner@${authority}.test`)}` })
    .send(r.body);
  return { path: r.path };
}

/**
 * One fixture per app and key, made the first time it is asked for: what a refused caller or a read needs
 * changes nothing, so the cells share it and the matrix stays cheap on the embedded database.
 */
const made = new WeakMap<TestApp, Map<string, Promise<MatrixRequest>>>();
function once(ctx: MatrixContext, key: string, make: () => Promise<MatrixRequest>): Promise<MatrixRequest> {
  const mine = made.get(ctx.t) ?? new Map<string, Promise<MatrixRequest>>();
  made.set(ctx.t, mine);
  if (!mine.has(key)) mine.set(key, make());
  return mine.get(key)!;
}

/** The service review's cells (issue 16, item 6): a fresh cycle only where the review is taken. */
export const REVIEW_ROUTES: Record<string, RouteFixture> = {
  'POST /api/v1/cycles/{id}/review': {
    own: (ctx, allowed) => (allowed ? reviewable(ctx, 'northmere') : once(ctx, 'reviewable', () => reviewable(ctx, 'northmere'))),
    foreign: (ctx) => reviewable(ctx, 'southvale'),
    success: 201,
  },
  'GET /api/v1/cycles/{id}/review': {
    own: (ctx) => once(ctx, 'reviewed-northmere', () => reviewed(ctx, 'northmere')),
    foreign: (ctx) => once(ctx, 'reviewed-southvale', () => reviewed(ctx, 'southvale')),
    success: 200,
  },
};

/** The demo's awarded re-offending tender's record, once the publication job has published it. */
async function publishedRecord(ctx: MatrixContext) {
  const [tender] = await asOwner<{ id: string }>(ctx.t, `SELECT id FROM tenders WHERE reference = 'NCC-2023-031'`);
  await waitUntil(
    async () => (await asOwner(ctx.t, `SELECT 1 FROM ocds_releases WHERE tender_id = $1`, [tender.id])).length > 0,
    60_000,
    'the demo process’s publication',
  );
  return { path: `/api/v1/public/ocds/records/${ctx.t.config.OCDS_OCID_PREFIX}-${tender.id}` };
}

/** Open Contracting publication's cells (issue 16, item 3): public, the same for every caller. */
export const OCDS_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/public/audit/heads': { own: async () => ({ path: '/api/v1/public/audit/heads?authority=northmere' }), success: 200 },
  'GET /api/v1/public/ocds/releases': { own: async () => ({ path: '/api/v1/public/ocds/releases?limit=5' }), success: 200 },
  'GET /api/v1/public/ocds/records/{ocid}': { own: (ctx) => once(ctx, 'record', () => publishedRecord(ctx)), success: 200 },
  'GET /api/v1/public/ocds/authorities/{slug}/releases': { own: async () => ({ path: '/api/v1/public/ocds/authorities/southvale/releases' }), success: 200 },
};

/** Scrutiny's cells (issue 16, item 5): the public's concerns, and the scrutiny members' cases. */
const caseOf = (ctx: MatrixContext, authority: 'northmere' | 'southvale') =>
  once(ctx, `case-${authority}`, async () => {
    const c = await scrutinyCase(ctx.t, authority);
    return { path: `/api/v1/scrutiny/cases/${c.caseId}`, body: c };
  });
const published = async (ctx: MatrixContext) => {
  const record = await once(ctx, 'record', () => publishedRecord(ctx));
  const ocid = record.path.split('/').at(-1)!;
  const [contract] = await asOwner<{ id: string }>(ctx.t, `SELECT id FROM contracts WHERE tender_id = $1`, [
    ocid.slice(ctx.t.config.OCDS_OCID_PREFIX.length + 1),
  ]);
  return { ocid, contractId: contract.id };
};
export const SCRUTINY_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/public/concerns': { own: async (ctx) => ({ path: `/api/v1/public/concerns?ocid=${(await published(ctx)).ocid}` }), success: 200 },
  'POST /api/v1/public/concerns': {
    own: async (ctx) => ({
      path: '/api/v1/public/concerns',
      body: {
        ...(await published(ctx)),
        category: 'quality',
        description: 'A concern the matrix raises about this contract',
        name: 'Matrix',
        email: `m${ctx.next()}@example.test`,
      },
    }),
    success: 202,
  },
  'POST /api/v1/public/concerns/{id}/supporters': {
    own: async (ctx) => {
      const { body } = await caseOf(ctx, 'northmere');
      return { path: `/api/v1/public/concerns/${(body as { concernId: string }).concernId}/supporters`, body: { email: `m${ctx.next()}@example.test` } };
    },
    success: 202,
  },
  'POST /api/v1/public/concerns/confirmations': {
    own: async (ctx) => {
      const { body } = await caseOf(ctx, 'northmere');
      const { tenantId, concernId } = body as { tenantId: string; concernId: string };
      return { path: '/api/v1/public/concerns/confirmations', body: { authority: 'northmere', token: await supportLink(ctx.t, tenantId, concernId) } };
    },
    success: 200,
  },
  'GET /api/v1/scrutiny/cases': { own: async () => ({ path: '/api/v1/scrutiny/cases' }), success: 200 },
  'GET /api/v1/scrutiny/cases/{id}': {
    own: async (ctx) => ({ path: (await caseOf(ctx, 'northmere')).path }),
    foreign: async (ctx) => ({ path: (await caseOf(ctx, 'southvale')).path }),
    success: 200,
  },
  'POST /api/v1/scrutiny/cases/{id}/notes': {
    own: async (ctx) => ({ path: `${(await caseOf(ctx, 'northmere')).path}/notes`, body: { note: 'A matrix note' } }),
    foreign: async (ctx) => ({ path: `${(await caseOf(ctx, 'southvale')).path}/notes`, body: { note: 'A matrix note' } }),
    success: 201,
  },
  'POST /api/v1/scrutiny/cases/{id}/conclusion': {
    // Concluded once: a fresh case for each caller let through.
    own: async (ctx, allowed) =>
      allowed
        ? { path: `/api/v1/scrutiny/cases/${(await scrutinyCase(ctx.t, 'northmere')).caseId}/conclusion`, body: { conclusion: 'Concluded by the matrix' } }
        : { path: `${(await caseOf(ctx, 'northmere')).path}/conclusion`, body: { conclusion: 'Concluded by the matrix' } },
    foreign: async (ctx) => ({ path: `${(await caseOf(ctx, 'southvale')).path}/conclusion`, body: { conclusion: 'Concluded by the matrix' } }),
    success: 200,
  },
};

/** What is withheld from a contract's open data (issue 16, item 3): each withholding on a fresh contract, so a field never published. */
const withholdingBody = { field: 'contracts/agreedMetrics', ground: 'commerciallySensitive', rationale: 'The matrix withholds this for its own reasons' };

/** A field withheld from a fresh contract's open data, as the database's owner writes it, decided by one of its authority's staff. */
export async function withheldField(t: TestApp, authority: 'northmere' | 'southvale'): Promise<{ contractId: string; id: string }> {
  const contract = await pendingContract(t, authority);
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO publication_withholdings (id, tenant_id, tender_id, contract_id, field, ground, rationale, decided_by)
     SELECT $1, c.tenant_id, c.tender_id, c.id, $3, $4, $5, (SELECT user_id FROM memberships m WHERE m.tenant_id = c.tenant_id LIMIT 1)
       FROM contracts c WHERE c.id = $2`,
    [id, contract.id, withholdingBody.field, withholdingBody.ground, withholdingBody.rationale],
  );
  return { contractId: contract.id, id };
}
async function withholding(ctx: MatrixContext, authority: 'northmere' | 'southvale') {
  const { contractId, id } = await withheldField(ctx.t, authority);
  return `/api/v1/contracts/${contractId}/withholdings/${id}`;
}
export const WITHHOLDING_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/contracts/{contractId}/withholdings': {
    own: async (ctx) => ({ path: `/api/v1/contracts/${(await pendingContract(ctx.t, 'northmere')).id}/withholdings` }),
    foreign: async (ctx) => ({ path: `/api/v1/contracts/${(await pendingContract(ctx.t, 'southvale')).id}/withholdings` }),
    success: 200,
  },
  'POST /api/v1/contracts/{contractId}/withholdings': {
    own: async (ctx) => ({ path: `/api/v1/contracts/${(await pendingContract(ctx.t, 'northmere')).id}/withholdings`, body: withholdingBody }),
    foreign: async (ctx) => ({ path: `/api/v1/contracts/${(await pendingContract(ctx.t, 'southvale')).id}/withholdings`, body: withholdingBody }),
    success: 201,
    // A person's decision, under their name: never an API key's.
    successFor: (caller) => (caller.name.startsWith('api key') ? 403 : 201),
  },
  'POST /api/v1/contracts/{contractId}/withholdings/{id}/lift': {
    own: async (ctx) => ({ path: `${await withholding(ctx, 'northmere')}/lift` }),
    foreign: async (ctx) => ({ path: `${await withholding(ctx, 'southvale')}/lift` }),
    success: 200,
    successFor: (caller) => (caller.name.startsWith('api key') ? 403 : 200),
  },
};
