import type { EntityManager } from 'typeorm';
import { Decimal } from 'decimal.js';
import { type Contract, ContractChange, ContractPayment } from '#contracts';
import { changeEntry, CoproductionInputRow, CostEntry, type EventEntry, paymentEntry, signatureEntry, staffTimeAmount } from '#costs';
import { addDays, addMonths, londonToday } from '#kernel';
import { newId } from '#platform';
import { Tender } from '#tendering';
import { at } from './demo-clock.js';

/**
 * A demo contract's whole-life cost ledger (issue 15, item 9): its cycle's development and procurement
 * costs before the award, the entries its own events wrote (the signature, each signed change, each
 * payment recorded paid: the same pure mapping the services use), and the costs of managing it, recorded
 * by the contract manager since: staff time on validation and monitoring each quarter, and the rest.
 */
export interface DemoCost {
  /** Days from the award (negative before it). */
  day: number;
  amount?: string;
  /** Staff time: hours at a rate (the amount is their product). */
  hours?: string;
  hourlyRate?: string;
  phase: EventEntry['phase'];
  classification: string;
  description: string;
  bearer?: EventEntry['bearer'];
}

export interface DemoLedger {
  /** Before the award, on the commissioning cycle's ledger. */
  cycle: DemoCost[];
  /** After it, on the contract's. */
  contract: DemoCost[];
  /** Staff time each quarter of the contract so far, on the quarter's last day. */
  quarterly: Omit<DemoCost, 'day'>[];
  /** Citizens' inputs, days from the award. */
  coproduction?: { day: number; kind: 'individual' | 'collective'; hours: string; people: number; description: string }[];
}

export async function seedLedger(em: EntityManager, c: Contract, ledger: DemoLedger, contractManager: string, commissioner: string): Promise<void> {
  const today = londonToday();
  const awardedOn = londonToday(c.awardedAt);
  const { cycleId } = await em.findOneByOrFail(Tender, { id: c.tenderId });
  const base = { id: '', tenantId: c.tenantId, hours: null, hourlyRate: null, paymentId: null, changeId: null, reverses: null, reason: null, importId: null };
  const rows: CostEntry[] = [];
  const push = (
    owner: { contractId: string | null; cycleId: string | null },
    e: EventEntry,
    source: CostEntry['source'],
    by: string | null,
    extra: Partial<CostEntry> = {},
  ) => rows.push({ ...base, ...owner, ...e, id: newId(), source, recordedBy: by, recordedAt: at(e.occurredOn, 16), ...extra } as CostEntry);
  const entered = (cost: DemoCost, occurredOn: string): EventEntry => ({
    basis: 'actual',
    occurredOn,
    amount: cost.hours ? staffTimeAmount(cost.hours, cost.hourlyRate!).toFixed(2) : new Decimal(cost.amount!).toFixed(2),
    bearer: cost.bearer ?? 'authority',
    type: cost.hours ? 'staff_time' : 'purchased',
    phase: cost.phase,
    classification: cost.classification,
    hours: cost.hours ?? null,
    hourlyRate: cost.hourlyRate ?? null,
    description: cost.description,
  });
  const onDay = (d: number) => addDays(awardedOn, d);

  for (const cost of ledger.cycle) push({ contractId: null, cycleId }, entered(cost, onDay(cost.day)), 'entered', commissioner);
  const own = { contractId: c.id, cycleId: null };
  push(own, signatureEntry(c, londonToday(c.activatedAt!)), 'signature', null);
  for (const ch of await em.find(ContractChange, { where: { contractId: c.id, status: 'signed' }, order: { sequence: 'ASC' } }))
    push(own, changeEntry(c, { ...ch, signedOn: ch.signedOn!, valueBefore: ch.valueBefore!, valueAfter: ch.valueAfter! }), 'change', null, { changeId: ch.id });
  for (const p of await em.find(ContractPayment, { where: { contractId: c.id, status: 'paid' } }))
    push(own, paymentEntry(p, p.paidOn!), 'payment', null, { paymentId: p.id });
  for (const cost of ledger.contract.filter((x) => onDay(x.day) <= today)) push(own, entered(cost, onDay(cost.day)), 'entered', contractManager);
  for (let q = 1; addDays(addMonths(c.startsOn, 3 * q), -1) < today; q++)
    for (const cost of ledger.quarterly) push(own, entered({ ...cost, day: 0 }, addDays(addMonths(c.startsOn, 3 * q), -1)), 'entered', contractManager);
  await em.insert(CostEntry, rows);
  const citizens = (ledger.coproduction ?? []).filter((x) => onDay(x.day) <= today);
  if (citizens.length)
    await em.insert(
      CoproductionInputRow,
      citizens.map((x) => ({
        id: newId(),
        tenantId: c.tenantId,
        contractId: c.id,
        occurredOn: onDay(x.day),
        kind: x.kind,
        hours: x.hours,
        people: x.people,
        description: x.description,
        recordedBy: contractManager,
        recordedAt: at(onDay(x.day), 17),
      })),
    );
}

