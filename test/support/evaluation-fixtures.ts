import { closeAndOpenBids, openTenderCopy } from './fixtures.js';
import { asOwner, login, type TestApp } from './test-app.js';

/**
 * A tender taken through the evaluation workflow by its API, as far as `stage`,
 * for the evaluation tests and the authorization matrix. The bids are a copy of
 * the authority's open demo tender (the standard model: quality (delivery,
 * safeguarding), social value (local-jobs), public character (shared-ownership)).
 */
export type EvaluationStage = 'opened' | 'started' | 'assigned' | 'declared' | 'submitted' | 'moderated' | 'complete' | 'recommended' | 'approved';
const ORDER: EvaluationStage[] = ['opened', 'started', 'assigned', 'declared', 'submitted', 'moderated', 'complete', 'recommended', 'approved'];

export const ANSWERS = {
  delivery: 'We run clubs five nights a week',
  safeguarding: 'Trained designated leads',
  'local-jobs': 'Ten local apprentices',
  'shared-ownership': 'Young people on the board',
};
export const GROUP_CRITERIA: Record<string, string[]> = {
  quality: ['delivery', 'safeguarding'],
  'social-value': ['local-jobs'],
  'public-character': ['shared-ownership'],
};

export interface EvaluatedTender {
  tenderId: string;
  /** Bid ids by provider e-mail. */
  bids: Record<string, string>;
  /** evaluator1's assignment ids by criterion group. */
  assignments: Record<string, string>;
}

type Who = (email: string) => Promise<Record<string, string>>;

export function people(t: TestApp, authority: string): Who {
  const tokens = new Map<string, string>();
  return async (email) => {
    if (!tokens.has(email)) tokens.set(email, await login(t, email, email.startsWith('bids@') ? authority : undefined));
    return { authorization: `Bearer ${tokens.get(email)!}` };
  };
}

export async function userId(t: TestApp, email: string): Promise<string> {
  return (await asOwner<{ id: string }>(t, 'SELECT id FROM users WHERE email = $1', [email]))[0].id;
}

const expectStatus = (res: { status: number; body: unknown }, status: number, what: string) => {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
};

/**
 * Marks every bid on every criterion of the group: `marks(bidIndex, criterion)` (default 3), then submits.
 */
export async function markAndSubmit(
  t: TestApp,
  who: Record<string, string>,
  tenderId: string,
  assignmentId: string,
  group: string,
  bidIds: string[],
  marks: (bid: number, criterion: string) => number = () => 3,
) {
  for (const [i, bidId] of bidIds.entries()) {
    for (const criterionKey of GROUP_CRITERIA[group]) {
      expectStatus(
        await t.http
          .put(`/api/v1/tenders/${tenderId}/evaluation/assignments/${assignmentId}/marks`)
          .set(who)
          .send({ bidId, criterionKey, mark: marks(i, criterionKey), reason: `Mark for ${criterionKey}` }),
        200,
        'mark',
      );
    }
  }
  expectStatus(await t.http.post(`/api/v1/tenders/${tenderId}/evaluation/assignments/${assignmentId}/submit`).set(who), 200, 'submit');
}

export async function evaluatedTender(
  t: TestApp,
  authority: 'northmere' | 'southvale',
  stage: EvaluationStage,
  prices: Record<string, string> = { 'bids@brightpath.test': '450000.00', 'bids@castleton.test': '480000.00' },
): Promise<EvaluatedTender> {
  const at = (s: EvaluationStage) => ORDER.indexOf(stage) >= ORDER.indexOf(s);
  const who = people(t, authority);
  const tenderId = await openTenderCopy(t, new Date(Date.now() + 3_600_000), authority === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  const bids: Record<string, string> = {};
  for (const [email, price] of Object.entries(prices)) {
    expectStatus(
      await t.http
        .post(`/api/v1/public/tenders/${tenderId}/bids`)
        .set(await who(email))
        .send({ lotKey: 'lot-1', answers: ANSWERS, price }),
      201,
      'bid',
    );
    bids[email] = (
      await asOwner<{ id: string }>(
        t,
        `SELECT b.id FROM bid_submissions b JOIN provider_memberships pm ON pm.provider_id = b.provider_id JOIN users u ON u.id = pm.user_id
      WHERE b.tender_id = $1 AND u.email = $2 ORDER BY b.version DESC LIMIT 1`,
        [tenderId, email],
      )
    )[0].id;
  }
  await closeAndOpenBids(t, tenderId);
  await asOwner(t, `UPDATE tenders SET status = 'closed' WHERE id = $1`, [tenderId]);
  const result: EvaluatedTender = { tenderId, bids, assignments: {} };
  if (!at('started')) return result;
  const commissioner = await who(`commissioner@${authority}.test`);
  const evaluator = await who(`evaluator1@${authority}.test`);
  const base = `/api/v1/tenders/${tenderId}/evaluation`;
  expectStatus(await t.http.post(base).set(commissioner), 201, 'start');
  if (!at('assigned')) return result;
  const evaluatorId = await userId(t, `evaluator1@${authority}.test`);
  for (const group of Object.keys(GROUP_CRITERIA)) {
    result.assignments[group] = expectStatus(
      await t.http.post(`${base}/assignments`).set(commissioner).send({ userId: evaluatorId, criterionGroup: group }),
      201,
      'assign',
    ).id as string;
  }
  if (!at('declared')) return result;
  for (const id of Object.values(result.assignments))
    expectStatus(await t.http.post(`${base}/assignments/${id}/declaration`).set(evaluator).send({ conflict: false }), 200, 'declare');
  if (!at('submitted')) return result;
  const bidIds = Object.values(bids);
  for (const [group, id] of Object.entries(result.assignments)) await markAndSubmit(t, evaluator, tenderId, id, group, bidIds);
  if (!at('moderated')) return result;
  for (const bidId of bidIds) {
    for (const criterionKey of Object.values(GROUP_CRITERIA).flat()) {
      expectStatus(
        await t.http.put(`${base}/consensus`).set(commissioner).send({ bidId, criterionKey, mark: 3, reason: 'Agreed at moderation' }),
        200,
        'consensus',
      );
    }
  }
  if (!at('complete')) return result;
  expectStatus(await t.http.post(`${base}/complete`).set(commissioner), 200, 'complete');
  if (!at('recommended')) return result;
  expectStatus(await t.http.post(`${base}/award/recommend`).set(commissioner).send({ reason: 'Highest scoring bid' }), 201, 'recommend');
  if (!at('approved')) return result;
  expectStatus(
    await t.http
      .post(`${base}/award/approve`)
      .set(await who(`admin@${authority}.test`))
      .send({ reason: 'Approved' }),
    201,
    'approve',
  );
  return result;
}
