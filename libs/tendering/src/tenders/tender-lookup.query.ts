import type { EntityManager } from 'typeorm';
import { notFound } from '#platform';
import { Tender } from './tender.entity.js';

/**
 * The tender as the caller's context may see it. Another authority's tender is not found (404), the
 * same as one that does not exist, and never an empty answer that would read as "none yet".
 */
export async function tenderOr404(em: EntityManager, id: string): Promise<Tender> {
  const tender = await em.findOne(Tender, { where: { id } });
  if (!tender) throw notFound('Tender');
  return tender;
}

/** As tenderOr404, where only whether the caller may see the tender matters. */
export async function requireTender(em: EntityManager, id: string): Promise<void> {
  if (!(await em.exists(Tender, { where: { id } }))) throw notFound('Tender');
}
