import { createHash } from 'node:crypto';
import { canonicalJson } from '#kernel';

/**
 * OCDS 1.1.5 releases built from what Commonweal records (docs/domain.md, "Accountability"): one
 * contracting process per tender (its ocid), a release for the tender, one for each award and one for each
 * contract. Each release's id is its tag and a hash of its content, so publishing the same facts twice
 * gives the same release (stored once) and a change gives a new one. Pure: facts in, releases out.
 * Money is published as OCDS asks, a JSON number, from the decimal to the penny.
 */
export const OCID_PREFIX_PATTERN = /^ocds-[a-z0-9]{6}$/;

export interface Party {
  id: string;
  name: string;
}
export interface TenderFacts {
  id: string;
  reference: string;
  title: string;
  description: string;
  status: 'published' | 'closed' | 'evaluation' | 'awarded' | 'no_award' | 'cancelled';
  estimatedValue: string | null;
  currency: string;
  publishedAt: string;
  submissionDeadline: string | null;
  buyer: Party;
  documents: { id: string; title: string; url: string; datePublished: string }[];
  numberOfTenderers: number | null;
}
export interface AwardFacts {
  /** The lot's key: one award per lot. */
  id: string;
  title: string;
  /** pending during standstill, active once made. */
  status: 'pending' | 'active';
  date: string;
  value: string;
  currency: string;
  supplier: Party;
}
export interface ContractFacts {
  id: string;
  awardId: string;
  title: string;
  status: 'pending' | 'active' | 'expired' | 'terminated';
  value: string;
  currency: string;
  startsOn: string;
  endsOn: string;
  dateSigned: string | null;
  supplier: Party;
}

export const ocidFor = (prefix: string, tenderId: string) => `${prefix}-${tenderId}`;

const TENDER_STATUS: Record<TenderFacts['status'], string> = {
  published: 'active',
  closed: 'active',
  evaluation: 'active',
  awarded: 'complete',
  no_award: 'unsuccessful',
  cancelled: 'cancelled',
};
const CONTRACT_STATUS: Record<ContractFacts['status'], string> = { pending: 'pending', active: 'active', expired: 'terminated', terminated: 'terminated' };

/** Money as OCDS asks: a JSON number, from the decimal, with its currency. */
export const amount = (decimal: string, currency: string) => ({ amount: Number(decimal), currency });
const party = (p: Party, roles: string[]) => ({ id: p.id, name: p.name, roles });
const ref = (p: Party) => ({ id: p.id, name: p.name });
/** A date as OCDS writes it: ISO 8601 with a time, in UTC. A calendar date is the start of its day. */
export const instant = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : new Date(d).toISOString().replace('.000Z', 'Z'));
/** The day of a date or an instant, as OCDS writes a day: its start, in UTC. */
export const day = (d: string) => `${d.slice(0, 10)}T00:00:00Z`;

export type Release = Record<string, unknown> & { ocid: string; id: string; date: string; tag: string[] };

export function release(ocid: string, tag: string, date: string, body: Record<string, unknown>): Release {
  return rehash({ ocid, date: instant(date), tag: [tag], initiationType: 'tender', ...body });
}

/** A release's content with its id: its tag and a hash of the content, so the same content has the same id. */
export function rehash(content: Record<string, unknown> & { ocid: string; tag: string[] }): Release {
  const digest = createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 16);
  return { ...content, id: `${content.ocid}-${content.tag[0]}-${digest}` } as Release;
}

export function tenderRelease(prefix: string, t: TenderFacts): Release {
  return release(ocidFor(prefix, t.id), t.status === 'cancelled' ? 'tenderCancellation' : 'tender', t.publishedAt, {
    parties: [party(t.buyer, ['buyer', 'procuringEntity'])],
    buyer: ref(t.buyer),
    tender: {
      id: t.reference,
      title: t.title,
      description: t.description,
      status: TENDER_STATUS[t.status],
      procuringEntity: ref(t.buyer),
      ...(t.estimatedValue !== null ? { value: amount(t.estimatedValue, t.currency) } : {}),
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
      awardCriteria: 'ratedCriteria',
      awardCriteriaDetails: 'Price, quality, social value and public character, weighted as the published evaluation model says',
      submissionMethod: ['electronicSubmission'],
      tenderPeriod: { startDate: instant(t.publishedAt), ...(t.submissionDeadline ? { endDate: instant(t.submissionDeadline) } : {}) },
      ...(t.numberOfTenderers !== null ? { numberOfTenderers: t.numberOfTenderers } : {}),
      documents: t.documents.map((d) => ({ id: d.id, documentType: 'tenderNotice', title: d.title, url: d.url, datePublished: instant(d.datePublished) })),
    },
  });
}

export function awardRelease(prefix: string, tender: TenderFacts, a: AwardFacts): Release {
  return release(ocidFor(prefix, tender.id), a.status === 'pending' ? 'award' : 'awardUpdate', a.date, {
    parties: [party(tender.buyer, ['buyer', 'procuringEntity']), party(a.supplier, ['supplier'])],
    buyer: ref(tender.buyer),
    awards: [{ id: a.id, title: a.title, status: a.status, date: instant(a.date), value: amount(a.value, a.currency), suppliers: [ref(a.supplier)] }],
  });
}

export function contractRelease(prefix: string, tender: TenderFacts, c: ContractFacts): Release {
  return release(
    ocidFor(prefix, tender.id),
    c.status === 'pending' ? 'contract' : c.status === 'active' ? 'contractUpdate' : 'contractTermination',
    c.dateSigned ?? c.startsOn,
    {
      parties: [party(tender.buyer, ['buyer', 'procuringEntity']), party(c.supplier, ['supplier'])],
      buyer: ref(tender.buyer),
      contracts: [
        {
          id: c.id,
          awardID: c.awardId,
          title: c.title,
          status: CONTRACT_STATUS[c.status],
          period: { startDate: instant(c.startsOn), endDate: instant(c.endsOn) },
          value: amount(c.value, c.currency),
          ...(c.dateSigned ? { dateSigned: instant(c.dateSigned) } : {}),
        },
      ],
    },
  );
}
