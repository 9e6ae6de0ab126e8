import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, sqlState, takenProblem, validationProblem, conflictProblem } from '#platform';
import { Publication } from '#jobs';
import { PolicyPacks } from '#policy';
import { CommissioningCycle, CycleOutcome, DeliveryDecision, EngagementActivity, EngagementResponse } from './cycle.entities.js';
import type { CreateCycleDto, DeliveryDecisionDto, EngagementDto, EngagementResponseDto, OutcomeDto, UpdateCycleDto } from './cycle.dto.js';
import { decisionFlags, decisionProblems, type DeliveryDecisionInput } from './delivery-decision.js';
import { addYears, londonToday } from '#kernel';
import { CycleTenders } from './cycle-tenders.service.js';
import { participantProblems } from './participation-mix.js';
import { notReadyForTender, type NotReady } from './readiness.js';

/**
 * Commissioning cycles and what hangs off them. Engagement, "you said, we
 * did", outcomes and decisions are added, never rewritten (the database
 * refuses updates): they are the record an auditor reads.
 */
@Injectable()
export class Cycles {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly packs: PolicyPacks,
    private readonly tenders: CycleTenders,
    private readonly publication: Publication,
  ) {}

  /**
   * A cycle is published as the planning of each tender made from it once the tender is out: a change to the
   * cycle (what it is for, its engagement, outcomes, the delivery decision) is published again with each.
   */
  private async republish(cycleId: string): Promise<void> {
    for (const t of await this.tenders.of(cycleId)) if (t.procuring) await this.publication.processChanged(t.id);
  }

  async create(dto: CreateCycleDto, principal: Principal): Promise<CommissioningCycle> {
    const now = new Date();
    const row: CommissioningCycle = {
      id: newId(),
      tenantId: this.db.tenantId,
      createdBy: principal.userId ?? null,
      createdAt: now,
      updatedAt: now,
      version: 1,
      ...(await this.fields(dto)),
    };
    try {
      await this.db.manager.insert(CommissioningCycle, row);
    } catch (err) {
      if (sqlState(err) === '23505') throw this.referenceTaken(row.reference);
      throw err;
    }
    await this.audit.record({ action: 'cycle.created', entityType: 'commissioning_cycle', entityId: row.id, data: { reference: row.reference } });
    return this.find(row.id);
  }

  /** A reference names one cycle of the authority: a second use is refused on the field (the unique index decides, race or not). */
  private referenceTaken(reference: string) {
    return takenProblem(
      'duplicate-reference',
      'The reference is already used',
      'reference',
      `Another of your cycles already has the reference ${reference}: choose another`,
    );
  }

  async update(id: string, dto: UpdateCycleDto): Promise<CommissioningCycle> {
    const current = await this.find(id);
    const fields = await this.fields(dto, current.reviewBy);
    const result = await this.db.manager
      .createQueryBuilder()
      .update(CommissioningCycle)
      .set({ ...fields, updatedAt: new Date(), version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version: dto.version })
      .execute()
      .catch((err: unknown) => {
        throw sqlState(err) === '23505' ? this.referenceTaken(fields.reference) : err;
      });
    if (!result.affected) {
      throw conflictProblem(
        'stale-version',
        'Someone changed the cycle first',
        `You edited version ${dto.version}, but version ${current.version} is now saved. Reload it and apply your changes again.`,
        { currentVersion: current.version },
      );
    }
    await this.audit.record({ action: 'cycle.updated', entityType: 'commissioning_cycle', entityId: id, data: { version: dto.version + 1 } });
    await this.republish(id);
    return this.find(id);
  }

  async addEngagement(cycleId: string, dto: EngagementDto, principal: Principal): Promise<EngagementActivity> {
    await this.find(cycleId);
    const { pack } = await this.packs.inForce();
    const participants = dto.participants ?? {};
    const problems = participantProblems(participants, pack.areaPopulation);
    if (dto.endsOn < dto.startsOn) problems.push({ field: 'endsOn', rule: 'after-start', message: 'endsOn cannot be before startsOn' });
    if (problems.length) throw validationProblem(problems);
    const row: EngagementActivity = {
      id: newId(),
      tenantId: this.db.tenantId,
      cycleId,
      title: dto.title,
      method: dto.method,
      level: dto.level,
      upForGrabs: dto.upForGrabs,
      seniorOwner: dto.seniorOwner,
      cost: dto.cost,
      startsOn: dto.startsOn,
      endsOn: dto.endsOn,
      participants,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(EngagementActivity, row);
    await this.audit.record({
      action: 'cycle.engagement_recorded',
      entityType: 'commissioning_cycle',
      entityId: cycleId,
      data: { activityId: row.id, method: row.method, level: row.level },
    });
    await this.republish(cycleId);
    return row;
  }

  async addResponse(cycleId: string, activityId: string, dto: EngagementResponseDto, principal: Principal): Promise<EngagementResponse> {
    const activity = await this.db.manager.findOne(EngagementActivity, { where: { id: activityId, cycleId } });
    if (!activity) throw notFound('Engagement activity');
    const row: EngagementResponse = {
      id: newId(),
      tenantId: this.db.tenantId,
      cycleId,
      activityId,
      youSaid: dto.youSaid,
      changed: dto.changed,
      decisionArea: dto.decisionArea,
      weDid: dto.weDid,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(EngagementResponse, row);
    await this.audit.record({
      action: 'cycle.you_said_we_did',
      entityType: 'commissioning_cycle',
      entityId: cycleId,
      data: { responseId: row.id, changed: row.changed, decisionArea: row.decisionArea },
    });
    await this.republish(cycleId);
    return row;
  }

  async addOutcome(cycleId: string, dto: OutcomeDto, principal: Principal): Promise<CycleOutcome> {
    await this.find(cycleId);
    const row: CycleOutcome = {
      id: newId(),
      tenantId: this.db.tenantId,
      cycleId,
      statement: dto.statement,
      source: dto.source,
      kind: dto.kind,
      indicators: dto.indicators,
      recordedBy: principal.userId ?? null,
      recordedAt: new Date(),
    };
    await this.db.manager.insert(CycleOutcome, row);
    await this.audit.record({
      action: 'cycle.outcome_added',
      entityType: 'commissioning_cycle',
      entityId: cycleId,
      data: { outcomeId: row.id, kind: row.kind },
    });
    await this.republish(cycleId);
    return row;
  }

  async decide(cycleId: string, dto: DeliveryDecisionDto, principal: Principal): Promise<DeliveryDecision> {
    const cycle = await this.find(cycleId);
    const { pack } = await this.packs.inForce();
    const input: DeliveryDecisionInput = {
      optionsConsidered: dto.optionsConsidered.map(({ option, assessment }) => ({ option, assessment })),
      chosen: dto.chosen,
      rationale: dto.rationale,
      warningSignals: dto.warningSignals.map(({ signal, present, note }) => ({ signal, present, note })),
      inHouseComparatorCost: dto.inHouseComparatorCost,
      contract: { annualValue: dto.contract.annualValue, lengthMonths: dto.contract.lengthMonths, capitalRequirement: dto.contract.capitalRequirement },
      forProfitEligible: dto.forProfitEligible,
      forProfitJustification: dto.forProfitJustification?.trim() || null,
    };
    const problems = decisionProblems(input, cycle.serviceCategory, pack);
    const policy = problems.filter((p) => p.rule === 'restricted-category');
    if (problems.length > policy.length) throw validationProblem(problems.filter((p) => p.rule !== 'restricted-category'));
    if (policy.length) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'policy-violation', 'The decision breaks your authority’s policy', policy[0].message, {
        errors: policy,
      });
    }
    const previous = await this.latestDecision(cycleId);
    const row: DeliveryDecision = {
      id: newId(),
      tenantId: this.db.tenantId,
      cycleId,
      version: (previous?.version ?? 0) + 1,
      chosen: input.chosen,
      decision: input,
      inHouseComparatorCost: input.inHouseComparatorCost,
      forProfitEligible: input.forProfitEligible,
      forProfitJustification: input.forProfitJustification,
      decidedBy: principal.userId ?? null,
      decidedAt: new Date(),
    };
    await this.db.manager.insert(DeliveryDecision, row);
    await this.audit.record({
      action: 'cycle.delivery_decided',
      entityType: 'commissioning_cycle',
      entityId: cycleId,
      data: { version: row.version, chosen: row.chosen, forProfitEligible: row.forProfitEligible, flags: decisionFlags(input, pack).map((f) => f.kind) },
    });
    await this.republish(cycleId);
    return row;
  }

  latestDecision(cycleId: string): Promise<DeliveryDecision | null> {
    const em = this.db.manager;
    return em.findOne(DeliveryDecision, { where: { cycleId }, order: { version: 'DESC' } });
  }

  /** Why the cycle may not go to tender yet; empty when it may. */
  async notReady(cycleId: string): Promise<NotReady[]> {
    const em = this.db.manager;
    const cycle = await this.find(cycleId);
    const outcomes = await em.find(CycleOutcome, { where: { cycleId }, select: { id: true, kind: true } });
    return notReadyForTender({ outputsOnlyReason: cycle.outputsOnlyReason, outcomes, decision: await this.latestDecision(cycleId) });
  }

  /** Every cycle by reference and title, for another context's pages to name or choose one (a tender's cycle). */
  summaries(): Promise<Pick<CommissioningCycle, 'id' | 'reference' | 'title'>[]> {
    return this.db.manager.find(CommissioningCycle, { select: { id: true, reference: true, title: true }, order: { reference: 'ASC' } });
  }

  /** One cycle by reference and title, or null if this authority has none with the id. */
  summary(id: string): Promise<Pick<CommissioningCycle, 'id' | 'reference' | 'title'> | null> {
    return this.db.manager.findOne(CommissioningCycle, { where: { id }, select: { id: true, reference: true, title: true } });
  }

  async find(id: string): Promise<CommissioningCycle> {
    const em = this.db.manager;
    const cycle = await em.findOne(CommissioningCycle, { where: { id } });
    if (!cycle) throw notFound('Commissioning cycle');
    return cycle;
  }

  private async fields(dto: CreateCycleDto, keepReviewBy?: string) {
    const { pack } = await this.packs.inForce();
    const today = londonToday();
    const reviewBy = dto.reviewBy ?? keepReviewBy ?? addYears(today, pack.reviewEveryYears);
    if (reviewBy <= today) throw validationProblem([{ field: 'reviewBy', rule: 'future', message: 'reviewBy must be after today' }]);
    const latest = addYears(today, pack.reviewEveryYears);
    if (reviewBy > latest) {
      throw validationProblem([
        {
          field: 'reviewBy',
          rule: 'review-period',
          message: `Your authority reviews every service at least every ${pack.reviewEveryYears} years: reviewBy must be on or before ${latest}`,
        },
      ]);
    }
    return {
      reference: dto.reference,
      title: dto.title,
      serviceCategory: dto.serviceCategory ?? null,
      purpose: dto.purpose,
      accountability: dto.accountability,
      success: dto.success,
      needsAssessment: dto.needsAssessment ?? '',
      reviewBy,
      outputsOnlyReason: dto.outputsOnlyReason?.trim() || null,
    };
  }
}
