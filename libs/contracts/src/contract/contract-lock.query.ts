import type { EntityManager } from 'typeorm';

/**
 * Locks a contract's row for the rest of the transaction: the changes that read what the last one left
 * (an outcome payment's headroom under a cap, the next assessment's period, the next contract change)
 * are made one at a time per contract. A second caller waits here, then reads what the first committed.
 */
export async function lockContract(em: EntityManager, c: { tenantId: string; id: string }): Promise<void> {
  await em.query('SELECT 1 FROM contracts WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [c.tenantId, c.id]);
}
