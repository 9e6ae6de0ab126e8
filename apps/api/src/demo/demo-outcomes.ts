import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import {
  type Contract,
  ContractPayment,
  expectedResult,
  OutcomeMetric,
  outcomePayment,
  OutcomeReport,
  OutcomeReview,
  OutcomeReviewExplanation,
  OutcomeValidation,
  periods,
  resultRate,
  targetFor,
  contractOutcomeCap,
  reviewRow,
  ContractChange,
  costImpact,
  extendedEnd,
} from '#contracts';
import { type DemoAssessment, type DemoKpi, seedAssessments, seedKpis } from './demo-kpis.js';
import { feeInstalments, paymentLine, settledBy } from './demo-payments.js';
import { addDays, londonToday } from '#kernel';
import { newId } from '#platform';
import { at } from './demo-clock.js';

const DAY = 86_400_000;

/** The demo's three outcomes: priced so that five years of them fit the contract's outcome budget (its value less its fixed fee). */
const METRICS = [
  {
    code: 'RO-1',
    title: 'No proven re-offending within 12 months',
    definition: 'People in the cohort with no proven re-offence in the 12 months after they start with the service',
    unit: 'person',
    baseline: '0.55',
    target: '0.62',
    measurement: 'Police National Computer match at 12 months, with 6 months for cases to close',
    validationMethod: 'Ministry of Justice Justice Data Lab match of the cohort list',
    dataSource: 'Police National Computer, through the Justice Data Lab',
    sharedWith: ['The Probation Service'],
    attributionShare: '0.6',
    pricePerUnit: '1000.00',
    periodCap: '30000.00',
    totalCap: '450000.00',
    contextModel: {
      source:
        'Illustrative: a linear fit of proven re-offending at 12 months against the cohort’s deprivation and age, on the authority’s five years before the contract',
      factors: [
        { key: 'deprivation_decile', label: 'Mean deprivation decile (1 most deprived)', reference: '5.0', coefficient: '0.02' },
        { key: 'aged_18_24', label: 'Share aged 18 to 24', reference: '0.30', coefficient: '-0.15' },
      ],
    },
  },
  {
    code: 'EMP-1',
    title: 'In sustained employment at 26 weeks',
    definition: 'People in paid work for at least 26 of the 30 weeks after they start',
    unit: 'person',
    baseline: '0.12',
    target: '0.20',
    measurement: 'Payroll records at 30 weeks',
    validationMethod: 'HMRC Real Time Information earnings match',
    dataSource: 'HMRC Real Time Information',
    sharedWith: [],
    attributionShare: '1',
    pricePerUnit: '800.00',
    periodCap: '12000.00',
    totalCap: '180000.00',
    contextModel: {
      source: 'Illustrative: the Department for Work and Pensions’ employment rates by deprivation decile',
      factors: [{ key: 'deprivation_decile', label: 'Mean deprivation decile (1 most deprived)', reference: '5.0', coefficient: '0.015' }],
    },
  },
  {
    code: 'HOU-1',
    title: 'In settled accommodation at 6 months',
    definition: 'People living in settled accommodation six months after they start',
    unit: 'person',
    baseline: '0.25',
    target: '0.35',
    measurement: 'Tenancy or licence in place at 6 months',
    validationMethod: 'Check against the housing options case record',
    dataSource: 'Northmere housing options case management system',
    sharedWith: ['Northmere Housing Options'],
    attributionShare: '0.5',
    pricePerUnit: '300.00',
    periodCap: '10000.00',
    totalCap: '150000.00',
    contextModel: null,
  },
] as const;

/** Each quarter's cohort and results, varied a little; two results fall short of what their cohort was expected to achieve. */
function quarter(n: number, code: string, lowRo: number): { cohort: number; achieved: number; population: Record<string, string> } {
  const cohort = 76 + ((n * 7) % 9);
  const decile = new Decimal(3 + ((n * 3) % 7) / 10).toFixed(1);
  const young = new Decimal(35 + ((n * 5) % 11)).div(100).toFixed(2);
  const rate = { 'RO-1': n === lowRo ? 0.5 : 0.58 + ((n * 3) % 5) / 100, 'EMP-1': n === 6 ? 0.11 : 0.18 + ((n * 2) % 5) / 100, 'HOU-1': 0.36 + (n % 4) / 100 }[
    code
  ]!;
  return {
    cohort,
    achieved: Math.round(cohort * rate),
    population: code === 'RO-1' ? { deprivation_decile: decile, aged_18_24: young } : code === 'EMP-1' ? { deprivation_decile: decile } : {},
  };
}

