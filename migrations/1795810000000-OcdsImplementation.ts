import type { MigrationInterface, QueryRunner } from 'typeorm';
import { queueSignedProcesses } from './queue-publications.js';

/**
 * A contract's amendments and implementation are now published (payments made, KPI, outcome and social value
 * results, assessments): every process with a signed contract is queued for publication again, as a change
 * to it would be, so what happened before this version is published too. Nothing to undo: the releases are
 * the public record once published.
 */
export class OcdsImplementation1795810000000 implements MigrationInterface {
  name = 'OcdsImplementation1795810000000';

  async up(q: QueryRunner): Promise<void> {
    await queueSignedProcesses(q);
  }

  async down(): Promise<void> {}
}
