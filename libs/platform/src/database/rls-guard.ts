import type { TransactionRunner } from './transaction-runner.js';

export class UnsafeDatabaseRoleError extends Error {
  constructor(detail: string) {
    super(
      `Refusing to serve tenant requests: ${detail}. Tenant work must run as a role that owns no table, ` +
        'is not a superuser and does not have BYPASSRLS (see README, "Database roles").',
    );
    this.name = 'UnsafeDatabaseRoleError';
  }
}

/**
 * Row-level security only protects tenants if the role doing the work is bound
 * by it. Checked at start-up, in a real tenant transaction, so it sees the same
 * effective role every request will.
 */
export async function assertRowLevelSecurityBinds(runner: TransactionRunner): Promise<void> {
  const [row] = (await runner.run(
    {},
    (em) =>
      em.query(`
        SELECT current_user AS role, r.rolsuper AS super, r.rolbypassrls AS bypass,
               (SELECT count(*)::int FROM pg_tables t WHERE t.tableowner = current_user AND t.schemaname = 'public') AS owned
          FROM pg_roles r WHERE r.rolname = current_user`),
    { readOnly: true },
  )) as { role: string; super: boolean; bypass: boolean; owned: number }[];
  if (!row) throw new UnsafeDatabaseRoleError('the effective role could not be read');
  if (row.super) throw new UnsafeDatabaseRoleError(`role "${row.role}" is a superuser`);
  if (row.bypass) throw new UnsafeDatabaseRoleError(`role "${row.role}" has BYPASSRLS`);
  if (row.owned > 0) throw new UnsafeDatabaseRoleError(`role "${row.role}" owns ${row.owned} table(s)`);
}