const staff = (hours: string, hourlyRate: string) => ({ hours, hourlyRate });

/**
 * The re-offending contract's: a business case, a feasibility study, market engagement and legal advice
 * before the outcomes contract was designed and tendered; since the award, the data-sharing agreement,
 * the independent evaluation each year, renegotiating each variation and the extension, and validating
 * each quarter's outcome returns and monitoring the service. What the saving claimed at award did not count.
 */
export const REOFFENDING_LEDGER: DemoLedger = {
  cycle: [
    { day: -420, ...staff('60.00', '41.20'), phase: 'development', classification: 'business-case', description: 'Business case for an outcomes partnership' },
    {
      day: -380,
      amount: '18500.00',
      phase: 'development',
      classification: 'feasibility-study',
      description: 'Feasibility study: the cohort, the data and the comparator',
    },
    {
      day: -300,
      amount: '3200.00',
      phase: 'development',
      classification: 'market-engagement',
      description: 'Two market engagement events with providers and probation',
    },
    { day: -250, amount: '7800.00', phase: 'development', classification: 'early-legal-advice', description: 'Early legal advice on paying for outcomes' },
    {
      day: -200,
      amount: '42000.00',
      phase: 'procurement',
      classification: 'contract-design-advice',
      description: 'Outcomes contract design: metrics, prices, caps and the context model',
    },
    {
      day: -90,
      ...staff('320.00', '38.60'),
      phase: 'procurement',
      classification: 'procurement-costs',
      description: 'Procurement team: the tender, clarifications, bids opened',
    },
    {
      day: -30,
      ...staff('96.00', '44.10'),
      phase: 'procurement',
      classification: 'procurement-costs',
      description: 'Evaluation panel: marking and moderation',
    },
  ],
  contract: [
    {
      day: 45,
      amount: '6400.00',
      phase: 'procurement',
      classification: 'contract-design-advice',
      description: 'Data-sharing agreement with the police and probation',
    },
    { day: 365, amount: '24000.00', phase: 'operational', classification: 'evaluation-learning', description: 'Independent evaluation, year 1' },
    {
      day: 420,
      ...staff('40.00', '41.20'),
      phase: 'operational',
      classification: 'enforcement',
      description: 'Negotiating variation 1: the new referral pathway',
    },
    { day: 540, amount: '2750.00', phase: 'operational', classification: 'quality-audit', description: 'Audit of case files and premises' },
    { day: 730, amount: '24000.00', phase: 'operational', classification: 'evaluation-learning', description: 'Independent evaluation, year 2' },
    { day: 770, ...staff('85.00', '41.20'), phase: 'operational', classification: 'enforcement', description: 'Negotiating variation 2: the women’s service' },
    { day: 785, amount: '9600.00', phase: 'operational', classification: 'enforcement', description: 'Legal advice on adding the women’s service' },
    { day: 1080, ...staff('30.00', '44.10'), phase: 'operational', classification: 'enforcement', description: 'Board review of the extension option' },
  ],
  coproduction: [
    { day: 200, kind: 'individual', hours: '640.00', people: 14, description: 'Peer mentors with lived experience, first six months' },
    { day: 380, kind: 'collective', hours: '96.00', people: 18, description: 'Community panel on where the hostel places go' },
    { day: 560, kind: 'individual', hours: '1120.00', people: 22, description: 'Peer mentors, the following year' },
    { day: 930, kind: 'individual', hours: '1240.00', people: 25, description: 'Peer mentors, the third year' },
  ],
  quarterly: [
    {
      ...staff('22.00', '38.60'),
      phase: 'operational',
      classification: 'outcome-validation',
      description: 'Validating the quarter’s outcome returns against police data',
    },
    { ...staff('8.00', '38.60'), phase: 'operational', classification: 'quality-audit', description: 'Monitoring meeting and KPI returns' },
  ],
};

/** The falls contract's: a short business case and a simple tender, then an hour or two a quarter on its KPIs. Its saving holds. */
export const FALLS_LEDGER: DemoLedger = {
  cycle: [
    { day: -260, ...staff('24.00', '39.80'), phase: 'development', classification: 'business-case', description: 'Business case: classes in community venues' },
    {
      day: -220,
      amount: '1200.00',
      phase: 'development',
      classification: 'market-engagement',
      description: 'Market engagement morning with community organisations',
    },
    {
      day: -120,
      ...staff('60.00', '38.60'),
      phase: 'procurement',
      classification: 'procurement-costs',
      description: 'Procurement team: the tender and its evaluation',
    },
    { day: -100, amount: '2400.00', phase: 'procurement', classification: 'contract-design-advice', description: 'Legal review of the contract terms' },
  ],
  contract: [],
  quarterly: [
    { ...staff('6.00', '32.40'), phase: 'operational', classification: 'quality-audit', description: 'KPI returns checked and the quarterly meeting' },
  ],
};
