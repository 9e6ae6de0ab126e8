import type { MigrationInterface, QueryRunner } from 'typeorm';
import { queuePublishedProcesses } from './queue-publications.js';

/**
 * A contract's milestones are now published (its payment schedule, its interim outcome targets), and each
 * process's planning (the commissioning cycle its tender was made from): every published process is queued for
 * publication again. Nothing to undo: releases once published stand.
 */
export class OcdsMilestones1795840000000 implements MigrationInterface {
  name = 'OcdsMilestones1795840000000';

  async up(q: QueryRunner): Promise<void> {
    await queuePublishedProcesses(q);
  }

  async down(): Promise<void> {}
}
