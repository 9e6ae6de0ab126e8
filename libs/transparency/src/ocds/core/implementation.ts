import { Decimal } from 'decimal.js';
import { amount, type ContractFacts, day, instant, ocidFor, type Party, type Release, release, type TenderFacts } from './releases.js';

/**
 * What a contract has done since it was signed, as OCDS 1.1.5 publishes it (docs/domain.md, "Accountability"):
 * its signed variations and extensions as `contractAmendment` releases, and its implementation as one
 * `implementation` release that grows with it: payments made as transactions; KPI measurements, validated
 * outcome results and social value delivered as the metrics extension's observations, against what was
 * agreed (`agreedMetrics`); performance assessments' ratings as each observation's `measureClassification`
 * (our field beside the extension: OCDS has no codelist for a rating). Pure: facts in, releases out.
 */
export const METRICS_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/master/extension.json';
/** The scheme of a rating's classification: the four ratings of the Procurement Act 2023's KPIs (s.52). */
export const RATING_SCHEME = 'UK-PA2023-KPI-rating';

export interface Rating {
  /** Its code (OCDS has none: ours, kept beside each rating in the contracts context). */
  code: string;
  name: string;
}
export interface AmendmentFacts {
  id: string;
  /** When it was signed (the record's time), and the day it took effect. */
  signedAt: string;
  kind: 'variation' | 'extension';
  rationale: string;
  classification: string;
  valueBefore: string;
  valueAfter: string;
  endsOnAfter: string;
}
export interface ImplementationFacts {
  transactions: { id: string; paidOn: string; amount: string }[];
  /** The payment schedule: every instalment and outcome payment, paid or not, as payment milestones. */
  schedule: { id: string; label: string; kind: 'fixed_fee' | 'outcome'; dueOn: string; amount: string; paidOn: string | null }[];
  kpis: {
    code: string;
    title: string;
    unit: string;
    direction: 'higher' | 'lower';
    good: string;
    measurements: { id: string; periodEndsOn: string; value: string; rating: Rating; recordedAt: string }[];
  }[];
  outcomes: {
    code: string;
    title: string;
    baseline: string;
    target: string;
    /** Interim targets: the rate expected by a day, before the final target. */
    milestones: { by: string; target: string }[];
    results: {
      id: string;
      periodStartsOn: string;
      periodEndsOn: string;
      cohort: number;
      units: number;
      rate: string | null;
      /** The rate expected of the period, its target read in context; null when the report was rejected. */
      expected: string | null;
      decision: string;
      validatedAt: string;
    }[];
  }[];
  assessments: { id: string; sequence: number; occasion: string; periodFrom: string; periodTo: string; rating: Rating; summary: string; assessedAt: string }[];
  socialValue: {
    id: string;
    code: string;
    title: string;
    unit: string;
    committed: string;
    committedValue: string;
    currency: string;
    /** Delivery reports the contract manager accepted. */
    delivered: { id: string; year: number; quantity: string; acceptedAt: string }[];
  }[];
}
export interface ContractStory {
  amendments: AmendmentFacts[];
  implementation: ImplementationFacts;
}

const latest = (dates: string[]) => dates.reduce((a, b) => (a > b ? a : b));
const classification = (r: Rating) => ({ scheme: RATING_SCHEME, id: r.code, description: r.name });

/** One release per signed change, in the order signed: the contract's value and end date after it, and the amendment. */
export function amendmentReleases(prefix: string, tender: TenderFacts, c: ContractFacts, amendments: AmendmentFacts[]): Release[] {
  return amendments.map((a) =>
    release(ocidFor(prefix, tender.id), 'contractAmendment', a.signedAt, {
      buyer: { id: tender.buyer.id, name: tender.buyer.name },
      contracts: [
        {
          id: c.id,
          awardID: c.awardId,
          value: amount(a.valueAfter, c.currency),
          period: { endDate: day(a.endsOnAfter) },
          amendments: [
            {
              id: a.id,
              date: instant(a.signedAt),
              rationale: a.rationale,
              description: `${a.kind === 'extension' ? 'Extension' : 'Variation'} (${a.classification}): value ${a.valueBefore} to ${a.valueAfter} ${c.currency}, to end on ${a.endsOnAfter}`,
            },
          ],
        },
      ],
    }),
  );
}

