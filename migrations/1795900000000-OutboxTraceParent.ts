import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox_messages.trace_parent`: the W3C traceparent of the request (or job) that wrote the message, when tracing
 * is on, so the job that carries the message out joins the same trace: an IT team following a slow submission
 * sees its receipt e-mail and its publication in one picture. Null when tracing is off; it holds ids and a flag,
 * nothing a person typed.
 */
export class OutboxTraceParent1795900000000 implements MigrationInterface {
  name = 'OutboxTraceParent1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox_messages ADD COLUMN trace_parent text
        CHECK (trace_parent ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages DROP COLUMN trace_parent`);
  }
}
