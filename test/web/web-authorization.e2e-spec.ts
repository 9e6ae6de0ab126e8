import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import {
  demoContractId,
  proposedChange,
  openReview,
  outcomeContract,
  outcomeReport,
  paymentLine,
  pendingContract,
  performanceAssessment,
} from '../support/contract-fixtures.js';
import { apiKeyOf, failedJob, openedBidWithDocument, sentEmail, staffInvitation, staffMember } from '../support/fixtures.js';
import { auditEventOf, withheldField } from '../support/accountability-routes.js';
import { evidenceDocument, snapshotBid } from '../support/public-character-routes.js';
import { DOCUMENT_STORAGE, newId } from '#platform';
import { sealedContent } from '#bids';
import { publicationsDone } from '../support/publication.js';
import { scrutinyCase } from '../support/scrutiny-fixtures.js';
import { asOwner, startTestApp, type TestApp, tenderIdByReference } from '../support/test-app.js';

/**
 * The authorization matrix for pages: every page route (found in the router,
 * so a new page cannot be left out) x every kind of caller. Anonymous callers
 * are sent to sign in; signed-in callers without the role get 403; another
 * authority's record is 404. State-changing forms are sent with a valid CSRF
 * token, so what is tested here is the role, not the token.
 */
type Agent = ReturnType<typeof supertest.agent>;
interface Caller {
  name: string;
  roles: string[];
  agent: Agent;
  csrf: string;
}
interface PageFixture {
  roles: string[] | 'public';
  own: (t: TestApp) => Promise<string>;
  foreign?: (t: TestApp) => Promise<string>;
  /** Status for an allowed caller. */
  success: number;
  /** Status for a caller not signed in, where it differs (the home page offers them the public pages). */
  anonymous?: number;
}

/** A contract's public page: its process's ocid, as the public pages link to it. */
const publicRecordPage = async (t: TestApp) => {
  await publicationsDone(t);
  const [r] = await asOwner<{ ocid: string }>(t, `SELECT ocid FROM ocds_releases WHERE tag = 'implementation' ORDER BY seq LIMIT 1`);
  return `/public/records/${r.ocid}`;
};

/** The form to raise a concern about the demo's published contract. */
const raiseConcernPage = async (t: TestApp) => {
  const record = await publicRecordPage(t);
  const ocid = record.split('/').at(-1)!;
  const [c] = await asOwner<{ id: string }>(t, `SELECT id FROM contracts WHERE tender_id = $1`, [ocid.slice(t.config.OCDS_OCID_PREFIX.length + 1)]);
  return `${record}/contracts/${c.id}/concerns/new`;
};
/** One opened bid with a document per authority, made once. */
const openedBids = new Map<string, ReturnType<typeof openedBidWithDocument>>();
const openedBid = (t: TestApp, authority: 'northmere' | 'southvale') => {
  if (!openedBids.has(authority)) openedBids.set(authority, openedBidWithDocument(t, authority));
  return openedBids.get(authority)!;
};
/** One scrutiny case per authority, made once. */
const cases = new Map<string, Promise<{ caseId: string; concernId: string }>>();
const caseFor = (t: TestApp, authority: 'northmere' | 'southvale') => {
  if (!cases.has(authority)) cases.set(authority, scrutinyCase(t, authority));
  return cases.get(authority)!;
};

const STAFF = ['authority_admin', 'commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member'];
const cycleIdByReference = async (t: TestApp, reference: string) =>
  (await asOwner<{ id: string }>(t, 'SELECT id FROM commissioning_cycles WHERE reference = $1', [reference]))[0].id;

/** A new engagement activity on a demo cycle, as the path its "you said, we did" form posts to. */
async function activityPath(t: TestApp, reference: string) {
  const cycle = await cycleIdByReference(t, reference);
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO engagement_activities (id, tenant_id, cycle_id, title, method, level, up_for_grabs, senior_owner, cost, starts_on, ends_on)
    SELECT $1, tenant_id, id, 'Matrix', 'information', 'inform', 'Nothing', 'Owner', 0, '2026-01-01', '2026-01-02' FROM commissioning_cycles WHERE id = $2`,
    [id, cycle],
  );
  return `/cycles/${cycle}/engagements/${id}/responses`;
}

/** A bid document of the matrix's provider (Castleton) on an open tender, as its page link. */
async function castletonBidDocument(t: TestApp) {
  const tender = await tenderIdByReference(t, 'NCC-2026-017');
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO bid_documents (id, tenant_id, tender_id, provider_id, file_name, content_type, size_bytes, sha256)
    SELECT $1, t.tenant_id, t.id, p.id, 'bid.pdf', 'application/pdf', 5, repeat('0', 64) FROM tenders t, provider_organisations p
     WHERE t.id = $2 AND p.name = 'Castleton Care Ltd'`,
    [id, tender],
  );
  await t.app.get(DOCUMENT_STORAGE).put(id, Buffer.from('%PDF-'));
  return `/tenders/${tender}/bid-documents/${id}`;
}

/** A bid the matrix's provider (Castleton) sent to an open tender, as its receipt's page link. */
async function castletonReceipt(t: TestApp) {
  const tender = await tenderIdByReference(t, 'NCC-2026-017');
  const id = newId();
  const [{ model_hash: modelHash, version }] = await asOwner<{ model_hash: string; version: number }>(
    t,
    `SELECT model_hash, (SELECT coalesce(max(version), 0) + 1 FROM bid_submissions WHERE tender_id = $1 AND lot_key = 'lot-1'
        AND provider_id = (SELECT id FROM provider_organisations WHERE name = 'Castleton Care Ltd')) AS version FROM tenders WHERE id = $1`,
    [tender],
  );
  const sealed = sealedContent({
    tenderId: tender,
    modelHash,
    lotKey: 'lot-1',
    answers: {},
    price: '1000.00',
    costProfile: null,
    documents: [],
    publicCharacter: null,
    socialValue: null,
  });
  await asOwner(
    t,
    `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, documents, content_hash, content)
    SELECT $1, t.tenant_id, t.id, p.id, 'lot-1', $3, '{}', 1000, '[]', $4, $5 FROM tenders t, provider_organisations p
     WHERE t.id = $2 AND p.name = 'Castleton Care Ltd'`,
    [id, tender, version, sealed.hash, sealed.text],
  );
  return `/tenders/${tender}/receipts/${id}`;
}

