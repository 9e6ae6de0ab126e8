import { newId } from '#platform';
import type { MatrixContext, RouteFixture } from './authorization-matrix.js';
import { closeAndOpenBids, openTenderCopy } from './fixtures.js';
import { asOwner, login, type TestApp } from './test-app.js';

/**
 * The public character routes' cells of the authorization matrix. The provider's library is its own
 * (another provider's item answers 404); a bid's snapshot is the authority's only once opened, and
 * only in its own authority (another authority's answers 404).
 */
type Authority = 'northmere' | 'southvale';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** An evidence document in a provider's library (the matrix's provider, Brightpath, unless another is named). */
export async function evidenceDocument(t: TestApp, email = 'bids@brightpath.test') {
  const res = await t.http
    .post('/api/v1/provider/evidence/documents')
    .set(auth(await login(t, email)))
    .field('title', `Matrix minutes ${newId().slice(-6)}`)
    .field('evidenceType', 'board_minutes')
    .attach('file', PDF, 'minutes.pdf');
  return res.body as { id: string; title: string; document: { fileName: string; contentType: string; sizeBytes: number; sha256: string } };
}

/** A tender of the authority open for bids, recording the default framework (version 0). */
async function frameworkTender(t: TestApp, authority: Authority) {
  const tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000), authority === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  await asOwner(t, 'UPDATE tenders SET public_character_framework_version = 0 WHERE id = $1', [tender]);
  return tender;
}

/**
 * An opened tender with the provider's bid carrying a snapshot that names one of its evidence documents.
 * Made once per app, authority and provider.
 */
const made = new WeakMap<object, Map<string, Promise<{ tender: string; bid: string; evidence: string }>>>();
export function snapshotBid(t: TestApp, authority: Authority, email = 'bids@brightpath.test') {
  const byKey = made.get(t) ?? new Map();
  made.set(t, byKey);
  const key = `${authority} ${email}`;
  if (!byKey.has(key)) {
    byKey.set(
      key,
      (async () => {
        const tender = await frameworkTender(t, authority);
        const doc = await evidenceDocument(t, email);
        const snapshot = {
          frameworkVersion: 0,
          takenOn: '2026-11-29',
          tests: [
            {
              code: 'goals',
              name: 'Goals',
              level: 3,
              narrative: 'Matrix',
              evidence: [
                {
                  id: doc.id,
                  title: doc.title,
                  evidenceType: 'board_minutes',
                  description: '',
                  url: null,
                  document: doc.document,
                  issuedOn: null,
                  expiresOn: null,
                  expired: false,
                },
              ],
            },
          ],
        };
        const [p] = await asOwner<{ provider_id: string }>(
          t,
          `SELECT pm.provider_id FROM provider_memberships pm JOIN users u ON u.id = pm.user_id WHERE u.email = $1`,
          [email],
        );
        const bid = newId();
        await asOwner(
          t,
          `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash, public_character)
        SELECT $1, tenant_id, id, $2, 'lot-1', 1, '{}', 1, repeat('b', 64), $3 FROM tenders WHERE id = $4`,
          [bid, p.provider_id, JSON.stringify(snapshot), tender],
        );
        await closeAndOpenBids(t, tender);
        return { tender, bid, evidence: doc.id };
      })(),
    );
  }
  return byKey.get(key)!;
}
const openedSnapshotBid = (ctx: MatrixContext, authority: Authority) => snapshotBid(ctx.t, authority);

const staffPath = async (ctx: MatrixContext, a: Authority, rest = '') => {
  const s = await openedSnapshotBid(ctx, a);
  return `/api/v1/tenders/${s.tender}/public-character${rest.replace('{bid}', s.bid).replace('{evidence}', s.evidence)}`;
};
const staff = (rest: string, success: number, body?: object): RouteFixture => ({
  own: async (ctx) => ({ path: await staffPath(ctx, 'northmere', rest), body }),
  foreign: async (ctx) => ({ path: await staffPath(ctx, 'southvale', rest), body }),
  success,
});

