import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparable } from './prepared-statements.js';

/**
 * A list read that takes only the columns its view shows, as plain objects under the entity's property names,
 * without building entities. For the busiest reads (an authority's lists): issue 19's profile found TypeORM's
 * query building and entity hydration the largest JavaScript cost of a list request, and a list that reads every
 * column parses what it never shows (a tender's evaluation model is a JSON document per row).
 *
 * The select list is worked out once per entity and property list from TypeORM's own metadata, so column names
 * are never written twice. Only plain columns qualify: a property with a transformer, or one that is not a column
 * of the entity's own table, is refused when the list is first built, because a raw row would not read it the way
 * TypeORM does. Values come as node-postgres gives them, which is what TypeORM hands an entity for these column
 * types (timestamptz as Date, numeric as its decimal string, int as number, jsonb parsed).
 *
 * `rest` is the SQL after `FROM <table>` (WHERE, ORDER BY, LIMIT) with $1… placeholders. Row-level security
 * still decides which rows exist: this reads in the request's transaction like any other query.
 *
 * The statement is sent as a named prepared statement, planned once per connection (prepared-statements.ts), so
 * `rest` must be built from code, never from a value. A number that is part of the query's shape (the page's
 * LIMIT) may be written into it: PostgreSQL keeps a generic plan only when it costs no more than the custom ones,
 * and a LIMIT it cannot see makes the generic plan look dearer.
 */
export function entityRows<T extends ObjectLiteral, K extends keyof T & string>(
  em: EntityManager,
  entity: EntityTarget<T>,
  properties: readonly K[],
  rest: string,
  params: unknown[],
): Promise<Pick<T, K>[]> {
  return em.query(preparable(`${selectFor(em, entity, properties)} ${rest}`), params) as Promise<Pick<T, K>[]>;
}

/**
 * `LIMIT n` for an entityRows read, with the number written into the text: it must be a positive whole number (a
 * page size the query's DTO has already held to its range), or this throws rather than write anything else into SQL.
 */
export function limitClause(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`limitClause: ${String(n)} is not a positive whole number`);
  return `LIMIT ${n}`;
}

const selects = new WeakMap<object, Map<string, string>>();

function selectFor(em: EntityManager, entity: EntityTarget<ObjectLiteral>, properties: readonly string[]): string {
  const metadata = em.connection.getMetadata(entity);
  let byList = selects.get(metadata);
  if (!byList) selects.set(metadata, (byList = new Map()));
  const key = properties.join(',');
  let sql = byList.get(key);
  if (!sql) {
    const columns = properties.map((p) => {
      const column = metadata.findColumnWithPropertyName(p);
      if (!column || column.transformer || column.embeddedMetadata || column.relationMetadata) {
        throw new Error(`entityRows: ${metadata.name}.${p} is not a plain column of ${metadata.tableName}`);
      }
      return `"${column.databaseName}" AS "${p}"`;
    });
    sql = `SELECT ${columns.join(', ')} FROM "${metadata.tableName}"`;
    byList.set(key, sql);
  }
  return sql;
}