/**
 * Three years of the demo's outcome-based contract: three outcomes read in context, every ended quarter
 * reported by Brightpath and validated by the contract manager six weeks on (one adjusted), but the newest,
 * which awaits validation; the fixed fee's instalments and the outcome payments, paid until the latest;
 * employment fell short of what its cohort was expected to achieve in quarter 6 (reviewed: explained,
 * concluded with a £5,000 deduction), and re-offending in the latest validated quarter (under review,
 * explained, for the contract manager to conclude). Written with the contract's own rules.
 */
export async function seedOutcomes(em: EntityManager, c: Contract, staff: { contractManager: string; commissioner: string }, reporter: string): Promise<void> {
  const { contractManager } = staff;
  const today = londonToday();
  const quarters = periods(c.startsOn, c.endsOn, 'quarterly').filter((p) => p.endsOn < today);
  // Validated six weeks after each quarter ends, but the newest quarter's results, which await the contract manager.
  const newest = quarters.at(-1)!;
  const validatedBy = (p: { number: number; endsOn: string }) => p !== newest && addDays(p.endsOn, 45) < today;
  const lowRo = quarters.filter(validatedBy).at(-1)!.number;
  const line = paymentLine(c);
  const settled = settledBy(contractManager, today);
  const payments = feeInstalments(c, c.minimumFixedFee!, contractManager, today);

  let paidOnContract = new Decimal(0);
  for (const m of METRICS) {
    const metric: OutcomeMetric = {
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      ...m,
      frequency: 'quarterly',
      milestones: m.code === 'RO-1' ? [{ by: quarters[3].endsOn, target: '0.58' }] : [],
      sharedWith: [...m.sharedWith],
      contextModel: m.contextModel ? { source: m.contextModel.source, factors: [...m.contextModel.factors] } : null,
      createdBy: contractManager,
      createdAt: c.awardedAt,
      updatedAt: c.awardedAt,
      version: 1,
    };
    await em.insert(OutcomeMetric, metric);
    let paidOnMetric = new Decimal(0);
    for (const p of quarters) {
      if (m.code === 'HOU-1' && p === newest) continue; // not reported yet
      const q = quarter(p.number, m.code, lowRo);
      const report: OutcomeReport = {
        id: newId(),
        tenantId: c.tenantId,
        contractId: c.id,
        metricId: metric.id,
        providerId: c.providerId,
        period: p.number,
        periodStartsOn: p.startsOn,
        periodEndsOn: p.endsOn,
        cohort: q.cohort,
        achieved: q.achieved,
        population: q.population,
        narrative: `Quarterly return for ${p.startsOn} to ${p.endsOn} from the case management system; the cohort list was sent to the data source named in the contract.`,
        evidence: [],
        reportedBy: reporter,
        reportedAt: at(addDays(p.endsOn, 20)),
      };
      await em.insert(OutcomeReport, report);
      if (!validatedBy(p)) continue;
      const adjusted = m.code === 'RO-1' && p.number === 3;
      const units = adjusted ? q.achieved - 2 : q.achieved;
      const context = expectedResult(targetFor(metric, p.endsOn), metric.contextModel, q.population);
      const validation: OutcomeValidation = {
        id: newId(),
        tenantId: c.tenantId,
        reportId: report.id,
        providerId: c.providerId,
        decision: adjusted ? 'adjusted' : 'accepted',
        units,
        reason: adjusted ? 'Two of the cohort matched a later proven offence in the Justice Data Lab refresh' : null,
        target: context.target,
        expected: context.expected,
        resultRate: resultRate(units, q.cohort),
        effects: context.effects,
        validatedBy: contractManager,
        validatedAt: at(addDays(p.endsOn, 45)),
      };
      await em.insert(OutcomeValidation, validation);
      const pay = outcomePayment({
        units,
        pricePerUnit: metric.pricePerUnit!,
        attributionShare: metric.attributionShare,
        periodCap: metric.periodCap,
        metricCap: metric.totalCap,
        paidOnMetric: paidOnMetric.toFixed(2),
        contractCap: contractOutcomeCap(c),
        paidOnContract: paidOnContract.toFixed(2),
      });
      paidOnMetric = paidOnMetric.plus(pay.amount);
      paidOnContract = paidOnContract.plus(pay.amount);
      const dueOn = addDays(p.endsOn, 45);
      payments.push(
        line({
          kind: 'outcome',
          number: p.number,
          label: `${m.code} outcomes, period ${p.number} (${p.startsOn} to ${p.endsOn})`,
          dueOn,
          amount: pay.amount,
          earned: pay.earned,
          cappedBy: pay.cappedBy,
          metricId: metric.id,
          validationId: validation.id,
          ...settled(dueOn),
        }),
      );
      if (new Decimal(validation.resultRate!).gte(validation.expected!)) continue;
      // Below what this cohort was expected to achieve: a review, explained by the provider.
      const review = reviewRow(c, metric, { period: p.number }, validation);

      const concluded = m.code === 'EMP-1';
      if (concluded)
        Object.assign(review, {
          conclusion: 'deduction',
          conclusionNote:
            'The closure of the job centre explains part of the shortfall, not all of it: the employment adviser post was vacant for ten weeks of the quarter.',
          deduction: '5000.00',
          concludedBy: contractManager,
          concludedAt: new Date(validation.validatedAt.getTime() + 21 * DAY),
          version: 2,
        });
      await em.insert(OutcomeReview, review);
      await em.insert(OutcomeReviewExplanation, {
        tenantId: c.tenantId,
        reviewId: review.id,
        providerId: c.providerId,
        explanation: concluded
          ? 'The town centre job centre closed in the quarter and our employment adviser left; referrals to employers fell by half until the post was filled.'
          : 'Two approved premises closed in the quarter: half the cohort had nowhere settled to live, and the young adults among them were the most affected.',
        explainedBy: reporter,
        explainedAt: new Date(validation.validatedAt.getTime() + 12 * DAY),
      });
      if (concluded) {
        const on = londonToday(review.concludedAt!);
        payments.push(
          line({
            kind: 'deduction',
            number: p.number,
            label: `Deduction after the review of ${m.code}, period ${p.number}`,
            dueOn: on,
            amount: '5000.00',
            reviewId: review.id,
            reviewConclusion: 'deduction',
            ...settled(on),
          }),
        );
      }
    }
  }
  await em.insert(ContractPayment, payments);
  const kpis = await seedKpis(em, c, quarters, contractManager, KPIS);
  await seedAssessments(em, c, kpis, contractManager, ASSESSMENTS);
  await seedChanges(em, c, staff);
}

