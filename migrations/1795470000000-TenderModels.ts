import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenders get their evaluation model and, at publication, its content hash.
 * Once published the model is frozen in the database itself, so no code path,
 * however it is written, can change what bidders were told.
 */
export class TenderModels1795470000000 implements MigrationInterface {
  name = 'TenderModels1795470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenders
        ADD COLUMN evaluation_model jsonb,
        ADD COLUMN model_hash text CHECK (model_hash ~ '^[0-9a-f]{64}$'),
        ADD COLUMN created_by uuid REFERENCES users(id);

      CREATE FUNCTION tenders_freeze_model() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.model_hash IS NOT NULL AND (NEW.evaluation_model IS DISTINCT FROM OLD.evaluation_model
              OR NEW.model_hash IS DISTINCT FROM OLD.model_hash) THEN
            RAISE EXCEPTION 'the evaluation model of tender % was frozen at publication', OLD.reference
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$;
      CREATE TRIGGER tenders_model_frozen BEFORE UPDATE ON tenders
        FOR EACH ROW EXECUTE FUNCTION tenders_freeze_model();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER tenders_model_frozen ON tenders;
      DROP FUNCTION tenders_freeze_model();
      ALTER TABLE tenders DROP COLUMN evaluation_model, DROP COLUMN model_hash, DROP COLUMN created_by;
    `);
  }
}
