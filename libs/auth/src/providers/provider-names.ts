import { type EntityManager, In } from 'typeorm';
import { ProviderOrganisation } from '../entities/provider-organisation.entity.js';

/** The names of these provider organisations, by id: only the ones a page names, never every provider on the service. */
export async function providerNames(em: EntityManager, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await em.find(ProviderOrganisation, { where: { id: In(unique) }, select: { id: true, name: true } });
  return new Map(rows.map((p) => [p.id, p.name]));
}
