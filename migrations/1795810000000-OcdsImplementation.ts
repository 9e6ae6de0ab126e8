import type { MigrationInterface, QueryRunner } from 'typeorm';
import { v7 } from 'uuid';

/**
 * A contract's amendments and implementation are now published (payments made, KPI, outcome and social value
 * results, assessments): every process with a signed contract is queued for publication again, as a change
 * to it would be, so what happened before this version is published too. Nothing to undo: the releases are
 * the public record once published.
 */
export class OcdsImplementation1795810000000 implements MigrationInterface {
  name = 'OcdsImplementation1795810000000';

  async up(q: QueryRunner): Promise<void> {
    const tenders: { tender_id: string; tenant_id: string }[] = await q.query(
      `SELECT DISTINCT tender_id, tenant_id FROM contracts WHERE activated_at IS NOT NULL ORDER BY tender_id`,
    );
    for (const t of tenders)
      await q.query(`INSERT INTO outbox_messages (id, tenant_id, topic, payload) VALUES ($1, $2, 'ocds.publish-process', $3)`, [
        v7(),
        t.tenant_id,
        JSON.stringify({ tenderId: t.tender_id }),
      ]);
  }

  async down(): Promise<void> {}
}
