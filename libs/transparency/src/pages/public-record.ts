import { Decimal } from 'decimal.js';

/**
 * A contracting process as the public pages show it, read from its compiled release and nothing else: what
 * the pages say is exactly what is published as open data, so nothing withheld from the data can show on a
 * page. Pure: a compiled release in, a page's view out. Money is summed as decimals from the published
 * amounts (pounds and pence).
 */
type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
/** An amount as a page shows it: pounds with thousands separated and pence, or the amount and its currency. */
export const shownMoney = (decimal: string, currency = 'GBP') => {
  const [whole, pence] = new Decimal(decimal).toFixed(2).split('.');
  const grouped = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence}`;
  return currency === 'GBP' ? (grouped.startsWith('-') ? `-£${grouped.slice(1)}` : `£${grouped}`) : `${grouped} ${currency}`;
};
const money = (v: unknown): string | null => {
  const { amount, currency } = obj(v);
  return amount === undefined ? null : shownMoney(String(amount), text(currency) || 'GBP');
};
/** A published date as a day (the pages show days; the data keeps the time). */
const day = (v: unknown): string => text(v).slice(0, 10);

/** How a rating shows: GOV.UK tag colours as the contract pages use them. */
const RATING_COLOUR: Record<string, string> = { met: 'green', slightlyBelow: 'yellow', below: 'orange', significantlyBelow: 'red' };
const TENDER_STATUS: Record<string, string> = {
  active: 'Open or being evaluated',
  complete: 'Awarded',
  unsuccessful: 'Not awarded',
  cancelled: 'Cancelled',
};
const MILESTONE_STATUS: Record<string, string> = { scheduled: 'To come', met: 'Met', notMet: 'Not met', partiallyMet: 'Partly met' };
const CONTRACT_STATUS: Record<string, string> = { pending: 'Awarded, not yet signed', active: 'Running', terminated: 'Ended' };

const rating = (o: Obj) => {
  const c = obj(o.measureClassification);
  return c.id ? { text: text(c.description), colour: RATING_COLOUR[text(c.id)] ?? 'grey' } : null;
};
/** A rate (0.2048) as a page shows it (20.5%). */
const percent = (v: unknown) =>
  v === undefined || v === null || v === '' ? 'Not given' : `${new Decimal(String(v)).times(100).toDecimalPlaces(1).toString()}%`;
const period = (o: Obj) => {
  const p = obj(o.period);
  return p.startDate ? `${day(p.startDate)} to ${day(p.endDate)}` : p.endDate ? `to ${day(p.endDate)}` : '';
};

export interface PublicContractView {
  id: string;
  title: string;
  supplier: string;
  status: string;
  value: string | null;
  startsOn: string;
  endsOn: string;
  signedOn: string;
  amendments: { date: string; rationale: string; description: string }[];
  paid: { total: string; count: number; last: string | null };
  /** Payments due and interim targets, each with whether it was met. */
  milestones: { title: string; description: string; due: string; status: string; colour: string }[];
  kpis: { title: string; target: string; unit: string; latest: { measure: string; period: string; rating: ReturnType<typeof rating> } | null; count: number }[];
  outcomes: { title: string; target: string; results: { period: string; rate: string; cohort: string; validation: string }[] }[];
  assessments: { period: string; rating: ReturnType<typeof rating>; summary: string }[];
  socialValue: { title: string; unit: string; committed: string; committedValue: string | null; delivered: string }[];
}

function contractView(c: Obj, supplierOf: (awardId: string) => string): PublicContractView {
  const implementation = obj(c.implementation);
  const metrics = list(implementation.metrics);
  const agreed = list(c.agreedMetrics);
  const actual = (id: string) => list(metrics.find((m) => m.id === id)?.observations);
  const transactions = list(implementation.transactions);
  const kpis = agreed.filter((m) => text(m.id).startsWith('kpi-'));
  const outcomes = agreed.filter((m) => text(m.id).startsWith('outcome-'));
  const socialValue = agreed.filter((m) => text(m.id).startsWith('social-value-'));
  return {
    id: text(c.id),
    title: text(c.title),
    supplier: supplierOf(text(c.awardID)),
    status: CONTRACT_STATUS[text(c.status)] ?? text(c.status),
    value: money(c.value),
    startsOn: day(obj(c.period).startDate),
    endsOn: day(obj(c.period).endDate),
    signedOn: day(c.dateSigned),
    amendments: list(c.amendments).map((a) => ({ date: day(a.date), rationale: text(a.rationale), description: text(a.description) })),
    paid: {
      total: shownMoney(
        transactions.reduce((sum, t) => sum.plus(String(obj(t.value).amount ?? 0)), new Decimal(0)).toFixed(2),
        text(obj(c.value).currency) || 'GBP',
      ),
      count: transactions.length,
      last: transactions.length
        ? day(
            transactions
              .map((t) => text(t.date))
              .sort()
              .at(-1),
          )
        : null,
    },
    milestones: list(implementation.milestones).map((m) => ({
      title: text(m.title),
      description: text(m.description),
      due: day(m.dueDate),
      status: MILESTONE_STATUS[text(m.status)] ?? text(m.status),
      colour: text(m.status) === 'met' ? 'green' : text(m.status) === 'notMet' ? 'red' : 'grey',
    })),
    kpis: kpis.map((k) => {
      const target = obj(list(k.observations)[0]);
      const observed = actual(text(k.id));
      const last = observed.at(-1);
      return {
        title: text(k.title),
        target: text(target.measure),
        unit: text(obj(target.unit).name),
        latest: last ? { measure: text(last.measure), period: period(last), rating: rating(last) } : null,
        count: observed.length,
      };
    }),
    outcomes: outcomes.map((o) => ({
      title: text(o.title),
      target: percent(obj(list(o.observations)[0]).measure),
      results: actual(text(o.id)).map((r) => ({
        period: period(r),
        rate: percent(r.measure),
        cohort: text(obj(r.dimensions).cohort),
        validation: text(obj(r.dimensions).validation),
      })),
    })),
    assessments: actual('performance-assessment').map((a) => ({ period: period(a), rating: rating(a), summary: text(a.notes) })),
    socialValue: socialValue.map((s) => {
      const committed = obj(list(s.observations)[0]);
      return {
        title: text(s.title),
        unit: text(obj(committed.unit).name),
        committed: text(committed.measure),
        committedValue: money(committed.value),
        delivered: actual(text(s.id))
          .reduce((sum, d) => sum.plus(String(d.measure ?? 0)), new Decimal(0))
          .toFixed(),
      };
    }),
  };
}

/** One process's page: the tender, who won and for how much, and each contract with how it performs. */
export function publicRecordView(ocid: string, compiled: Obj, now = new Date().toISOString()) {
  const tender = obj(compiled.tender);
  const awards = list(compiled.awards);
  const supplierOf = (awardId: string) =>
    list(awards.find((a) => text(a.id) === awardId)?.suppliers)
      .map((s) => text(s.name))
      .join(', ');
  return {
    ocid,
    title: text(tender.title),
    reference: text(tender.id),
    description: text(tender.description),
    buyer: text(obj(compiled.buyer).name),
    status: TENDER_STATUS[text(tender.status)] ?? text(tender.status),
    estimatedValue: money(tender.value),
    deadline: day(obj(tender.tenderPeriod).endDate),
    numberOfTenderers: tender.numberOfTenderers === undefined ? null : Number(tender.numberOfTenderers),
    documents: list(tender.documents).map((d) => ({ title: text(d.title), url: text(d.url) })),
    awards: awards.map((a) => ({
      lot: text(a.id),
      supplier: list(a.suppliers)
        .map((s) => text(s.name))
        .join(', '),
      value: money(a.value),
      date: day(a.date),
      status: text(a.status) === 'active' ? 'Awarded' : 'In standstill',
    })),
    // The commissioning behind it: what the service is for, the engagement with the people it serves, the decision to tender.
    planning: compiled.planning
      ? {
          rationale: text(obj(compiled.planning).rationale).split('\n\n'),
          milestones: list(obj(compiled.planning).milestones).map((m) => ({
            title: text(m.title),
            description: text(m.description),
            when: day(m.dateMet ?? m.dueDate),
            status: MILESTONE_STATUS[text(m.status)] ?? text(m.status),
          })),
        }
      : null,
    contracts: list(compiled.contracts).map((c) => contractView(c, supplierOf)),
    // What the authority withholds, or did until a day now past: said where the data would be.
    withheld: list(compiled.withheldInformation).map((w) => {
      const until = day(w.availabilityDate);
      const ground = obj(list(w.rationaleClassifications)[0]);
      return {
        name: text(w.name),
        ground: text(ground.description),
        rationale: text(w.rationale),
        until: until && text(w.availabilityDate) <= now ? `Withheld until ${until}, now published` : until ? `Withheld until ${until}` : 'Withheld',
      };
    }),
  };
}
export type PublicRecordView = ReturnType<typeof publicRecordView>;

/** A process as one row of its authority's list: its stage, who won, for how much, and when it last changed. */
export function publicProcessRow(ocid: string, compiled: Obj) {
  const v = publicRecordView(ocid, compiled);
  const contract = v.contracts[0];
  const award = v.awards[0];
  return {
    ocid,
    title: v.title,
    reference: v.reference,
    stage: contract ? `Contract: ${contract.status.toLowerCase()}` : award ? `Award: ${award.status.toLowerCase()}` : `Tender: ${v.status.toLowerCase()}`,
    supplier: contract?.supplier ?? award?.supplier ?? '',
    value: contract?.value ?? award?.value ?? v.estimatedValue,
    updated: day(compiled.date),
  };
}
