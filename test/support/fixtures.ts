import { createHash, randomBytes } from 'node:crypto';
import { DOCUMENT_STORAGE, newId } from '#platform';
import { asOwner, authorityId, type TestApp } from './test-app.js';

/**
 * Records the API cannot make on demand, written as the owner in the shape
 * the application leaves them. Shared by the API and page authorization matrices.
 */

/** A job that used up its attempts, as the runner leaves it. */
export async function failedJob(t: TestApp, slug: string): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status, attempts, last_error, failed_at)
    VALUES ($1, $2, 'email.send', '{}', 'failed', 5, 'fixture', now())`,
    [id, await authorityId(t, slug)],
  );
  return id;
}

/** An e-mail already sent for the authority. */
export async function sentEmail(t: TestApp, slug: string): Promise<string> {
  const tenantId = await authorityId(t, slug);
  const outboxId = newId();
  const id = newId();
  await asOwner(t, `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status) VALUES ($1, $2, 'email.send', '{}', 'done')`, [outboxId, tenantId]);
  await asOwner(
    t,
    `INSERT INTO email_deliveries (id, tenant_id, outbox_id, template, to_address, subject, text_body, html_body, message_id, transport)
    VALUES ($1, $2, $3, 'deadline-reminder', 'someone@example.org', 'Fixture', 'text', '<p>html</p>', $4, 'folder')`,
    [id, tenantId, outboxId, `<${outboxId}@fixture>`],
  );
  return id;
}

/**
 * A copy of a demo tender (its model and authority), published and open for bids until `deadline`; `change`
 * sets one value in the copy's model as it is published (a published model is frozen afterwards).
 */
export async function openTenderCopy(
  t: TestApp,
  deadline: Date,
  reference = 'NCC-2026-014',
  change: { path: string[]; value: unknown } = { path: [], value: null },
): Promise<string> {
  const id = newId();
  await asOwner(
    t,
    `INSERT INTO tenders (id, tenant_id, reference, title, description, status, estimated_value, currency, published_at, submission_deadline,
      policy_pack_version, evaluation_model, model_hash)
    SELECT $1, tenant_id, $3, title, description, 'published', estimated_value, currency, now(), $2, policy_pack_version,
      CASE WHEN cardinality($5::text[]) = 0 THEN evaluation_model ELSE jsonb_set(evaluation_model, $5::text[], $6::jsonb) END, model_hash
      FROM tenders WHERE reference = $4`,
    [id, deadline, `COPY-${id.slice(-12)}`, reference, change.path, JSON.stringify(change.value)],
  );
  return id;
}

/** Answers to every question of NCC-2026-014's model, so of each of its copies (openTenderCopy). */
export const ncc014Answers = {
  delivery: 'How we deliver',
  safeguarding: 'How we keep people safe',
  'local-jobs': 'Local hires',
  'shared-ownership': 'Members own us',
};

/** Closes a tender copy now and opens its bids, as the commissioner would after the deadline. */
export async function closeAndOpenBids(t: TestApp, tenderId: string): Promise<void> {
  await asOwner(t, `UPDATE tenders SET submission_deadline = now() - interval '1 second', bids_opened_at = now() WHERE id = $1`, [tenderId]);
}

/** A supertest parser that keeps a download's bytes as they came (`.buffer(true).parse(binary)`). */
export const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** A new person on the authority's staff (an auditor), as accepting an invitation leaves them. */
export async function staffMember(t: TestApp, slug: string): Promise<string> {
  const id = newId();
  await asOwner(t, `INSERT INTO users (id, email, display_name) VALUES ($1, $2, 'Fixture person')`, [id, `staff-${id}@${slug}.test`]);
  await asOwner(t, `INSERT INTO memberships (id, tenant_id, user_id, roles) VALUES ($1, $2, $3, '{auditor}')`, [newId(), await authorityId(t, slug), id]);
  return id;
}

/** An invitation to the authority's staff not yet accepted, and the token its e-mailed link carries. */
export async function staffInvitation(t: TestApp, slug: string): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = randomBytes(32).toString('base64url');
  await asOwner(
    t,
    `INSERT INTO staff_invitations (tenant_id, id, email, display_name, roles, token_hash, expires_at)
     VALUES ($1, $2, $3, 'Fixture invitee', '{commissioner}', $4, now() + interval '7 days')`,
    [await authorityId(t, slug), id, `invitee-${id}@${slug}.test`, createHash('sha256').update(token).digest('hex')],
  );
  return { id, token };
}

/** An API key of the authority, not revoked. */
export async function apiKeyOf(t: TestApp, slug: string): Promise<string> {
  const id = newId();
  await asOwner(t, `INSERT INTO api_keys (id, tenant_id, name, key_prefix, key_hash, roles) VALUES ($1, $2, 'Fixture', 'FIXTURE0', $3, '{auditor}')`, [
    id,
    await authorityId(t, slug),
    createHash('sha256').update(id).digest('hex'),
  ]);
  return id;
}

/**
 * An opened bid carrying a document, on a fresh copy of the authority's open tender (sent before its
 * deadline, then closed and opened as the commissioner would): the paths of the bid's page and of its document.
 */
export async function openedBidWithDocument(t: TestApp, slug: 'northmere' | 'southvale'): Promise<{ bid: string; document: string }> {
  const tender = await openTenderCopy(t, new Date(Date.now() + 3_600_000), slug === 'northmere' ? 'NCC-2026-014' : 'SVICB-2026-004');
  const bid = newId();
  const doc = newId();
  await asOwner(
    t,
    `INSERT INTO bid_documents (id, tenant_id, tender_id, provider_id, file_name, content_type, size_bytes, sha256)
     SELECT $1, t.tenant_id, t.id, p.id, 'method-statement.pdf', 'application/pdf', 5, repeat('0', 64)
       FROM tenders t, provider_organisations p WHERE t.id = $2 AND p.name = 'Castleton Care Ltd'`,
    [doc, tender],
  );
  await asOwner(
    t,
    `INSERT INTO bid_submissions (id, tenant_id, tender_id, provider_id, lot_key, version, answers, price, content_hash, documents)
     SELECT $1, t.tenant_id, t.id, p.id, (t.evaluation_model->'lots'->0->>'key'), 1, '{}', 250000, repeat('c', 64),
            jsonb_build_array(jsonb_build_object('id', $3::text, 'fileName', 'method-statement.pdf', 'sha256', repeat('0', 64), 'sizeBytes', 5))
       FROM tenders t, provider_organisations p WHERE t.id = $2 AND p.name = 'Castleton Care Ltd'`,
    [bid, tender, doc],
  );
  await t.app.get(DOCUMENT_STORAGE).put(doc, Buffer.from('%PDF-'));
  await closeAndOpenBids(t, tender);
  return { bid: `/authority/tenders/${tender}/bids/${bid}`, document: `/authority/tenders/${tender}/bids/${bid}/documents/${doc}` };
}
