import { newId } from '#platform';
import { asOwner, authorityId, type TestApp } from './test-app.js';

/**
 * Records the API cannot make on demand, written as the owner in the shape
 * the application leaves them. Shared by the API and page authorization matrices.
 */

/** A job that used up its attempts, as the runner leaves it. */
export async function failedJob(t: TestApp, slug: string): Promise<string> {
  const id = newId();
  await asOwner(t, `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status, attempts, last_error, failed_at)
    VALUES ($1, $2, 'email.send', '{}', 'failed', 5, 'fixture', now())`, [id, await authorityId(t, slug)]);
  return id;
}

/** An e-mail already sent for the authority. */
export async function sentEmail(t: TestApp, slug: string): Promise<string> {
  const tenantId = await authorityId(t, slug);
  const outboxId = newId();
  const id = newId();
  await asOwner(t, `INSERT INTO outbox_messages (id, tenant_id, topic, payload, status) VALUES ($1, $2, 'email.send', '{}', 'done')`, [outboxId, tenantId]);
  await asOwner(t, `INSERT INTO email_deliveries (id, tenant_id, outbox_id, template, to_address, subject, text_body, html_body, message_id, transport)
    VALUES ($1, $2, $3, 'deadline-reminder', 'someone@example.org', 'Fixture', 'text', '<p>html</p>', $4, 'folder')`, [id, tenantId, outboxId, `<${outboxId}@fixture>`]);
  return id;
}
