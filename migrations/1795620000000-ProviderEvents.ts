import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A provider's action that an authority must hear about (an answer to a request for more evidence, a
 * delivery report). The provider's transaction cannot read the authority's staff, so it writes one
 * `provider.event` message into the authority's outbox naming the row it created; the job then runs in
 * the authority's context, reads that row under the authority's own policies and writes the e-mails.
 * The policy keeps what a provider may write narrow: only that topic, only in its own name (the job
 * checks the row belongs to the provider named), and only to an authority it has bid to.
 */
export class ProviderEvents1795620000000 implements MigrationInterface {
  name = 'ProviderEvents1795620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE POLICY outbox_provider_event ON outbox_messages FOR INSERT WITH CHECK (
        topic = 'provider.event' AND provider_id IS NULL AND status = 'pending' AND generation = 0
        AND app_provider_id() IS NOT NULL AND payload->>'providerId' = app_provider_id()::text
        AND EXISTS (SELECT 1 FROM bid_submissions b WHERE b.tenant_id = outbox_messages.tenant_id AND b.provider_id = app_provider_id()));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY outbox_provider_event ON outbox_messages`);
  }
}
