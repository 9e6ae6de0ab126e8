import type { EntityManager } from 'typeorm';
import type { AwardFacts, ContractFacts, ProcessFacts, TenderFacts } from '../core/releases.js';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * What is public about a tender's contracting process, read in its authority's context: the tender once
 * published (a draft has nothing public: null), each award once approved (pending through standstill,
 * active once made), each contract with its supplier. A bid's price is public only as the winner's award.
 */
export async function processFacts(em: EntityManager, tenderId: string, baseUrl: string): Promise<ProcessFacts | null> {
  const [t] = (await em.query(
    `SELECT t.id, t.reference, t.title, t.description, t.status, t.estimated_value::text AS estimated_value, t.currency, t.published_at,
            t.submission_deadline, t.bids_opened_at, a.id AS authority_id, a.name AS authority_name
       FROM tenders t JOIN authorities a ON a.id = t.tenant_id
      WHERE t.id = $1 AND t.status <> 'draft' AND t.published_at IS NOT NULL`,
    [tenderId],
  )) as {
    id: string;
    reference: string;
    title: string;
    description: string;
    status: TenderFacts['status'];
    estimated_value: string | null;
    currency: string;
    published_at: Date;
    submission_deadline: Date | null;
    bids_opened_at: Date | null;
    authority_id: string;
    authority_name: string;
  }[];
  if (!t) return null;
  const [documents, tenderers, steps, contracts] = await Promise.all([
    em.query(`SELECT id, file_name, uploaded_at FROM documents WHERE tender_id = $1 ORDER BY uploaded_at, id`, [tenderId]) as Promise<
      { id: string; file_name: string; uploaded_at: Date }[]
    >,
    t.bids_opened_at
      ? (em.query(`SELECT count(DISTINCT provider_id)::int AS n FROM bid_submissions WHERE tender_id = $1`, [tenderId]) as Promise<{ n: number }[]>)
      : Promise.resolve(null),
    em.query(
      `SELECT s.step, s.at, w."lotKey" AS lot_key, b.price::text AS price, p.id AS provider_id, p.name AS provider_name
         FROM award_steps s
         CROSS JOIN LATERAL jsonb_to_recordset(s.winners) AS w("lotKey" text, "bidId" uuid)
         JOIN bid_submissions b ON b.id = w."bidId"
         JOIN provider_organisations p ON p.id = b.provider_id
        WHERE s.tender_id = $1 AND s.step IN ('approved', 'awarded') ORDER BY s.at`,
      [tenderId],
    ) as Promise<{ step: 'approved' | 'awarded'; at: Date; lot_key: string; price: string; provider_id: string; provider_name: string }[]>,
    em.query(
      `SELECT c.id, c.lot_key, c.title, c.status, c.value::text AS value, c.currency, c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
              c.activated_at, p.id AS provider_id, p.name AS provider_name
         FROM contracts c JOIN provider_organisations p ON p.id = c.provider_id WHERE c.tender_id = $1 ORDER BY c.lot_key, c.id`,
      [tenderId],
    ) as Promise<
      {
        id: string;
        lot_key: string;
        title: string;
        status: ContractFacts['status'];
        value: string;
        currency: string;
        starts_on: string;
        ends_on: string;
        activated_at: Date | null;
        provider_id: string;
        provider_name: string;
      }[]
    >,
  ]);
  const buyer = { id: t.authority_id, name: t.authority_name };
  const tender: TenderFacts = {
    id: t.id,
    reference: t.reference,
    title: t.title,
    description: t.description,
    status: t.status,
    estimatedValue: t.estimated_value,
    currency: t.currency,
    publishedAt: iso(t.published_at),
    submissionDeadline: t.submission_deadline ? iso(t.submission_deadline) : null,
    buyer,
    // A document uploaded before publication was published with the tender.
    documents: documents.map((d) => ({
      id: d.id,
      title: d.file_name,
      url: `${baseUrl}/api/v1/public/tenders/${t.id}/documents/${d.id}`,
      datePublished: iso(new Date(Math.max(new Date(d.uploaded_at).getTime(), new Date(t.published_at).getTime()))),
    })),
    numberOfTenderers: tenderers ? tenderers[0].n : null,
  };
  const awards: AwardFacts[] = steps.map((s) => ({
    id: s.lot_key,
    title: t.title,
    status: s.step === 'awarded' ? 'active' : 'pending',
    date: iso(s.at),
    value: s.price,
    currency: t.currency,
    supplier: { id: s.provider_id, name: s.provider_name },
  }));
  return {
    tender,
    awards,
    contracts: contracts.map((c) => ({
      id: c.id,
      awardId: c.lot_key,
      title: c.title,
      status: c.status,
      value: c.value,
      currency: c.currency,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      dateSigned: c.activated_at ? iso(c.activated_at) : null,
      supplier: { id: c.provider_id, name: c.provider_name },
    })),
  };
}