/**
 * Two variations and the extension option taken: a new data feed after probation was reunified (small,
 * signed by the contract manager), a women's service added (above the threshold, so approved by the
 * commissioner first), and the two-year option exercised this autumn (approved too). Each moved the
 * contract's value, and the extension its end: the savings erosion the auditors follow.
 */
async function seedChanges(em: EntityManager, c: Contract, staff: { contractManager: string; commissioner: string }) {
  const today = londonToday();
  const option = c.extensionOptions[0];
  let value = c.value;
  let endsOn = c.endsOn;
  const rows: ContractChange[] = [];
  const change = (
    over: Pick<ContractChange, 'kind' | 'classification' | 'rationale' | 'valueChange' | 'newEndsOn' | 'optionIndex' | 'signedOn'> & { approved: boolean },
  ) => {
    const impact = costImpact({ value, endsOn }, over.valueChange, over.newEndsOn);
    const signedAt = at(over.signedOn!, 15);
    rows.push({
      id: newId(),
      tenantId: c.tenantId,
      contractId: c.id,
      providerId: c.providerId,
      sequence: rows.length + 1,
      kind: over.kind,
      classification: over.classification,
      rationale: over.rationale,
      valueChange: impact.valueChange,
      newEndsOn: over.newEndsOn,
      optionIndex: over.optionIndex,
      needsApproval: over.approved,
      status: 'signed',
      proposedBy: staff.contractManager,
      proposedAt: new Date(signedAt.getTime() - 21 * DAY),
      approvedBy: over.approved ? staff.commissioner : null,
      approvedAt: over.approved ? new Date(signedAt.getTime() - 7 * DAY) : null,
      approvalNote: over.approved ? 'Approved by the commissioning board' : null,
      signedOn: over.signedOn,
      signedBy: staff.contractManager,
      signedAt,
      valueBefore: impact.valueBefore,
      valueAfter: impact.valueAfter,
      endsOnBefore: impact.endsOnBefore,
      endsOnAfter: impact.endsOnAfter,
      withdrawnBy: null,
      withdrawnAt: null,
      withdrawalReason: null,
      updatedAt: signedAt,
      version: over.approved ? 3 : 2,
    });
    value = impact.valueAfter;
    endsOn = impact.endsOnAfter;
  };
  change({
    kind: 'variation',
    classification: 'unforeseeable',
    rationale:
      'Probation services were reunified: referrals now arrive through the new national pathway, and the cohort list comes from its data feed, which the provider must connect to and reconcile each quarter.',
    valueChange: '45000.00',
    newEndsOn: null,
    optionIndex: null,
    signedOn: addDays(c.startsOn, 425),
    approved: false,
  });
  change({
    kind: 'variation',
    classification: 'additional_services',
    rationale:
      'A service for women leaving custody is added: the same keyworkers and premises, with two specialist workers; procuring it apart would have split the cohort.',
    valueChange: '180000.00',
    newEndsOn: null,
    optionIndex: null,
    signedOn: addDays(c.startsOn, 790),
    approved: true,
  });
  change({
    kind: 'extension',
    classification: 'provided_for',
    rationale: 'The outcomes are ahead of the comparator and the board wants continuity through the re-commissioning review.',
    valueChange: option.value,
    newEndsOn: extendedEnd(endsOn, option.months),
    optionIndex: 0,
    signedOn: addDays(today, -20),
    approved: true,
  });
  await em.insert(ContractChange, rows);
  await em.query('UPDATE contracts SET value = $3, ends_on = $4, version = version + 1 WHERE tenant_id = $1 AND id = $2', [c.tenantId, c.id, value, endsOn]);
}

