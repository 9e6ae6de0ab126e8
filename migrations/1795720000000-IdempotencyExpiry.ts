import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Keys are kept a week (the nightly idempotency-expiry job forgets older ones, in each authority's context). */
export class IdempotencyExpiry1795720000000 implements MigrationInterface {
  name = 'IdempotencyExpiry1795720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idempotent_requests_age ON idempotent_requests (tenant_id, created_at);
      GRANT DELETE ON idempotent_requests TO commonweal_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON idempotent_requests FROM commonweal_app; DROP INDEX idempotent_requests_age;`);
  }
}
