import { Injectable } from '@nestjs/common';
import { RequestDb } from '#platform';
import { PolicyPacks } from '#policy';
import { CommissioningCycle, CycleOutcome, DeliveryDecision, EngagementActivity, EngagementResponse } from './cycle.entities.js';
import { CycleTenders } from './cycle-tenders.service.js';
import { cycleSummary, cycleView, type CycleView } from './cycle.view.js';
import { Cycles } from './cycles.service.js';

/** Reads cycles whole for the API and the pages. */
@Injectable()
export class CycleReader {
  constructor(
    private readonly db: RequestDb,
    private readonly cycles: Cycles,
    private readonly packs: PolicyPacks,
    private readonly tenders: CycleTenders,
  ) {}

  async list() {
    const em = this.db.manager;
    const rows = await em.find(CommissioningCycle, { order: { reference: 'ASC' } });
    // Two set queries for the stages rather than two per cycle.
    const decided = new Set(
      (await em.createQueryBuilder(DeliveryDecision, 'd').select('DISTINCT d.cycle_id', 'id').getRawMany<{ id: string }>()).map((r) => r.id),
    );
    const procuring = await this.tenders.procuringCycleIds();
    return { items: rows.map((c) => cycleSummary(c, procuring.has(c.id) ? 'procuring' : decided.has(c.id) ? 'decided' : 'authorise')) };
  }

  async one(id: string): Promise<CycleView> {
    const em = this.db.manager;
    const cycle = await this.cycles.find(id);
    // One after another: they share the request's transaction, and so one connection.
    const activities = await em.find(EngagementActivity, { where: { cycleId: id }, order: { startsOn: 'ASC', recordedAt: 'ASC' } });
    const responses = await em.find(EngagementResponse, { where: { cycleId: id }, order: { recordedAt: 'ASC' } });
    const outcomes = await em.find(CycleOutcome, { where: { cycleId: id }, order: { recordedAt: 'ASC' } });
    const decision = await this.cycles.latestDecision(id);
    const tenders = await this.tenders.of(id);
    // Flags are worked out against the policy in force now, so a tightened threshold shows on old decisions too.
    const { pack } = await this.packs.inForce();
    return cycleView({ cycle, activities, responses, outcomes, decision, tenders, pack });
  }
}
