import type { QueryRunner } from 'typeorm';
import { v7 } from 'uuid';

/**
 * Queues the Open Contracting publication of every process with a signed contract, as a change to it would be:
 * for a version that publishes more of what a contract has done, so what happened before it is published too.
 */
export async function queueSignedProcesses(q: QueryRunner): Promise<void> {
  await queue(q, `SELECT DISTINCT tender_id, tenant_id FROM contracts WHERE activated_at IS NOT NULL ORDER BY tender_id`);
}

/** Queues the publication of every process: every tender past draft. */
export async function queuePublishedProcesses(q: QueryRunner): Promise<void> {
  await queue(q, `SELECT id AS tender_id, tenant_id FROM tenders WHERE status <> 'draft' AND published_at IS NOT NULL ORDER BY id`);
}

async function queue(q: QueryRunner, sql: string): Promise<void> {
  const tenders: { tender_id: string; tenant_id: string }[] = await q.query(sql);
  for (const t of tenders)
    await q.query(`INSERT INTO outbox_messages (id, tenant_id, topic, payload) VALUES ($1, $2, 'ocds.publish-process', $3)`, [
      v7(),
      t.tenant_id,
      JSON.stringify({ tenderId: t.tender_id }),
    ]);
}