/** A document on the authority's open tender, as a page link. */
async function documentPage(t: TestApp, slug: string) {
  const tender = await tenderIdByReference(t, slug === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO documents (id, tenant_id, tender_id, file_name, content_type, size_bytes, sha256)
    SELECT $1, tenant_id, id, 'spec.pdf', 'application/pdf', 5, repeat('0', 64) FROM tenders WHERE id = $2`,
    [id, tender],
  );
  await t.app.get(DOCUMENT_STORAGE).put(id, Buffer.from('%PDF-'));
  return `/authority/tenders/${tender}/documents/${id}`;
}

/** A question waiting for an answer on the authority's open tender, as its page path. */
async function questionPage(t: TestApp, slug: string) {
  const tender = await tenderIdByReference(t, slug === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO clarifications (id, tenant_id, tender_id, provider_id, question)
    SELECT $1, t.tenant_id, t.id, (SELECT id FROM provider_organisations LIMIT 1), 'Page matrix?' FROM tenders t WHERE t.id = $2`,
    [id, tender],
  );
  return `/authority/tenders/${tender}/clarifications/${id}`;
}

/** The demo's evaluated and awarded tender (NCC-2023-031), evaluator1's quality assignment on it, and a bid on it. */
const AWARDED = 'NCC-2023-031';
const evaluationPath = async (t: TestApp, rest = '') => `/authority/tenders/${await tenderIdByReference(t, AWARDED)}/evaluation${rest}`;
const foreignEvaluation = async (t: TestApp, rest = '') => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-002')}/evaluation${rest}`;
async function demoAssignment(t: TestApp) {
  return (
    await asOwner<{ id: string }>(
      t,
      `SELECT a.id FROM evaluator_assignments a JOIN users u ON u.id = a.user_id JOIN tenders t ON t.id = a.tender_id
    WHERE t.reference = $1 AND u.email = 'evaluator1@northmere.test' AND a.criterion_group = 'quality'`,
      [AWARDED],
    )
  )[0].id;
}
async function demoSummaryProvider(t: TestApp) {
  return (
    await asOwner<{ provider_id: string }>(
      t,
      `SELECT s.provider_id FROM assessment_summaries s JOIN tenders t ON t.id = s.tender_id WHERE t.reference = $1 LIMIT 1`,
      [AWARDED],
    )
  )[0].provider_id;
}
async function demoBid(t: TestApp) {
  return (
    await asOwner<{ id: string }>(
      t,
      `SELECT b.id FROM bid_submissions b JOIN tenders t ON t.id = b.tender_id WHERE t.reference = $1 ORDER BY b.price LIMIT 1`,
      [AWARDED],
    )
  )[0].id;
}
const EVALUATION_READERS = ['commissioner', 'evaluator', 'auditor', 'authority_admin'];

const ALL = ['authority_admin', 'commissioner', 'evaluator', 'contract_manager', 'auditor', 'scrutiny_member', 'provider', 'platform_operator'];

const VERIFIERS = ['commissioner', 'evaluator', 'auditor'];
const demoCommitment = async (t: TestApp) =>
  (
    await asOwner<{ id: string }>(
      t,
      `SELECT c.id FROM contract_commitments c JOIN tenders t ON t.id = c.tender_id WHERE t.reference = 'NCC-2023-031' AND c.kind = 'public_character' LIMIT 1`,
    )
  )[0].id;
const demoReport = async (t: TestApp) =>
  (await asOwner<{ id: string }>(t, `SELECT r.id FROM delivery_reports r JOIN tenders t ON t.id = r.tender_id WHERE t.reference = 'NCC-2023-031' LIMIT 1`))[0]
    .id;
/** A page of the verification of a bid's public character, on an opened tender of the authority (Brightpath's bid). */
async function verification(t: TestApp, authority: 'northmere' | 'southvale', rest = '') {
  const s = await snapshotBid(t, authority);
  return `/authority/tenders/${s.tender}/public-character${rest.replace('{bid}', s.bid).replace('{evidence}', s.evidence)}`;
}

