import { createHash, randomBytes } from 'node:crypto';
import { newId } from '#platform';
import { pendingContract } from './contract-fixtures.js';
import { asOwner, authorityId, type TestApp } from './test-app.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A confirmed concern about a new contract of the authority, with its raiser's contact and an open scrutiny case (made as the owner). */
export async function scrutinyCase(t: TestApp, authority: 'northmere' | 'southvale') {
  const tenantId = await authorityId(t, authority);
  const contract = await pendingContract(t, authority);
  const concernId = newId();
  const caseId = newId();
  await asOwner(
    t,
    `INSERT INTO concerns (id, tenant_id, ocid, contract_id, category, description, confirmed_at, supporters)
     VALUES ($1, $2, 'ocds-cmnwl0-' || $3::text, $3::uuid, 'quality', 'A concern made for the test', now(), 1)`,
    [concernId, tenantId, contract.id],
  );
  await asOwner(t, `INSERT INTO concern_contacts (concern_id, tenant_id, name, email) VALUES ($1, $2, 'A Resident', 'resident@example.test')`, [
    concernId,
    tenantId,
  ]);
  await asOwner(t, `INSERT INTO scrutiny_cases (id, tenant_id, concern_id, supporters_at_opening) VALUES ($1, $2, $3, 1)`, [caseId, tenantId, concernId]);
  return { tenantId, concernId, caseId };
}

/** An unconfirmed supporter of a concern, and the token its e-mailed link would carry. */
export async function supportLink(t: TestApp, tenantId: string, concernId: string) {
  const token = randomBytes(32).toString('base64url');
  await asOwner(
    t,
    `INSERT INTO concern_supports (id, tenant_id, concern_id, email_hash, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5, now() + interval '1 day')`,
    [newId(), tenantId, concernId, sha256(token + 'email'), sha256(token)],
  );
  return token;
}
