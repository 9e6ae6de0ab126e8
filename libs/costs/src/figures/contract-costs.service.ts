import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import { DeliveryDecision } from '#commissioning';
import { Contract, ContractChange, ContractPayment, Contracts, OutcomeMetric, OutcomeReport, OutcomeValidation } from '#contracts';
import { londonToday } from '#kernel';
import { RequestDb } from '#platform';
import { Tender } from '#tendering';
import { type BundleEntry, type CostBundle, costFigures } from '../core/cost-bundle.js';
import { apportioned } from '../core/figures.js';
import type { CostEntry } from '../ledger/cost-entry.entity.js';
import { Ledgers } from '../ledger/ledgers.service.js';
import { CostSettingsInForce } from '../settings/cost-settings.service.js';
import { Coproduction } from '../coproduction/coproduction.service.js';

const bundleEntry = (e: CostEntry, fromCycle: boolean): BundleEntry => ({
  id: e.id,
  occurredOn: e.occurredOn,
  amount: e.amount,
  basis: e.basis,
  bearer: e.bearer,
  type: e.type,
  phase: e.phase,
  classification: e.classification,
  hours: e.hours,
  hourlyRate: e.hourlyRate,
  description: e.description,
  source: e.source,
  fromCycle,
});

/**
 * One contract's whole-life cost (issue 15, items 4 and 7): its bundle (its ledger with its share of its
 * commissioning cycle's, the authority's settings, the in-house comparator from the cycle's delivery
 * decision, its changes, schedule and options), and the figures the pure core computes from it, which
 * `npx commonweal wlc` computes the same from the exported bundle.
 */
@Injectable()
export class ContractCosts {
  constructor(
    private readonly db: RequestDb,
    private readonly contracts: Contracts,
    private readonly ledgers: Ledgers,
    private readonly settings: CostSettingsInForce,
    private readonly coproduction: Coproduction,
  ) {}

  async figures(contractId: string) {
    return costFigures(await this.bundle(contractId));
  }

  async bundle(contractId: string): Promise<CostBundle> {
    const em = this.db.manager;
    const c = await this.contracts.find(contractId);
    const asOf = londonToday();
    const settings = await this.settings.current();
    const tender = await em.findOne(Tender, { where: { id: c.tenderId }, select: { id: true, cycleId: true } });
    const cycleId = tender?.cycleId ?? null;
    const share = cycleId ? await this.cycleShare(c, cycleId) : null;
    const cycleEntries = cycleId && share ? apportioned(await this.ledgers.all({ cycleId }), share) : [];
    const own = await this.ledgers.all({ contractId: c.id });
    const changes = await em.find(ContractChange, { where: { contractId: c.id, status: 'signed' }, order: { sequence: 'ASC' } });
    const payments = await em.find(ContractPayment, { where: { contractId: c.id }, order: { dueOn: 'ASC', number: 'ASC' } });
    const decision = cycleId ? await em.findOne(DeliveryDecision, { where: { cycleId }, order: { version: 'DESC' } }) : null;
    const taken = new Set(changes.filter((ch) => ch.kind === 'extension').map((ch) => ch.optionIndex));
    return {
      format: 'commonweal-cost-bundle/1',
      asOf,
      contract: {
        id: c.id,
        reference: c.reference,
        title: c.title,
        status: c.status,
        awardedOn: londonToday(c.awardedAt),
        startsOn: c.startsOn,
        endsOnAtAward: changes[0]?.endsOnBefore ?? c.endsOn,
        endsOn: c.endsOn,
        awardedValue: c.awardedValue,
        value: c.value,
      },
      settings: { source: settings.source, version: settings.version, deflators: [...settings.deflators], discountSchedule: [...settings.discountSchedule] },
      comparator: decision ? { cycleId: decision.cycleId, cost: decision.inHouseComparatorCost, lengthMonths: decision.decision.contract.lengthMonths } : null,
      cycleShare: cycleId && share ? { cycleId, ...share } : null,
      entries: [...cycleEntries.map((e) => bundleEntry(e, true)), ...own.map((e) => bundleEntry(e, false))],
      changes: changes.map((ch) => ({
        sequence: ch.sequence,
        kind: ch.kind,
        signedOn: ch.signedOn!,
        valueChange: ch.valueChange,
        endsOnAfter: ch.endsOnAfter!,
      })),
      schedule: payments.map((p) => ({
        dueOn: p.dueOn,
        amount: p.kind === 'deduction' ? new Decimal(p.amount).negated().toFixed(2) : p.amount,
        paid: p.status === 'paid',
      })),
      // The options still open: not taken, and not past the day they had to be decided by.
      options: c.extensionOptions.filter((o, i) => !taken.has(i) && o.decideBy >= asOf).map((o) => ({ months: o.months, value: o.value })),
      coproduction: {
        shadowWageRate: settings.shadowWageRate,
        inputs: (await this.coproduction.all(c.id)).map((x) => ({
          occurredOn: x.occurredOn,
          kind: x.kind,
          hours: x.hours,
          people: x.people,
          description: x.description,
        })),
      },
      outcomes: await this.outcomes(c.id),
    };
  }

  /** The units every validation of the contract's outcome reports accepted, or null for a contract with no outcome metric. */
  private async outcomes(contractId: string): Promise<number | null> {
    const em = this.db.manager;
    if (!(await em.count(OutcomeMetric, { where: { contractId } }))) return null;
    const [{ units }] = (await em
      .createQueryBuilder(OutcomeValidation, 'v')
      .innerJoin(OutcomeReport, 'r', 'r.tenant_id = v.tenant_id AND r.id = v.report_id')
      .where('r.contract_id = :contractId', { contractId })
      .select('COALESCE(sum(v.units), 0)::int', 'units')
      .getRawMany()) as { units: number }[];
    return units;
  }

  /** The contract's share of its cycle's ledger: by award value among the contracts the cycle led to. */
  private async cycleShare(c: Contract, cycleId: string) {
    const [{ total }] = (await this.db.manager
      .createQueryBuilder(Contract, 'c')
      .innerJoin(Tender, 't', 't.tenant_id = c.tenant_id AND t.id = c.tender_id')
      .where('t.cycle_id = :cycle', { cycle: cycleId })
      .select('COALESCE(sum(c.awarded_value), 0)::text', 'total')
      .getRawMany()) as { total: string }[];
    return { value: c.awardedValue, of: new Decimal(total).toFixed(2) };
  }
}