const PAGES: Record<string, PageFixture> = {
  'GET /social-value/catalogue': { roles: STAFF, own: async () => '/social-value/catalogue', success: 200 },
  'GET /social-value/catalogue/export': { roles: STAFF, own: async () => '/social-value/catalogue/export', success: 200 },
  'GET /social-value/catalogue/measures/:code': {
    roles: ['commissioner', 'authority_admin'],
    own: async () => '/social-value/catalogue/measures/new',
    success: 200,
  },
  // Sent empty: the page comes back naming the fields to fill.
  'POST /social-value/catalogue/measures/:code': {
    roles: ['commissioner', 'authority_admin'],
    own: async () => '/social-value/catalogue/measures/new',
    success: 400,
  },
  'GET /public-character/framework': { roles: STAFF, own: async () => '/public-character/framework', success: 200 },
  'GET /public-character/framework/tests/:code': { roles: ['authority_admin'], own: async () => '/public-character/framework/tests/values', success: 200 },
  // Sent empty: the page comes back naming the missing words.
  'POST /public-character/framework/tests/:code': { roles: ['authority_admin'], own: async () => '/public-character/framework/tests/values', success: 400 },
  // Sent with no file: the page comes back asking for one.
  'POST /social-value/catalogue/import': { roles: ['commissioner', 'authority_admin'], own: async () => '/social-value/catalogue/import', success: 400 },
  // Evaluation (issue 5), on the demo's awarded tender: forms sent empty come back with their errors (400);
  // steps already taken there answer as before (303); another authority's tender is not found.
  'GET /authority/tenders/:id/evaluation': { roles: EVALUATION_READERS, own: (t) => evaluationPath(t), foreign: (t) => foreignEvaluation(t), success: 200 },
  'POST /authority/tenders/:id/evaluation': { roles: ['commissioner'], own: (t) => evaluationPath(t), foreign: (t) => foreignEvaluation(t), success: 303 },
  'POST /authority/tenders/:id/evaluation/assignments': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/assignments'),
    foreign: (t) => foreignEvaluation(t, '/assignments'),
    success: 400,
  },
  'GET /authority/tenders/:id/evaluation/assignments/:aid': {
    roles: ['evaluator'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}`),
    success: 200,
  },
  // On the awarded tender the page says no one can be withdrawn now; sent empty, the form asks for the reason.
  'GET /authority/tenders/:id/evaluation/assignments/:aid/withdrawal': {
    roles: ['commissioner'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/withdrawal`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/withdrawal`),
    success: 200,
  },
  'POST /authority/tenders/:id/evaluation/assignments/:aid/withdrawal': {
    roles: ['commissioner'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/withdrawal`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/withdrawal`),
    success: 400,
  },
  'POST /authority/tenders/:id/evaluation/assignments/:aid/declaration': {
    roles: ['evaluator'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/declaration`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/declaration`),
    success: 400,
  },
  'POST /authority/tenders/:id/evaluation/assignments/:aid/submit': {
    roles: ['evaluator'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/submit`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/submit`),
    success: 303,
  },
  'GET /authority/tenders/:id/evaluation/assignments/:aid/criteria/:key': {
    roles: ['evaluator'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/criteria/delivery`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/criteria/delivery`),
    success: 200,
  },
  'POST /authority/tenders/:id/evaluation/assignments/:aid/criteria/:key/bids/:bidId': {
    roles: ['evaluator'],
    own: async (t) => evaluationPath(t, `/assignments/${await demoAssignment(t)}/criteria/delivery/bids/${await demoBid(t)}`),
    foreign: async (t) => foreignEvaluation(t, `/assignments/${await demoAssignment(t)}/criteria/delivery/bids/${await demoBid(t)}`),
    success: 400,
  },
  'GET /authority/tenders/:id/evaluation/moderation': {
    roles: ['commissioner', 'auditor'],
    own: (t) => evaluationPath(t, '/moderation'),
    foreign: (t) => foreignEvaluation(t, '/moderation'),
    success: 200,
  },
  'POST /authority/tenders/:id/evaluation/moderation': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/moderation'),
    foreign: (t) => foreignEvaluation(t, '/moderation'),
    success: 400,
  },
  'GET /authority/tenders/:id/evaluation/matrix': {
    roles: ['commissioner', 'auditor', 'authority_admin'],
    own: (t) => evaluationPath(t, '/matrix'),
    foreign: (t) => foreignEvaluation(t, '/matrix'),
    success: 200,
  },
  'GET /authority/tenders/:id/evaluation/summaries/:providerId': {
    roles: ['commissioner', 'auditor', 'authority_admin'],
    own: async (t) => evaluationPath(t, `/summaries/${await demoSummaryProvider(t)}`),
    foreign: async (t) => foreignEvaluation(t, `/summaries/${await demoSummaryProvider(t)}`),
    success: 200,
  },
  'GET /authority/tenders/:id/evaluation/bundle': {
    roles: ['commissioner', 'auditor'],
    own: (t) => evaluationPath(t, '/bundle'),
    foreign: (t) => foreignEvaluation(t, '/bundle'),
    success: 200,
  },
  'GET /authority/tenders/:id/bids/:bidId': {
    roles: ['commissioner', 'evaluator', 'auditor'],
    own: async (t) => (await openedBid(t, 'northmere')).bid,
    foreign: async (t) => (await openedBid(t, 'southvale')).bid,
    success: 200,
  },
  'GET /authority/tenders/:id/bids/:bidId/documents/:docId': {
    roles: ['commissioner', 'evaluator', 'auditor'],
    own: async (t) => (await openedBid(t, 'northmere')).document,
    foreign: async (t) => (await openedBid(t, 'southvale')).document,
    success: 200,
  },
  'GET /authority/tenders/:id/evaluation/award': {
    roles: ['commissioner', 'auditor', 'authority_admin'],
    own: (t) => evaluationPath(t, '/award'),
    foreign: (t) => foreignEvaluation(t, '/award'),
    success: 200,
  },
  'POST /authority/tenders/:id/evaluation/abnormally-low/:bidId': {
    roles: ['commissioner'],
    own: async (t) => evaluationPath(t, `/abnormally-low/${await demoBid(t)}`),
    foreign: async (t) => foreignEvaluation(t, `/abnormally-low/${await demoBid(t)}`),
    success: 400,
  },
  'POST /authority/tenders/:id/evaluation/complete': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/complete'),
    foreign: (t) => foreignEvaluation(t, '/complete'),
    success: 303,
  },
  'POST /authority/tenders/:id/evaluation/award/recommend': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/award/recommend'),
    foreign: (t) => foreignEvaluation(t, '/award/recommend'),
    success: 400,
  },
  'POST /authority/tenders/:id/evaluation/award/approve': {
    roles: ['commissioner', 'authority_admin'],
    own: (t) => evaluationPath(t, '/award/approve'),
    foreign: (t) => foreignEvaluation(t, '/award/approve'),
    success: 400,
  },
  // Already awarded in the demo: the refusal comes back on the page.
  'POST /authority/tenders/:id/evaluation/award/confirm': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/award/confirm'),
    foreign: (t) => foreignEvaluation(t, '/award/confirm'),
    success: 400,
  },
  'POST /authority/tenders/:id/evaluation/award/no-award': {
    roles: ['commissioner'],
    own: (t) => evaluationPath(t, '/award/no-award'),
    foreign: (t) => foreignEvaluation(t, '/award/no-award'),
    success: 400,
  },
  // Castleton bid for the awarded tender; the page matrix's provider is Castleton.
  'GET /tenders/:id/assessment-summary': {
    roles: ['provider'],
    own: async (t) => `/tenders/${await tenderIdByReference(t, AWARDED)}/assessment-summary`,
    success: 200,
  },
  'GET /': { roles: 'public', own: async () => '/', success: 303, anonymous: 200 },
  'GET /public/authorities': { roles: 'public', own: async () => '/public/authorities', success: 200 },
  'GET /public/authorities/:slug': { roles: 'public', own: async () => '/public/authorities/northmere', success: 200 },
  'GET /public/records/:ocid': { roles: 'public', own: publicRecordPage, success: 200 },
  'GET /public/records/:ocid/contracts/:contractId/concerns/new': { roles: 'public', own: raiseConcernPage, success: 200 },
  // An empty form: refused with what is missing, nothing stored.
  'POST /public/records/:ocid/contracts/:contractId/concerns/new': { roles: 'public', own: raiseConcernPage, success: 400 },
  'GET /public/concerns/:id/support': {
    roles: 'public',
    own: async (t) => `/public/concerns/${(await caseFor(t, 'northmere')).concernId}/support`,
    success: 200,
  },
  'POST /public/concerns/:id/support': {
    roles: 'public',
    own: async (t) => `/public/concerns/${(await caseFor(t, 'northmere')).concernId}/support`,
    success: 400,
  },
  'GET /public/concerns/confirm': { roles: 'public', own: async () => '/public/concerns/confirm?authority=northmere&token=x', success: 200 },
  'POST /public/concerns/confirm': { roles: 'public', own: async () => '/public/concerns/confirm', success: 400 },
  'GET /scrutiny': { roles: ['scrutiny_member'], own: async () => '/scrutiny', success: 200 },
  'GET /scrutiny/cases/:id': {
    roles: ['scrutiny_member'],
    own: async (t) => `/scrutiny/cases/${(await caseFor(t, 'northmere')).caseId}`,
    foreign: async (t) => `/scrutiny/cases/${(await caseFor(t, 'southvale')).caseId}`,
    success: 200,
  },
  'POST /scrutiny/cases/:id/notes': {
    roles: ['scrutiny_member'],
    own: async (t) => `/scrutiny/cases/${(await caseFor(t, 'northmere')).caseId}/notes`,
    success: 400,
  },
  'POST /scrutiny/cases/:id/conclusion': {
    roles: ['scrutiny_member'],
    own: async (t) => `/scrutiny/cases/${(await caseFor(t, 'northmere')).caseId}/conclusion`,
    success: 400,
  },
  'GET /sign-in': { roles: 'public', own: async () => '/sign-in', success: 200 },
  'POST /sign-in': { roles: 'public', own: async () => '/sign-in', success: 400 },
  'POST /sign-out': { roles: ALL, own: async () => '/sign-out', success: 303 },
  // Open to anyone, as a sign-in is; neither demo authority signs in through a provider here (the single sign-on suite's own).
  'GET /sign-in/sso/:slug': { roles: 'public', own: async () => '/sign-in/sso/northmere', success: 404 },
  'GET /sign-in/sso/:slug/callback': { roles: 'public', own: async () => '/sign-in/sso/northmere/callback?state=x&code=y', success: 404 },
  'GET /accessibility': { roles: 'public', own: async () => '/accessibility', success: 200 },
  'GET /cookies': { roles: 'public', own: async () => '/cookies', success: 200 },
  'GET /dashboard': { roles: ALL, own: async () => '/dashboard', success: 200 },
  'GET /tenders': { roles: 'public', own: async () => '/tenders', success: 200 },
  'POST /tenders/:id/follow': {
    roles: ['provider'],
    own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}/follow`,
    success: 303,
  },
  'POST /dashboard/authority': { roles: ['provider'], own: async () => '/dashboard/authority', success: 303 },
  'GET /cycles': { roles: STAFF, own: async () => '/cycles', success: 200 },
  'GET /cycles/new': { roles: ['commissioner'], own: async () => '/cycles/new', success: 200 },
  // Sent with nothing but the CSRF token: the form comes back with its errors.
  'POST /cycles': { roles: ['commissioner'], own: async () => '/cycles', success: 400 },
  'GET /cycles/:id': {
    roles: STAFF,
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}`,
    success: 200,
  },
  'POST /cycles/:id/outputs-only': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2026-01')}/outputs-only`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/outputs-only`,
    success: 400,
  },
  // Sent empty: the review form comes back naming what to fill (a finding per outcome, the decision, the reasons).
  'GET /cycles/:id/review': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/review`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/review`,
    success: 200,
  },
  'POST /cycles/:id/review': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/review`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/review`,
    success: 400,
  },
  'GET /cycles/:id/engagements/new': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/engagements/new`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/engagements/new`,
    success: 200,
  },
  'POST /cycles/:id/engagements': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/engagements`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/engagements`,
    success: 400,
  },
  'POST /cycles/:id/engagements/:activityId/responses': {
    roles: ['commissioner'],
    own: async (t) => activityPath(t, 'NCC-CYC-2025-04'),
    foreign: async (t) => activityPath(t, 'SVICB-CYC-2025-09'),
    success: 400,
  },
  'GET /cycles/:id/decision': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/decision`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/decision`,
    success: 200,
  },
  'POST /cycles/:id/decision': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/decision`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/decision`,
    success: 400,
  },
  'POST /cycles/:id/outcomes': {
    roles: ['commissioner'],
    own: async (t) => `/cycles/${await cycleIdByReference(t, 'NCC-CYC-2025-04')}/outcomes`,
    foreign: async (t) => `/cycles/${await cycleIdByReference(t, 'SVICB-CYC-2025-09')}/outcomes`,
    success: 400,
  },
  'GET /authority/tenders': { roles: STAFF, own: async () => '/authority/tenders', success: 200 },
  'GET /authority/tenders/new': { roles: ['commissioner'], own: async () => '/authority/tenders/new', success: 200 },
  'POST /authority/tenders': { roles: ['commissioner'], own: async () => '/authority/tenders', success: 400 },
  'GET /authority/tenders/:id/model': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/model`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/model`,
    success: 200,
  },
  // No version in the form: the save is refused and the form comes back.
  'POST /authority/tenders/:id/model': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/model`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/model`,
    success: 400,
  },
  'GET /authority/tenders/:id/details': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/details`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/details`,
    success: 200,
  },
  // An empty form: refused, and the form comes back.
  'POST /authority/tenders/:id/details': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/details`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/details`,
    success: 400,
  },
  // The model editor's pages: the draft NCC-2026-009 has the standard model (criterion quality, lot lot-1).
  ...Object.fromEntries(
    (
      [
        ['GET', '/criteria/new', 200],
        ['POST', '/criteria', 400],
        ['GET', '/criteria/quality', 200],
        ['POST', '/criteria/quality', 400],
        ['POST', '/criteria/quality/remove', 400],
        ['GET', '/lots/new', 200],
        ['POST', '/lots', 400],
        ['GET', '/lots/lot-1', 200],
        ['POST', '/lots/lot-1', 400],
        ['POST', '/lots/lot-1/remove', 400],
        ['POST', '/copy', 400],
      ] as const
    ).map(([method, rest, success]) => [
      `${method} /authority/tenders/:id/model${rest.replace('quality', ':key').replace('lot-1', ':key')}`,
      {
        roles: ['commissioner'],
        own: async (t: TestApp) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/model${rest}`,
        foreign: async (t: TestApp) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/model${rest}`,
        success,
      },
    ]),
  ),
  'GET /authority/tenders/:id': {
    roles: STAFF,
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-011')}`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-002')}`,
    success: 200,
  },
  'GET /authority/tenders/:id/documents/:docId': {
    roles: STAFF,
    own: async (t) => documentPage(t, 'northmere'),
    foreign: async (t) => documentPage(t, 'southvale'),
    success: 200,
  },
  // Sent with no answer: the page comes back with the error.
  'POST /authority/tenders/:id/clarifications/:cid/answer': {
    roles: ['commissioner'],
    own: async (t) => `${await questionPage(t, 'northmere')}/answer`,
    foreign: async (t) => `${await questionPage(t, 'southvale')}/answer`,
    success: 400,
  },
  // The closed tender whose bids nobody has opened: opening it again is a no-op that still redirects.
  'POST /authority/tenders/:id/bids/open': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-011')}/bids/open`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-002')}/bids/open`,
    success: 303,
  },
  // No `to` in the form: not an action the page offers.
  'POST /authority/tenders/:id/transitions': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-009')}/transitions`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-007')}/transitions`,
    success: 404,
  },
  'GET /tenders/:id': { roles: 'public', own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}`, success: 200 },
  'GET /tenders/:id/documents/:docId': { roles: 'public', own: async (t) => (await documentPage(t, 'northmere')).replace('/authority', ''), success: 200 },
  // Sent empty: the page comes back with the errors.
  'POST /tenders/:id/questions': { roles: ['provider'], own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}/questions`, success: 400 },
  // Sent without a file: the page says so.
  'POST /tenders/:id/bid-documents': {
    roles: ['provider'],
    own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}/bid-documents`,
    success: 400,
  },
  'GET /tenders/:id/bid-documents/:docId': { roles: ['provider'], own: async (t) => castletonBidDocument(t), success: 200 },
  'GET /tenders/:id/receipts/:bidId': { roles: ['provider'], own: async (t) => castletonReceipt(t), success: 200 },
  'GET /tenders/:id/receipts/:bidId/download': { roles: ['provider'], own: async (t) => `${await castletonReceipt(t)}/download`, success: 200 },
  'POST /authority/tenders/:id/documents': {
    roles: ['commissioner'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}/documents`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-004')}/documents`,
    success: 400,
  },
  'POST /tenders/:id/bid': { roles: ['provider'], own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2026-014')}/bid`, success: 400 },
  'GET /policy-pack': { roles: STAFF, own: async () => '/policy-pack', success: 200 },
  // Sent with nothing but the token: every setting is missing, and the form says so.
  'POST /policy-pack': { roles: ['authority_admin'], own: async () => '/policy-pack', success: 400 },
  'GET /register': { roles: 'public', own: async () => '/register', success: 200 },
  'POST /register': { roles: 'public', own: async () => '/register', success: 400 },
  // Public character (issue 6): the provider's own self-assessment and library; forms sent empty come back with their errors.
  'GET /public-character': { roles: ['provider'], own: async () => '/public-character', success: 200 },
  'POST /public-character/evidence': { roles: ['provider'], own: async () => '/public-character/evidence', success: 400 },
  'POST /public-character/evidence/documents': { roles: ['provider'], own: async () => '/public-character/evidence/documents', success: 400 },
  'GET /public-character/tests/:code': { roles: ['provider'], own: async () => '/public-character/tests/goals', success: 200 },
  'POST /public-character/tests/:code': { roles: ['provider'], own: async () => '/public-character/tests/goals', success: 400 },
  'GET /public-character/evidence/:id/document': {
    roles: ['provider'],
    own: async (t) => `/public-character/evidence/${(await evidenceDocument(t, 'bids@castleton.test')).id}/document`,
    success: 200,
  },
  // One library item's page, changed (an empty form comes back) and withdrawn: each cell on an item of its own.
  'GET /public-character/evidence/:id': {
    roles: ['provider'],
    own: async (t) => `/public-character/evidence/${(await evidenceDocument(t, 'bids@castleton.test')).id}`,
    success: 200,
  },
  'POST /public-character/evidence/:id': {
    roles: ['provider'],
    own: async (t) => `/public-character/evidence/${(await evidenceDocument(t, 'bids@castleton.test')).id}`,
    success: 400,
  },
  'POST /public-character/evidence/:id/withdrawal': {
    roles: ['provider'],
    own: async (t) => `/public-character/evidence/${(await evidenceDocument(t, 'bids@castleton.test')).id}/withdrawal`,
    success: 303,
  },
  // Verification pages: the commissioner's queue and one bid's evidence (another authority's tender is not found); forms sent empty come back with their errors.
  'GET /authority/tenders/:id/public-character': {
    roles: VERIFIERS,
    own: async (t) => verification(t, 'northmere'),
    foreign: async (t) => verification(t, 'southvale'),
    success: 200,
  },
  'GET /authority/tenders/:id/public-character/:bidId': {
    roles: VERIFIERS,
    own: async (t) => verification(t, 'northmere', '/{bid}'),
    foreign: async (t) => verification(t, 'southvale', '/{bid}'),
    success: 200,
  },
  'POST /authority/tenders/:id/public-character/:bidId/tests/:code': {
    roles: ['commissioner'],
    own: async (t) => verification(t, 'northmere', '/{bid}/tests/goals'),
    foreign: async (t) => verification(t, 'southvale', '/{bid}/tests/goals'),
    success: 400,
  },
  'GET /authority/tenders/:id/public-character/:bidId/evidence/:evidenceId': {
    roles: VERIFIERS,
    own: async (t) => verification(t, 'northmere', '/{bid}/evidence/{evidence}'),
    foreign: async (t) => verification(t, 'southvale', '/{bid}/evidence/{evidence}'),
    success: 200,
  },
  'GET /tenders/:id/public-character': {
    roles: ['provider'],
    own: async (t) => `/tenders/${(await snapshotBid(t, 'northmere', 'bids@castleton.test')).tender}/public-character`,
    success: 200,
  },
  'POST /tenders/:id/public-character/responses/:verificationId': {
    roles: ['provider'],
    own: async (t) => `/tenders/${(await snapshotBid(t, 'northmere', 'bids@castleton.test')).tender}/public-character/responses/${newId()}`,
    success: 400,
  },
  'GET /tenders/:id/public-character/evidence/:evidenceId': {
    roles: ['provider'],
    own: async (t) => {
      const s = await snapshotBid(t, 'northmere', 'bids@castleton.test');
      return `/tenders/${s.tender}/public-character/evidence/${s.evidence}`;
    },
    success: 200,
  },
  // Social value delivery on the demo's awarded tender: the contract manager's dashboard and reviews, the provider's reports.
  'GET /authority/tenders/:id/delivery': {
    roles: ['contract_manager', 'commissioner', 'auditor'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/delivery`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-004')}/delivery`,
    success: 200,
  },
  'GET /contracts': { roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'], own: async () => '/contracts', success: 200 },
  'GET /audit': { roles: ['auditor'], own: async () => '/audit', success: 200 },
  'GET /audit/events.csv': { roles: ['auditor'], own: async () => '/audit/events.csv?action=user.signed_in', success: 200 },
  'GET /audit/verify': { roles: ['auditor'], own: async () => '/audit/verify', success: 200 },
  'GET /audit/events/:id': {
    roles: ['auditor'],
    own: async (t) => `/audit/events/${await auditEventOf(t, 'northmere')}`,
    foreign: async (t) => `/audit/events/${await auditEventOf(t, 'southvale')}`,
    success: 200,
  },
  'GET /costs': { roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'], own: async () => '/costs', success: 200 },
  'GET /costs/portfolio.csv': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async () => '/costs/portfolio.csv',
    success: 200,
  },
  'GET /contracts/:id/publication': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async (t) => `/contracts/${await demoContractId(t)}/publication`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/publication`,
    success: 200,
  },
  // Sent empty: the page comes back with what is missing.
  'POST /contracts/:id/publication/withholdings': {
    roles: ['contract_manager', 'commissioner'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/publication/withholdings`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/publication/withholdings`,
    success: 400,
  },
  'POST /contracts/:id/publication/withholdings/:withholdingId/lift': {
    roles: ['contract_manager', 'commissioner'],
    own: async (t) => {
      const w = await withheldField(t, 'northmere');
      return `/contracts/${w.contractId}/publication/withholdings/${w.id}/lift`;
    },
    foreign: async (t) => {
      const w = await withheldField(t, 'southvale');
      return `/contracts/${w.contractId}/publication/withholdings/${w.id}/lift`;
    },
    success: 303,
  },
  'GET /contracts/:id/costs': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async (t) => `/contracts/${await demoContractId(t)}/costs`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/costs`,
    success: 200,
  },
  'GET /contracts/:id/costs.csv': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async (t) => `/contracts/${await demoContractId(t)}/costs.csv`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/costs.csv`,
    success: 200,
  },
  // Sent empty: the cost page comes back with what is missing.
  'POST /contracts/:id/costs/entries': {
    roles: ['contract_manager', 'auditor'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/costs/entries`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/costs/entries`,
    success: 400,
  },
  'POST /contracts/:id/costs/entries/:entryId/reversal': {
    roles: ['contract_manager', 'auditor'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/costs/entries/${newId()}/reversal`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/costs/entries/${newId()}/reversal`,
    success: 400,
  },
  'GET /contracts/:id': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async (t) => `/contracts/${await demoContractId(t)}`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}`,
    success: 200,
  },
  // Each sent empty: the contract's page comes back with what is missing.
  'POST /contracts/:id/terms': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/terms`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/terms`,
    success: 400,
  },
  'POST /contracts/:id/risk-acceptance': {
    roles: ['commissioner', 'contract_manager', 'authority_admin'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere', { paymentMechanism: 'payment_by_results' })).id}/risk-acceptance`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale', { paymentMechanism: 'payment_by_results' })).id}/risk-acceptance`,
    success: 400,
  },
  'POST /contracts/:id/activation': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/activation`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/activation`,
    success: 400,
  },
  'POST /contracts/:id/termination': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/termination`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/termination`,
    success: 400,
  },
  // The outcome, review and payment forms, each sent empty: the contract's page comes back with what is missing.
  'POST /contracts/:id/outcome-metrics': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere', { paymentMechanism: 'fixed_fee_plus_outcomes' })).id}/outcome-metrics`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale', { paymentMechanism: 'fixed_fee_plus_outcomes' })).id}/outcome-metrics`,
    success: 400,
  },
  'POST /contracts/:id/kpis': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await pendingContract(t, 'northmere')).id}/kpis`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/kpis`,
    success: 400,
  },
  'POST /contracts/:id/kpis/:kpiId/measurements': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${await demoContractId(t)}/kpis/${await demoKpi(t, 'northmere')}/measurements`,
    foreign: async (t) => `/contracts/${(await pendingContract(t, 'southvale')).id}/kpis/${newId()}/measurements`,
    success: 400,
  },
  'POST /contracts/:id/assessments': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await outcomeContract(t, 'northmere')).id}/assessments`,
    foreign: async (t) => `/contracts/${(await outcomeContract(t, 'southvale')).id}/assessments`,
    success: 400,
  },
  'GET /contracts/:id/assessments/:assessmentId': {
    roles: ['commissioner', 'contract_manager', 'auditor', 'scrutiny_member'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/contracts/${c.id}/assessments/${await performanceAssessment(t, c)}`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'southvale');
      return `/contracts/${c.id}/assessments/${await performanceAssessment(t, c)}`;
    },
    success: 200,
  },
  'POST /contracts/:id/changes': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => `/contracts/${(await outcomeContract(t, 'northmere')).id}/changes`,
    foreign: async (t) => `/contracts/${(await outcomeContract(t, 'southvale')).id}/changes`,
    success: 400,
  },
  ...Object.fromEntries(
    ['approval', 'signature', 'withdrawal'].map((step) => [
      `POST /contracts/:id/changes/:changeId/${step}`,
      {
        roles: ['commissioner', 'contract_manager'],
        own: async (t: TestApp) => {
          const c = await outcomeContract(t, 'northmere');
          return `/contracts/${c.id}/changes/${await proposedChange(t, c.id, { needsApproval: true })}/${step}`;
        },
        foreign: async (t: TestApp) => {
          const c = await outcomeContract(t, 'southvale');
          return `/contracts/${c.id}/changes/${await proposedChange(t, c.id, { needsApproval: true })}/${step}`;
        },
        success: 400,
      },
    ]),
  ),
  'POST /contracts/:id/outcome-reports/:reportId/validation': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/contracts/${c.id}/outcome-reports/${await outcomeReport(t, c)}/validation`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'southvale');
      return `/contracts/${c.id}/outcome-reports/${await outcomeReport(t, c)}/validation`;
    },
    success: 400,
  },
  'POST /contracts/:id/outcome-reviews/:reviewId/conclusion': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/contracts/${c.id}/outcome-reviews/${await openReview(t, c, { explained: true })}/conclusion`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'southvale');
      return `/contracts/${c.id}/outcome-reviews/${await openReview(t, c, { explained: true })}/conclusion`;
    },
    success: 400,
  },
  'POST /contracts/:id/payments/:paymentId/approval': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/contracts/${c.id}/payments/${await paymentLine(t, c.id)}/approval`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'southvale');
      return `/contracts/${c.id}/payments/${await paymentLine(t, c.id)}/approval`;
    },
    success: 400,
  },
  'POST /contracts/:id/payments/:paymentId/payment': {
    roles: ['commissioner', 'contract_manager'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/contracts/${c.id}/payments/${await paymentLine(t, c.id, 'approved')}/payment`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'southvale');
      return `/contracts/${c.id}/payments/${await paymentLine(t, c.id, 'approved')}/payment`;
    },
    success: 400,
  },
  'GET /my-contracts': { roles: ['provider'], own: async () => '/my-contracts', success: 200 },
  'GET /my-contracts/:id': {
    roles: ['provider'],
    // The matrix's provider is Castleton: its own contract opens; Brightpath's (the demo's) is not found.
    own: async (t) => `/my-contracts/${(await pendingContract(t, 'northmere')).id}`,
    foreign: async (t) => `/my-contracts/${await demoContractId(t)}`,
    success: 200,
  },
  'GET /my-contracts/:id/assessments/:assessmentId': {
    roles: ['provider'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/my-contracts/${c.id}/assessments/${await performanceAssessment(t, c)}`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'northmere', { provider: 'Brightpath Community Interest Company' });
      return `/my-contracts/${c.id}/assessments/${await performanceAssessment(t, c)}`;
    },
    success: 200,
  },
  'POST /my-contracts/:id/outcome-reports': {
    roles: ['provider'],
    own: async (t) => `/my-contracts/${(await outcomeContract(t, 'northmere')).id}/outcome-reports`,
    foreign: async (t) => `/my-contracts/${await demoContractId(t)}/outcome-reports`,
    success: 400,
  },
  'POST /my-contracts/:id/outcome-reviews/:reviewId/explanation': {
    roles: ['provider'],
    own: async (t) => {
      const c = await outcomeContract(t, 'northmere');
      return `/my-contracts/${c.id}/outcome-reviews/${await openReview(t, c)}/explanation`;
    },
    foreign: async (t) => {
      const c = await outcomeContract(t, 'northmere', { provider: 'Brightpath Community Interest Company' });
      return `/my-contracts/${c.id}/outcome-reviews/${await openReview(t, c)}/explanation`;
    },
    success: 400,
  },
  'GET /authority/tenders/:id/commitments': {
    roles: ['contract_manager', 'commissioner', 'auditor'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/commitments`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-004')}/commitments`,
    success: 200,
  },
  // Sent empty: the page comes back asking for the level and the note.
  'POST /authority/tenders/:id/commitments/:cid/reviews': {
    roles: ['contract_manager'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/commitments/${await demoCommitment(t)}/reviews`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-004')}/commitments/${await demoCommitment(t)}/reviews`,
    success: 400,
  },
  'POST /authority/tenders/:id/delivery/reports/:reportId/review': {
    roles: ['contract_manager'],
    own: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/delivery/reports/${await demoReport(t)}/review`,
    foreign: async (t) => `/authority/tenders/${await tenderIdByReference(t, 'SVICB-2026-004')}/delivery/reports/${await demoReport(t)}/review`,
    success: 400,
  },
  'GET /tenders/:id/delivery': { roles: ['provider'], own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/delivery`, success: 200 },
  'POST /tenders/:id/delivery/reports': {
    roles: ['provider'],
    own: async (t) => `/tenders/${await tenderIdByReference(t, 'NCC-2023-031')}/delivery/reports`,
    success: 400,
  },
  'GET /team': { roles: ['provider'], own: async () => '/team', success: 200 },
  'GET /my-bids': { roles: ['provider'], own: async () => '/my-bids', success: 200 },
  'POST /team/invitations': { roles: ['provider'], own: async () => '/team/invitations', success: 400 },
  // An unknown invitation: the page answers like any missing record, for everyone.
  'GET /invitations/:token': { roles: 'public', own: async () => `/invitations/${'x'.repeat(43)}`, success: 404 },
  'POST /invitations/:token': { roles: 'public', own: async () => `/invitations/${'x'.repeat(43)}`, success: 404 },
  'GET /authorities/new': { roles: ['platform_operator'], own: async () => '/authorities/new', success: 200 },
  'POST /authorities': { roles: ['platform_operator'], own: async () => '/authorities', success: 400 },
  'GET /staff': { roles: ['authority_admin'], own: async () => '/staff', success: 200 },
  'POST /staff/invitations': { roles: ['authority_admin'], own: async () => '/staff/invitations', success: 400 },
  'POST /staff/invitations/:id/withdraw': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/invitations/${(await staffInvitation(t, 'northmere')).id}/withdraw`,
    foreign: async (t) => `/staff/invitations/${(await staffInvitation(t, 'southvale')).id}/withdraw`,
    success: 303,
  },
  'GET /staff/:userId': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/${await staffMember(t, 'northmere')}`,
    foreign: async (t) => `/staff/${await staffMember(t, 'southvale')}`,
    success: 200,
  },
  // No role ticked: the form comes back saying so.
  'POST /staff/:userId/roles': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/${await staffMember(t, 'northmere')}/roles`,
    foreign: async (t) => `/staff/${await staffMember(t, 'southvale')}/roles`,
    success: 400,
  },
  'POST /staff/:userId/deactivate': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/${await staffMember(t, 'northmere')}/deactivate`,
    foreign: async (t) => `/staff/${await staffMember(t, 'southvale')}/deactivate`,
    success: 303,
  },
  'POST /staff/:userId/reactivate': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/${await staffMember(t, 'northmere')}/reactivate`,
    foreign: async (t) => `/staff/${await staffMember(t, 'southvale')}/reactivate`,
    success: 303,
  },
  'POST /staff/:userId/provider-account/forget': {
    roles: ['authority_admin'],
    own: async (t) => `/staff/${await staffMember(t, 'northmere')}/provider-account/forget`,
    foreign: async (t) => `/staff/${await staffMember(t, 'southvale')}/provider-account/forget`,
    success: 303,
  },
  'GET /staff-invitations/:token': { roles: 'public', own: async () => `/staff-invitations/${'x'.repeat(43)}`, success: 404 },
  'POST /staff-invitations/:token': { roles: 'public', own: async () => `/staff-invitations/${'x'.repeat(43)}`, success: 404 },
  'GET /api-keys': { roles: ['authority_admin'], own: async () => '/api-keys', success: 200 },
  'POST /api-keys': { roles: ['authority_admin'], own: async () => '/api-keys', success: 400 },
  'POST /api-keys/:id/revoke': {
    roles: ['authority_admin'],
    own: async (t) => `/api-keys/${await apiKeyOf(t, 'northmere')}/revoke`,
    foreign: async (t) => `/api-keys/${await apiKeyOf(t, 'southvale')}/revoke`,
    success: 303,
  },
  'GET /admin/emails': { roles: ['authority_admin'], own: async () => '/admin/emails', success: 200 },
  'GET /admin/emails/:id': {
    roles: ['authority_admin'],
    own: async (t) => `/admin/emails/${await sentEmail(t, 'northmere')}`,
    foreign: async (t) => `/admin/emails/${await sentEmail(t, 'southvale')}`,
    success: 200,
  },
  'GET /admin/jobs': { roles: ['authority_admin'], own: async () => '/admin/jobs', success: 200 },
  // The settings are the caller's own authority's (RLS): the single sign-on suite checks another admin sees none of them.
  'GET /admin/sign-in': { roles: ['authority_admin'], own: async () => '/admin/sign-in', success: 200 },
  'POST /admin/sign-in': { roles: ['authority_admin'], own: async () => '/admin/sign-in', success: 400 },
  // Each sees only its own side's catches (RLS): the malware suite checks who sees which.
  'GET /admin/malware': { roles: ['authority_admin', 'platform_operator', 'provider'], own: async () => '/admin/malware', success: 200 },
  'POST /admin/jobs/:id/retry': {
    roles: ['authority_admin'],
    own: async (t) => `/admin/jobs/${await failedJob(t, 'northmere')}/retry`,
    foreign: async (t) => `/admin/jobs/${await failedJob(t, 'southvale')}/retry`,
    success: 303,
  },
};

/** One of the demo contract's KPIs. */
const demoKpi = async (t: TestApp, _authority: 'northmere') =>
  (
    await asOwner<{ id: string }>(
      t,
      `SELECT k.id FROM contract_kpis k JOIN contracts c ON c.id = k.contract_id WHERE c.reference = 'NCC-2023-031' AND k.code = 'KPI-1'`,
    )
  )[0].id;

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('authorization matrix for pages: route x role x authority', () => {
  let t: TestApp;
  const callers: Caller[] = [];
  let routes: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    const anonymous = supertest.agent(t.app.getHttpServer());
    callers.push({ name: 'anonymous', roles: [], agent: anonymous, csrf: token((await anonymous.get('/sign-in')).text) });
    const people: [string, string][] = [
      ['admin@northmere.test', 'authority_admin'],
      ['commissioner@northmere.test', 'commissioner'],
      ['evaluator1@northmere.test', 'evaluator'],
      ['contracts@northmere.test', 'contract_manager'],
      ['auditor@northmere.test', 'auditor'],
      ['scrutiny@northmere.test', 'scrutiny_member'],
      ['bids@castleton.test', 'provider'],
      ['operator@commonweal.test', 'platform_operator'],
    ];
    for (const [email, role] of people) {
      const agent = supertest.agent(t.app.getHttpServer());
      const form = await agent.get('/sign-in');
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token(form.text), email, password: DEMO_PASSWORD });
      expect(res.status).toBe(303);
      callers.push({ name: role, roles: [role], agent, csrf: token((await agent.get('/dashboard')).text) });
    }
    const router = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    routes = router.stack
      // {/*splat} is Nest's catch-all that answers 404 for unknown paths.
      .filter((l) => l.route && l.route.path !== '{/*splat}' && !/^\/(api|health|metrics)(\/|$)/.test(l.route.path))
      .flatMap((l) =>
        Object.keys(l.route!.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${l.route!.path}`),
      );
  });
  afterAll(async () => t?.close());

  it('shows no authority role a sealed bid on any page before the deadline', async () => {
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    // The demo's two bids are there (so this can fail), with Brightpath's price and answers.
    expect(await asOwner(t, 'SELECT price FROM bid_submissions WHERE tender_id = $1 ORDER BY price', [youth])).toEqual([
      { price: '1695000.00' },
      { price: '1802500.00' },
    ]);
    const staff = callers.filter((c) => STAFF.includes(c.name));
    expect(staff).toHaveLength(6);
    for (const c of staff) {
      for (const path of [`/authority/tenders/${youth}`, `/tenders/${youth}`, '/dashboard', '/authority/tenders']) {
        const res = await c.agent.get(path);
        expect([c.name, path, res.status]).toEqual([c.name, path, 200]);
        for (const secret of ['1,695,000', '1695000', '1,802,500', 'will run the clubs with local volunteers', 'Brightpath Community Interest Company']) {
          expect([c.name, path, res.text.includes(secret)]).toEqual([c.name, path, false]);
        }
      }
    }
  });

  it('takes a file upload only with the CSRF token in the form action, and never a token from the query for an ordinary form', async () => {
    const commissioner = callers.find((c) => c.name === 'commissioner')!;
    const youth = await tenderIdByReference(t, 'NCC-2026-014');
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const without = await commissioner.agent.post(`/authority/tenders/${youth}/documents`).attach('file', pdf, 'a.pdf');
    expect(without.status).toBe(403);
    const withToken = await commissioner.agent
      .post(`/authority/tenders/${youth}/documents?_csrf=${encodeURIComponent(commissioner.csrf)}`)
      .attach('file', pdf, 'a.pdf');
    expect(withToken.status).toBe(303);
    const urlencodedWithQueryToken = await commissioner.agent
      .post(`/authority/tenders/${youth}/bids/open?_csrf=${encodeURIComponent(commissioner.csrf)}`)
      .type('form')
      .send({});
    expect(urlencodedWithQueryToken.status).toBe(403);
  });

  it('has a fixture for every page route, and none for a route that is gone', () => {
    expect([...new Set(routes)].sort()).toEqual(Object.keys(PAGES).sort());
  });

  // Every page route, for every caller, here and at the other authority: it has the API matrix's time budget.
  it('lets exactly the declared roles through, in their own authority only', async () => {
    const cells: string[] = [];
    for (const key of Object.keys(PAGES)) {
      const fixture = PAGES[key];
      const method = key.split(' ')[0].toLowerCase() as 'get' | 'post';
      for (const caller of callers) {
        // Sign-out last would end the caller's session; it gets its own agent below.
        if (key === 'POST /sign-out' && caller.name !== 'anonymous') continue;
        const path = await fixture.own(t);
        const res = method === 'get' ? await caller.agent.get(path) : await caller.agent.post(path).type('form').send({ _csrf: caller.csrf });
        const allowed = fixture.roles === 'public' || caller.roles.some((r) => (fixture.roles as string[]).includes(r));
        const expected = allowed
          ? caller.name === 'anonymous'
            ? (fixture.anonymous ?? fixture.success)
            : fixture.success
          : caller.name === 'anonymous'
            ? 303
            : 403;
        const where = res.status === 303 ? ` -> ${res.headers.location}` : '';
        const wrongPlace = !allowed && caller.name === 'anonymous' && !String(res.headers.location).startsWith('/sign-in');
        cells.push(`${key} as ${caller.name}: ${res.status}${where}${res.status === expected && !wrongPlace ? '' : ` (expected ${expected})`}`);
        if (allowed && fixture.foreign && fixture.roles !== 'public') {
          const other = await fixture.foreign(t);
          const foreign = method === 'get' ? await caller.agent.get(other) : await caller.agent.post(other).type('form').send({ _csrf: caller.csrf });
          cells.push(`${key} as ${caller.name} on another authority: ${foreign.status}${foreign.status === 404 ? '' : ' (expected 404)'}`);
        }
      }
    }
    expect(cells.filter((c) => c.includes('expected'))).toEqual([]);
  }, 300_000);

  it('signs out every kind of signed-in caller, and the old cookie no longer opens a page', async () => {
    for (const caller of callers.filter((c) => c.name !== 'anonymous')) {
      const res = await caller.agent.post('/sign-out').type('form').send({ _csrf: caller.csrf });
      expect(`${caller.name}: ${res.status} ${res.headers.location}`).toBe(`${caller.name}: 303 /sign-in?signed-out=1`);
    }
    const agent = supertest.agent(t.app.getHttpServer());
    const form = await agent.get('/sign-in');
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token(form.text), email: 'auditor@northmere.test', password: DEMO_PASSWORD });
    const cookie = (await agent.get('/dashboard')).request.getHeader?.('cookie');
    const csrf = token((await agent.get('/dashboard')).text);
    await agent.post('/sign-out').type('form').send({ _csrf: csrf });
    const replay = await supertest(t.app.getHttpServer())
      .get('/dashboard')
      .set('cookie', String(cookie ?? ''));
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?next=%2Fdashboard');
  });
});