/** The contract's implementation as it stands, or null while nothing has happened: dated by its latest fact. */
export function implementationRelease(prefix: string, tender: TenderFacts, c: ContractFacts, f: ImplementationFacts): Release | null {
  const dates = [
    ...f.transactions.map((t) => day(t.paidOn)),
    ...f.kpis.flatMap((k) => k.measurements.map((m) => m.recordedAt)),
    ...f.outcomes.flatMap((o) => o.results.map((r) => r.validatedAt)),
    ...f.assessments.map((a) => a.assessedAt),
    ...f.socialValue.flatMap((s) => s.delivered.map((d) => d.acceptedAt)),
  ].map(instant);
  const milestones = c.dateSigned ? implementationMilestones(f, c.currency) : [];
  // The schedule and the interim targets are known from signature: published from then, dated then if nothing has happened.
  if (milestones.length) dates.push(instant(c.dateSigned!));
  if (!dates.length) return null;
  const payer = partyRef(tender.buyer);
  const payee = partyRef(c.supplier);
  const agreedMetrics = [
    ...f.kpis.map((k) => ({
      id: `kpi-${k.code}`,
      title: k.title,
      description: `Key performance indicator: ${k.direction === 'higher' ? 'more' : 'less'} is better; good at ${k.good} ${k.unit}`,
      observations: [{ id: `kpi-${k.code}-target`, measure: Number(k.good), unit: { name: k.unit } }],
    })),
    ...f.outcomes.map((o) => ({
      id: `outcome-${o.code}`,
      title: o.title,
      description: `Outcome paid for: baseline rate ${o.baseline}`,
      observations: [{ id: `outcome-${o.code}-target`, measure: Number(o.target), unit: { name: 'rate' } }],
    })),
    ...f.socialValue.map((s) => ({
      id: `social-value-${s.id}`,
      title: s.title,
      description: `Social value committed in the winning bid (${s.code})`,
      observations: [
        { id: `social-value-${s.id}-committed`, measure: Number(s.committed), unit: { name: s.unit }, value: amount(s.committedValue, s.currency) },
      ],
    })),
  ];
  const metrics = [
    ...f.kpis
      .filter((k) => k.measurements.length)
      .map((k) => ({
        id: `kpi-${k.code}`,
        title: k.title,
        observations: k.measurements.map((m) => ({
          id: m.id,
          period: { endDate: day(m.periodEndsOn) },
          measure: Number(m.value),
          unit: { name: k.unit },
          measureClassification: classification(m.rating),
        })),
      })),
    ...f.outcomes
      .filter((o) => o.results.length)
      .map((o) => ({
        id: `outcome-${o.code}`,
        title: o.title,
        observations: o.results.map((r) => ({
          id: r.id,
          period: { startDate: day(r.periodStartsOn), endDate: day(r.periodEndsOn) },
          ...(r.rate !== null ? { measure: Number(r.rate) } : {}),
          unit: { name: 'rate' },
          dimensions: { cohort: r.cohort, unitsPaidFor: r.units, validation: r.decision },
        })),
      })),
    ...f.socialValue
      .filter((s) => s.delivered.length)
      .map((s) => ({
        id: `social-value-${s.id}`,
        title: s.title,
        observations: s.delivered.map((d) => ({ id: d.id, measure: Number(d.quantity), unit: { name: s.unit }, dimensions: { contractYear: d.year } })),
      })),
    ...(f.assessments.length
      ? [
          {
            id: 'performance-assessment',
            title: 'Performance assessment (Procurement Act 2023 s.71)',
            observations: f.assessments.map((a) => ({
              id: a.id,
              period: { startDate: day(a.periodFrom), endDate: day(a.periodTo) },
              measure: a.rating.name,
              measureClassification: classification(a.rating),
              dimensions: { occasion: a.occasion, sequence: a.sequence },
              notes: a.summary,
            })),
          },
        ]
      : []),
  ];
  return release(ocidFor(prefix, tender.id), 'implementation', latest(dates), {
    buyer: payer,
    contracts: [
      {
        id: c.id,
        awardID: c.awardId,
        ...(agreedMetrics.length ? { agreedMetrics } : {}),
        implementation: {
          transactions: f.transactions.map((t) => ({ id: t.id, date: day(t.paidOn), value: amount(t.amount, c.currency), payer, payee })),
          ...(milestones.length ? { milestones } : {}),
          ...(metrics.length ? { metrics } : {}),
        },
      },
    ],
  });
}

const partyRef = (p: Party) => ({ id: p.id, name: p.name });

/** The code of an outcome's interim target among a contract's milestones (what withholding its agreed terms leaves out). */
export const OUTCOME_TARGET = 'outcomeTarget';

/**
 * A contract's milestones as OCDS 1.1.5 publishes them: each payment of its schedule (met once paid, on the day
 * it was paid, which is then among the transactions), and each outcome's interim targets (met or not met as
 * the authority's validation of the last period ending by that day judged it: its rate against the rate
 * expected of it, the target read in context; scheduled until then). No status follows from the clock alone:
 * a milestone changes when something is recorded, so the same facts always publish the same release.
 */
export function implementationMilestones(f: ImplementationFacts, currency: string) {
  const payments = f.schedule.map((p) => ({
    id: `payment-${p.id}`,
    title: p.label,
    type: 'payment',
    description: `${p.kind === 'outcome' ? 'Outcome payment' : 'Fixed fee'} of ${new Decimal(p.amount).toFixed(2)} ${currency}`,
    dueDate: day(p.dueOn),
    status: p.paidOn ? 'met' : 'scheduled',
    ...(p.paidOn ? { dateMet: day(p.paidOn) } : {}),
  }));
  const targets = f.outcomes.flatMap((o) =>
    [...o.milestones]
      .sort((a, b) => a.by.localeCompare(b.by))
      .map((m, i, all) => {
        const after = i ? all[i - 1].by : '';
        const judged = o.results.filter((r) => r.rate !== null && r.expected !== null && r.periodEndsOn > after && r.periodEndsOn <= m.by).at(-1);
        const met = judged ? !new Decimal(judged.rate!).lt(judged.expected!) : false;
        return {
          id: `outcome-${o.code}-by-${m.by}`,
          title: `${o.title}: interim target`,
          type: 'delivery',
          code: OUTCOME_TARGET,
          description: `A rate of ${m.target} by ${m.by}, read in context`,
          dueDate: day(m.by),
          status: judged ? (met ? 'met' : 'notMet') : 'scheduled',
          ...(judged ? { dateModified: instant(judged.validatedAt), ...(met ? { dateMet: day(judged.periodEndsOn) } : {}) } : {}),
        };
      }),
  );
  return [...payments, ...targets];
}
