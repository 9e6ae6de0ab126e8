import type { EntityManager } from 'typeorm';

/**
 * The lock on one contracting process's publication, held to the end of the transaction: publications of a
 * process run one at a time, and a withholding is decided between two of them, never during one.
 */
export async function lockProcessPublication(em: EntityManager, tenderId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(72311602, hashtext($1))`, [tenderId]);
}
