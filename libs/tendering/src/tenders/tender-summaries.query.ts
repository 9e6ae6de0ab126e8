import type { EntityManager } from 'typeorm';

/** A tender as another context's page names it: reference, title, status, and its criterion groups' titles. */
export interface TenderSummary {
  id: string;
  reference: string;
  title: string;
  status: string;
  /** Top-level criteria of the tender's model, key to title. */
  groupTitles: Record<string, string>;
}

/** The tenders of these ids that the transaction may see, by id (the caller's own RLS context applies). */
export async function tenderSummaries(em: EntityManager, ids: string[]): Promise<Map<string, TenderSummary>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows: { id: string; reference: string; title: string; status: string; groups: { key: string; title: string }[] | null }[] = await em.query(
    `SELECT id, reference, title, status,
            (SELECT jsonb_agg(jsonb_build_object('key', c->>'key', 'title', c->>'title')) FROM jsonb_array_elements(evaluation_model->'criteria') c) AS groups
       FROM tenders WHERE id = ANY($1::uuid[])`,
    [unique],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, reference: r.reference, title: r.title, status: r.status, groupTitles: Object.fromEntries((r.groups ?? []).map((g) => [g.key, g.title])) },
    ]),
  );
}
