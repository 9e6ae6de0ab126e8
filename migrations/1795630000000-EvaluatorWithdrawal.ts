import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commissioner may stand an evaluator down (illness, a conflict found late, leaving the authority)
 * before the group's moderation starts. The assignment row stays, with who withdrew it, when and why,
 * so the record shows it; the evaluator's marks are kept but no longer counted, and the group waits
 * for its other evaluators (or a new one) before it can be moderated.
 */
export class EvaluatorWithdrawal1795630000000 implements MigrationInterface {
  name = 'EvaluatorWithdrawal1795630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE evaluator_assignments
        ADD COLUMN withdrawn_at timestamptz,
        ADD COLUMN withdrawn_by uuid REFERENCES users(id),
        ADD COLUMN withdrawal_reason text CHECK (length(withdrawal_reason) BETWEEN 1 AND 2000),
        ADD CONSTRAINT evaluator_assignments_withdrawal CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE evaluator_assignments DROP CONSTRAINT evaluator_assignments_withdrawal,
        DROP COLUMN withdrawal_reason, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_at;
    `);
  }
}