/** A request for more evidence on the northmere bid, fresh for each caller who may answer it. */
async function request(ctx: MatrixContext) {
  const s = await openedSnapshotBid(ctx, 'northmere');
  const res = await ctx.t.http
    .post(`/api/v1/tenders/${s.tender}/public-character/bids/${s.bid}/tests/goals/verification`)
    .set(auth(await ctx.token('commissioner@northmere.test')))
    .send({ outcome: 'more_requested', reason: 'Matrix', respondBy: new Date(Date.now() + 86_400_000).toISOString() });
  const goals = res.body.tests.find((x: { code: string }) => x.code === 'goals');
  return `/api/v1/public/tenders/${s.tender}/public-character/verification/${goals.history.at(-1).id as string}/response`;
}

/** The demo's awarded tender, where Brightpath (the matrix's provider) won and reports its social value delivery. */
async function awarded(ctx: MatrixContext) {
  const [t] = await asOwner<{ id: string; commitment: string }>(
    ctx.t,
    `SELECT t.id, c.id AS commitment FROM tenders t JOIN contract_commitments c ON c.tender_id = t.id
    WHERE t.reference = 'NCC-2023-031' AND c.kind = 'social_value' AND c.code = 'SOC-4'`,
  );
  return t;
}
/** A delivery report awaiting review: a fresh one for a caller who may review it. */
async function reportToReview(ctx: MatrixContext, fresh: boolean) {
  const a = await awarded(ctx);
  if (fresh) {
    const board = (
      await ctx.t.http
        .post(`/api/v1/public/tenders/${a.id}/delivery/reports`)
        .set(auth(await ctx.token('bids@brightpath.test', 'northmere')))
        .send({ commitmentId: a.commitment, year: 3, quantity: '20', narrative: 'Matrix report' })
    ).body as { reports: { id: string; review: unknown }[] };
    return board.reports.filter((r) => !r.review).at(-1)!.id;
  }
  const [r] = await asOwner<{ id: string }>(ctx.t, `SELECT id FROM delivery_reports WHERE tender_id = $1 LIMIT 1`, [a.id]);
  return r.id;
}
/** A public character commitment on the awarded tender with its next review, the year to send (a fresh one for each caller who may record it). */
async function commitmentToReview(ctx: MatrixContext) {
  const [c] = await asOwner<{ tender: string; id: string; next: number }>(
    ctx.t,
    `SELECT c.tender_id AS tender, c.id, COALESCE(max(r.review_year), 0)::int + 1 AS next
      FROM contract_commitments c JOIN tenders t ON t.id = c.tender_id LEFT JOIN commitment_reviews r ON r.commitment_id = c.id
     WHERE t.reference = 'NCC-2023-031' AND c.kind = 'public_character' GROUP BY c.tenant_id, c.id ORDER BY 3, c.code LIMIT 1`,
  );
  return c;
}
const southvaleTender = async (ctx: MatrixContext) => (await asOwner<{ id: string }>(ctx.t, `SELECT id FROM tenders WHERE reference = 'SVICB-2026-004'`))[0].id;

