import type { MigrationInterface, QueryRunner } from 'typeorm';
import { queueSignedProcesses } from './queue-publications.js';

/**
 * A contract's milestones are now published (its payment schedule, its interim outcome targets): every process
 * with a signed contract is queued for publication again. Nothing to undo: releases once published stand.
 */
export class OcdsMilestones1795840000000 implements MigrationInterface {
  name = 'OcdsMilestones1795840000000';

  async up(q: QueryRunner): Promise<void> {
    await queueSignedProcesses(q);
  }

  async down(): Promise<void> {}
}
