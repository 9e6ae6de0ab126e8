import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Independent marks secret until submitted, by the database (issue 18): a mark its evaluator has not submitted
 * is seen by that evaluator alone, not by every member of the authority's staff as before (the API hid them;
 * the database did not). Once its evaluator has submitted, it is seen as before: by the authority, except by an
 * evaluator of the same group who has not submitted yet.
 * The commissioner's view of progress (how many marks each evaluator has entered, never the marks) reads a
 * count kept beside the marks by a trigger, since the marks it counts are no longer theirs to read.
 */
export class MarksSecrecy1795850000000 implements MigrationInterface {
  name = 'MarksSecrecy1795850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP POLICY independent_marks_visible ON independent_marks;
      CREATE POLICY independent_marks_visible ON independent_marks FOR SELECT USING (
        tenant_id = app_tenant_id() AND (
          evaluator_id = app_user_id() OR (
            EXISTS (
              SELECT 1 FROM evaluator_assignments s
              WHERE s.tender_id = independent_marks.tender_id AND s.criterion_group = independent_marks.criterion_group
                AND s.user_id = independent_marks.evaluator_id AND s.submitted_at IS NOT NULL)
            AND NOT EXISTS (
              SELECT 1 FROM evaluator_assignments a
              WHERE a.tender_id = independent_marks.tender_id AND a.criterion_group = independent_marks.criterion_group
                AND a.user_id = app_user_id() AND a.submitted_at IS NULL))));

      CREATE TABLE independent_mark_counts (
        tenant_id uuid NOT NULL REFERENCES authorities(id),
        tender_id uuid NOT NULL,
        evaluator_id uuid NOT NULL,
        criterion_group text NOT NULL,
        marks int NOT NULL CHECK (marks >= 0),
        PRIMARY KEY (tenant_id, tender_id, evaluator_id, criterion_group)
      );
      -- Read by the authority; written only by the trigger (its function the table owner's, in the marking
      -- session's authority): the app role has no grant to write it.
      ALTER TABLE independent_mark_counts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
      CREATE POLICY independent_mark_counts_tenant ON independent_mark_counts FOR ALL
        USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
      GRANT SELECT ON independent_mark_counts TO commonweal_app;
      CREATE FUNCTION count_independent_mark() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO independent_mark_counts (tenant_id, tender_id, evaluator_id, criterion_group, marks)
        VALUES (NEW.tenant_id, NEW.tender_id, NEW.evaluator_id, NEW.criterion_group, 1)
        ON CONFLICT (tenant_id, tender_id, evaluator_id, criterion_group) DO UPDATE SET marks = independent_mark_counts.marks + 1;
        RETURN NULL;
      END $$;
      CREATE TRIGGER independent_marks_counted AFTER INSERT ON independent_marks FOR EACH ROW EXECUTE FUNCTION count_independent_mark();
      INSERT INTO independent_mark_counts (tenant_id, tender_id, evaluator_id, criterion_group, marks)
        SELECT tenant_id, tender_id, evaluator_id, criterion_group, count(*)::int FROM independent_marks GROUP BY 1, 2, 3, 4;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER independent_marks_counted ON independent_marks;
      DROP FUNCTION count_independent_mark();
      DROP TABLE independent_mark_counts;
      DROP POLICY independent_marks_visible ON independent_marks;
      CREATE POLICY independent_marks_visible ON independent_marks FOR SELECT USING (
        tenant_id = app_tenant_id() AND (
          evaluator_id = app_user_id() OR NOT EXISTS (
            SELECT 1 FROM evaluator_assignments a
            WHERE a.tender_id = independent_marks.tender_id AND a.criterion_group = independent_marks.criterion_group
              AND a.user_id = app_user_id() AND a.submitted_at IS NULL)));
    `);
  }
}