/** Three KPIs set before signature, each measured every quarter since (a dip in the second year's waits). */
const KPIS: DemoKpi[] = [
  {
    code: 'KPI-1',
    title: 'Referrals seen within five working days',
    unit: 'per cent',
    direction: 'higher',
    good: '95',
    approaching: '90',
    requiresImprovement: '80',
    value: (n) => 89 + ((n * 7) % 9),
  },
  {
    code: 'KPI-2',
    title: 'Days from referral to first appointment',
    unit: 'days',
    direction: 'lower',
    good: '10',
    approaching: '15',
    requiresImprovement: '20',
    value: (n) => (n >= 5 && n <= 7 ? 16 : 8 + ((n * 3) % 5)),
  },
  {
    code: 'KPI-3',
    title: 'Cohort members with a support plan within 20 days',
    unit: 'per cent',
    direction: 'higher',
    good: '90',
    approaching: '80',
    requiresImprovement: '70',
    value: (n) => 82 + ((n * 5) % 11),
  },
];

/**
 * The two yearly performance assessments (s.71) made so far: the second year's waits for a first
 * appointment dipped, and the contract manager rated the year down from what the KPIs give, with the
 * reason. The third year's is due next.
 */
const ASSESSMENTS: DemoAssessment[] = [
  {
    summary:
      'A good first year: referrals were seen promptly and most of the cohort had a support plan within 20 days. The provider reported on time every quarter.',
  },
  {
    summary: 'Referrals and support plans held up, but waits for a first appointment rose from the second quarter when two approved premises closed.',
    ratedDown:
      'Waits for a first appointment were above target for three quarters running; the recovery plan agreed at the contract meeting has yet to show in the figures.',
  },
];
