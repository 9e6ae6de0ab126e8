import { Injectable } from '@nestjs/common';
import { Contract, Contracts } from '#contracts';
import { londonToday } from '#kernel';
import { RequestDb } from '#platform';
import { Tender } from '#tendering';
import { apportioned, contractFigures, type FigureInputs, type FigureLine } from '../core/figures.js';
import type { CostEntry } from '../ledger/cost-entry.entity.js';
import { Ledgers } from '../ledger/ledgers.service.js';
import { CostSettingsInForce } from '../settings/cost-settings.service.js';

const line = (e: CostEntry): FigureLine => ({ occurredOn: e.occurredOn, amount: e.amount, classification: e.classification, basis: e.basis, phase: e.phase });

/**
 * One contract's whole-life cost (issue 15, item 4): its ledger with its share of its commissioning
 * cycle's, priced by the authority's settings, computed by the pure core.
 */
@Injectable()
export class ContractCosts {
  constructor(
    private readonly db: RequestDb,
    private readonly contracts: Contracts,
    private readonly ledgers: Ledgers,
    private readonly settings: CostSettingsInForce,
  ) {}

  async figures(contractId: string) {
    const c = await this.contracts.find(contractId);
    const { inputs, settings, cycle } = await this.inputs(c);
    return {
      contract: { id: c.id, reference: c.reference, title: c.title, awardedValue: c.awardedValue, value: c.value, status: c.status },
      settings: { source: settings.source, version: settings.version },
      cycle,
      ...contractFigures(inputs),
    };
  }

  /** What the figures are computed from. */
  async inputs(c: Contract) {
    const settings = await this.settings.current();
    const own = (await this.ledgers.all({ contractId: c.id })).map(line);
    const cycle = await this.cycleShare(c);
    const inputs: FigureInputs = {
      baseDate: londonToday(c.awardedAt),
      deflators: settings.deflators,
      discountSchedule: settings.discountSchedule,
      awardedValue: c.awardedValue,
      lines: [...(cycle ? cycle.lines : []), ...own],
    };
    return { inputs, settings, cycle: cycle && { id: cycle.id, share: cycle.share } };
  }

  /** The contract's share of its cycle's ledger: by award value among the contracts the cycle led to. */
  private async cycleShare(c: Contract) {
    const tender = await this.db.manager.findOne(Tender, { where: { id: c.tenderId }, select: { id: true, cycleId: true } });
    if (!tender?.cycleId) return null;
    const lines = (await this.ledgers.all({ cycleId: tender.cycleId })).map(line);
    const [{ total }] = (await this.db.manager
      .createQueryBuilder(Contract, 'c')
      .innerJoin(Tender, 't', 't.tenant_id = c.tenant_id AND t.id = c.tender_id')
      .where('t.cycle_id = :cycle', { cycle: tender.cycleId })
      .select('COALESCE(sum(c.awarded_value), 0)::text', 'total')
      .getRawMany()) as { total: string }[];
    const share = { value: c.awardedValue, of: total };
    return { id: tender.cycleId, share, lines: apportioned(lines, share) };
  }
}
