import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/**
 * Writes `change` to the row only if it is still at the version it was read at, moving it to the next
 * version: two people editing at once never overwrite each other silently. False when someone changed it
 * first (the caller answers 409 with the version there now).
 */
export async function updateAtVersion<T extends ObjectLiteral & { id: string; version: number }>(
  em: EntityManager,
  entity: EntityTarget<T>,
  row: Pick<T, 'id' | 'version'>,
  change: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const res = await em
    .createQueryBuilder()
    .update(entity)
    .set({ ...change, version: row.version + 1, updatedAt: new Date() } as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id: row.id, version: row.version })
    .execute();
  return !!res.affected;
}