export const PUBLIC_CHARACTER_ROUTES: Record<string, RouteFixture> = {
  'GET /api/v1/tenders/{tenderId}/delivery': {
    own: async (ctx) => ({ path: `/api/v1/tenders/${(await awarded(ctx)).id}/delivery` }),
    foreign: async (ctx) => ({ path: `/api/v1/tenders/${await southvaleTender(ctx)}/delivery` }),
    success: 200,
  },
  'POST /api/v1/tenders/{tenderId}/delivery/reports/{reportId}/review': {
    own: async (ctx, allowed = true) => ({
      path: `/api/v1/tenders/${(await awarded(ctx)).id}/delivery/reports/${await reportToReview(ctx, allowed)}/review`,
      body: { outcome: 'accepted' },
    }),
    foreign: async (ctx) => ({
      path: `/api/v1/tenders/${await southvaleTender(ctx)}/delivery/reports/${await reportToReview(ctx, false)}/review`,
      body: { outcome: 'accepted' },
    }),
    success: 201,
  },
  'GET /api/v1/public/tenders/{tenderId}/delivery': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${(await awarded(ctx)).id}/delivery` }),
    success: 200,
  },
  'POST /api/v1/public/tenders/{tenderId}/delivery/reports': {
    own: async (ctx) => {
      const a = await awarded(ctx);
      return {
        path: `/api/v1/public/tenders/${a.id}/delivery/reports`,
        body: { commitmentId: a.commitment, year: 3, quantity: '18', narrative: 'Matrix report' },
      };
    },
    success: 201,
  },
  'GET /api/v1/provider/evidence': { own: async () => ({ path: '/api/v1/provider/evidence' }), success: 200 },
  'POST /api/v1/provider/evidence': {
    own: async () => ({ path: '/api/v1/provider/evidence', body: { title: 'Matrix link', evidenceType: 'policy', url: 'https://example.org/policy' } }),
    success: 201,
  },
  'POST /api/v1/provider/evidence/documents': {
    own: async () => ({
      path: '/api/v1/provider/evidence/documents',
      file: { name: 'policy.pdf', bytes: PDF, fields: { title: 'Matrix policy', evidenceType: 'policy' } },
    }),
    success: 201,
  },
  'GET /api/v1/provider/evidence/{id}': {
    own: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t)).id}` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t, 'bids@meadow.test')).id}` }),
    success: 200,
  },
  'PATCH /api/v1/provider/evidence/{id}': {
    own: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t)).id}`, body: { description: 'Matrix' } }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t, 'bids@meadow.test')).id}`, body: { description: 'Matrix' } }),
    success: 200,
  },
  'GET /api/v1/provider/evidence/{id}/document': {
    own: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t)).id}/document` }),
    foreign: async (ctx) => ({ path: `/api/v1/provider/evidence/${(await evidenceDocument(ctx.t, 'bids@meadow.test')).id}/document` }),
    success: 200,
  },
  'GET /api/v1/provider/self-assessment': { own: async () => ({ path: '/api/v1/provider/self-assessment' }), success: 200 },
  'PUT /api/v1/provider/self-assessment/{testCode}': {
    own: async () => ({ path: '/api/v1/provider/self-assessment/goals', body: { level: 2, narrative: 'Matrix', evidenceIds: [] } }),
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/public-character/preview': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${await frameworkTender(ctx.t, 'northmere')}/public-character/preview` }),
    success: 200,
  },
  'GET /api/v1/public/tenders/{tenderId}/public-character/verification': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${(await openedSnapshotBid(ctx, 'northmere')).tender}/public-character/verification` }),
    success: 200,
  },
  'POST /api/v1/public/tenders/{tenderId}/public-character/verification/{verificationId}/response': {
    own: async (ctx) => ({ path: await request(ctx), body: { narrative: 'Matrix answer', evidenceIds: [] } }),
    success: 201,
  },
  'GET /api/v1/tenders/{tenderId}/public-character': staff('', 200),
  'GET /api/v1/tenders/{tenderId}/public-character/commitments': staff('/commitments', 200),
  'POST /api/v1/tenders/{tenderId}/public-character/commitments/{commitmentId}/reviews': {
    own: async (ctx) => {
      const c = await commitmentToReview(ctx);
      return { path: `/api/v1/tenders/${c.tender}/public-character/commitments/${c.id}/reviews`, body: { year: c.next, level: 3, note: 'Matrix review' } };
    },
    foreign: async (ctx) => ({
      path: `/api/v1/tenders/${await southvaleTender(ctx)}/public-character/commitments/${(await commitmentToReview(ctx)).id}/reviews`,
      body: { year: 2, level: 3, note: 'Matrix' },
    }),
    success: 201,
  },
  'GET /api/v1/public/tenders/{tenderId}/public-character/commitments': {
    own: async (ctx) => ({ path: `/api/v1/public/tenders/${(await openedSnapshotBid(ctx, 'northmere')).tender}/public-character/commitments` }),
    success: 200,
  },
  'GET /api/v1/tenders/{tenderId}/public-character/bids/{bidId}': staff('/bids/{bid}', 200),
  'POST /api/v1/tenders/{tenderId}/public-character/bids/{bidId}/tests/{testCode}/verification': staff('/bids/{bid}/tests/goals/verification', 201, {
    outcome: 'accepted',
  }),
  'GET /api/v1/tenders/{tenderId}/public-character/bids/{bidId}/evidence/{evidenceId}': staff('/bids/{bid}/evidence/{evidence}', 200),
};
