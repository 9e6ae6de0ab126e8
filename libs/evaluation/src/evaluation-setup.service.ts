import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Membership, User } from '#auth';
import { authorityPeople, Notifications } from '#notifications';
import { APP_CONFIG, type AppConfig, AuditLog, newId, notFound, type Principal, ProblemException, RequestDb, validationProblem } from '#platform';
import { Tender, tenderOr404 } from '#tendering';
import { type EvaluationContext, EvaluationContexts, evaluationConflict, evaluatorCriteria } from './evaluation-context.service.js';
import type { AssignEvaluatorDto, DeclarationDto, WithdrawalDto } from './evaluation.dto.js';
import { ConsensusMark, Evaluation, EvaluatorAssignment, IndependentMark } from './evaluation.entities.js';

export interface AssignmentView {
  id: string;
  userId: string;
  evaluator: string;
  criterionGroup: string;
  declaration: EvaluatorAssignment['declaration'];
  declaredAt: string | null;
  submittedAt: string | null;
  /** Stood down by the commissioner, and why (their marks no longer count). */
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  /** Marks given so far, of the bids × criteria in the group. */
  marked: number;
  toMark: number;
}

const withdrawnProblem = (row: EvaluatorAssignment) =>
  new ProblemException(HttpStatus.FORBIDDEN, 'withdrawn', 'You were withdrawn from this evaluation', `The commissioner withdrew you: ${row.withdrawalReason}`);

/** Starting an evaluation, assigning evaluators, their conflict declarations and the progress the commissioner watches. */
@Injectable()
export class EvaluationSetup {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contexts: EvaluationContexts,
    private readonly notifications: Notifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Tells the evaluator, in the change's own transaction (through the outbox), that they were assigned or withdrawn. */
  private async tell(row: EvaluatorAssignment, template: 'evaluator-assigned' | 'evaluator-withdrawn', ctx: EvaluationContext) {
    const [person] = await authorityPeople(this.db.manager, ['evaluator'], row.userId);
    if (!person) return;
    const group = ctx.model.criteria.find((c) => c.key === row.criterionGroup)?.title ?? row.criterionGroup;
    await this.notifications.email({
      to: person.email,
      tenantId: this.db.tenantId,
      template,
      data: {
        recipientName: person.display_name,
        tenderReference: ctx.tender.reference,
        tenderTitle: ctx.tender.title,
        group,
        reason: row.withdrawalReason,
        assignmentUrl: `${this.config.PUBLIC_BASE_URL}/authority/tenders/${row.tenderId}/evaluation/assignments/${row.id}`,
      },
    });
  }

  /** After the bids are opened: the tender moves to evaluation, with a fixed seed for the sensitivity analysis. */
  async start(tenderId: string, principal: Principal): Promise<Evaluation> {
    const em = this.db.manager;
    const tender = await tenderOr404(em, tenderId);
    const existing = await em.findOne(Evaluation, { where: { tenderId } });
    if (existing) return existing;
    if (tender.status !== 'closed' || !tender.bidsOpenedAt) {
      throw evaluationConflict(
        'bids-not-opened',
        'The bids are not open yet',
        'Close the tender after its deadline and open the bids before starting the evaluation',
        { tenderStatus: tender.status },
      );
    }
    const row: Evaluation = {
      tenderId,
      tenantId: this.db.tenantId,
      seed: randomInt(0, 2 ** 31 - 1),
      startedBy: principal.userId ?? null,
      startedAt: new Date(),
      completedBy: null,
      completedAt: null,
      result: null,
      resultDigest: null,
    };
    await em.insert(Evaluation, row);
    await em.update(Tender, { id: tenderId }, { status: 'evaluation' });
    await this.audit.record({ action: 'evaluation.started', entityType: 'tender', entityId: tenderId, data: { seed: row.seed } });
    return row;
  }

  async assign(tenderId: string, dto: AssignEvaluatorDto, principal: Principal): Promise<AssignmentView> {
    const ctx = await this.contexts.of(tenderId);
    if (ctx.evaluation.completedAt)
      throw evaluationConflict('evaluation-complete', 'The evaluation is complete', 'No evaluators can be added after completion');
    // Only groups with something for evaluators to mark: criteria marked by verification or by formula are not theirs.
    const groups = [...new Set(evaluatorCriteria(ctx).map((c) => c.group))];
    if (!groups.includes(dto.criterionGroup)) {
      throw validationProblem([
        { field: 'criterionGroup', rule: 'one-of', message: `criterionGroup must be one of the groups evaluators mark: ${groups.join(', ')}` },
      ]);
    }
    const membership = await this.db.manager.findOne(Membership, { where: { userId: dto.userId, tenantId: this.db.tenantId } });
    if (!membership?.roles.includes('evaluator') || membership.deactivatedAt)
      throw validationProblem([{ field: 'userId', rule: 'evaluator-role', message: 'userId must be a person of your authority with the evaluator role' }]);
    const row: EvaluatorAssignment = {
      id: newId(),
      tenantId: this.db.tenantId,
      tenderId,
      userId: dto.userId,
      criterionGroup: dto.criterionGroup,
      assignedBy: principal.userId ?? null,
      assignedAt: new Date(),
      declaration: null,
      declarationNote: null,
      declaredAt: null,
      submittedAt: null,
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawalReason: null,
    };
    const taken = await this.db.manager.findOne(EvaluatorAssignment, { where: { tenderId, userId: dto.userId, criterionGroup: dto.criterionGroup } });
    if (taken?.withdrawnAt)
      throw evaluationConflict(
        'already-assigned',
        'Withdrawn from this group',
        'That person was withdrawn from this criterion group and cannot be assigned to it again',
      );
    if (taken) throw evaluationConflict('already-assigned', 'Already assigned', 'That person already evaluates this criterion group');
    await this.db.manager.insert(EvaluatorAssignment, row);
    await this.tell(row, 'evaluator-assigned', ctx);
    await this.audit.record({
      action: 'evaluation.evaluator_assigned',
      entityType: 'tender',
      entityId: tenderId,
      data: { assignmentId: row.id, userId: dto.userId, criterionGroup: dto.criterionGroup },
    });
    return (await this.progress(tenderId)).find((a) => a.id === row.id)!;
  }

  /** Every assignment with how far its evaluator has got: what the commissioner sees (never the marks themselves). */
  async progress(tenderId: string): Promise<AssignmentView[]> {
    const ctx = await this.contexts.of(tenderId);
    const em = this.db.manager;
    const rows = await em.find(EvaluatorAssignment, { where: { tenderId }, order: { criterionGroup: 'ASC', assignedAt: 'ASC' } });
    const bidCount = (await this.contexts.bidders(tenderId)).size;
    const perGroup = new Map<string, number>();
    for (const c of evaluatorCriteria(ctx)) perGroup.set(c.group, (perGroup.get(c.group) ?? 0) + 1);
    const counts: { evaluator_id: string; criterion_group: string; n: number }[] = await em.query(
      // Counts only: the marks themselves are their evaluator's alone until submitted (the database's rule), so
      // progress reads the count the database keeps beside them.
      `SELECT evaluator_id, criterion_group, marks AS n FROM independent_mark_counts WHERE tender_id = $1`,
      [tenderId],
    );
    const names = await this.names(rows.map((r) => r.userId));
    return rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      evaluator: names.get(r.userId) ?? 'Unknown',
      criterionGroup: r.criterionGroup,
      declaration: r.declaration,
      declaredAt: r.declaredAt?.toISOString() ?? null,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
      withdrawalReason: r.withdrawalReason,
      marked: counts.find((c) => c.evaluator_id === r.userId && c.criterion_group === r.criterionGroup)?.n ?? 0,
      toMark: (perGroup.get(r.criterionGroup) ?? 0) * bidCount,
    }));
  }

  /**
   * The commissioner stands an evaluator down (illness, a conflict found late), with a reason, until the
   * group's moderation starts: after that the consensus already reflects their marks. The row stays for
   * the record; their marks stop counting, and the group waits for the evaluators still in it (assign
   * another to replace them). Audited.
   */
  async withdraw(tenderId: string, assignmentId: string, dto: WithdrawalDto, principal: Principal): Promise<AssignmentView> {
    const ctx = await this.contexts.of(tenderId);
    if (ctx.evaluation.completedAt)
      throw evaluationConflict('evaluation-complete', 'The evaluation is complete', 'No evaluator can be withdrawn after completion');
    const em = this.db.manager;
    const row = await em.findOne(EvaluatorAssignment, { where: { id: assignmentId, tenderId } });
    if (!row) throw notFound('Assignment');
    if (row.withdrawnAt) throw evaluationConflict('already-withdrawn', 'Already withdrawn', `This evaluator was withdrawn on ${row.withdrawnAt.toISOString()}`);
    if (row.declaration === 'conflict')
      throw evaluationConflict('already-removed', 'Already removed', 'This evaluator declared a conflict of interest and is out of the evaluation');
    const keys = evaluatorCriteria(ctx)
      .filter((c) => c.group === row.criterionGroup)
      .map((c) => c.key);
    const moderated = keys.length ? await em.count(ConsensusMark, { where: keys.map((criterionKey) => ({ tenderId, criterionKey })) }) : 0;
    if (moderated) {
      throw evaluationConflict(
        'moderation-started',
        'Moderation has started',
        `${moderated} consensus mark(s) in this group already reflect this evaluator's marks; an evaluator can be withdrawn only before the group is moderated`,
      );
    }
    const reason = dto.reason.trim();
    if (!reason) throw validationProblem([{ field: 'reason', rule: 'required', message: 'Say why the evaluator is withdrawn' }]);
    await em.update(EvaluatorAssignment, { id: row.id }, { withdrawnAt: new Date(), withdrawnBy: principal.userId ?? null, withdrawalReason: reason });
    await this.tell({ ...row, withdrawalReason: reason }, 'evaluator-withdrawn', ctx);
    await this.audit.record({
      action: 'evaluation.evaluator_withdrawn',
      entityType: 'tender',
      entityId: tenderId,
      data: { assignmentId: row.id, userId: row.userId, criterionGroup: row.criterionGroup, submitted: !!row.submittedAt, reason },
    });
    return (await this.progress(tenderId)).find((a) => a.id === row.id)!;
  }

  /** The caller's own assignment; anyone else's is not found (evaluators act only for themselves). */
  async own(tenderId: string, assignmentId: string, principal: Principal): Promise<EvaluatorAssignment> {
    const row = await this.db.manager.findOne(EvaluatorAssignment, { where: { id: assignmentId, tenderId } });
    if (!row || row.userId !== principal.userId) throw notFound('Assignment');
    return row;
  }

  /** Before any bid content: no conflict (marking opens), or a conflict (the evaluator is removed). Once only. */
  async declare(tenderId: string, assignmentId: string, dto: DeclarationDto, principal: Principal): Promise<EvaluatorAssignment> {
    const row = await this.own(tenderId, assignmentId, principal);
    if (row.withdrawnAt) throw withdrawnProblem(row);
    if (row.declaration)
      throw evaluationConflict(
        'already-declared',
        'Already declared',
        `You declared ${row.declaration === 'conflict' ? 'a conflict' : 'no conflict'} on ${row.declaredAt!.toISOString()}`,
      );
    if (dto.conflict && !dto.note)
      throw validationProblem([{ field: 'note', rule: 'required-with-conflict', message: 'say which bidder and what the interest is' }]);
    const declaredAt = new Date();
    await this.db.manager.update(
      EvaluatorAssignment,
      { id: row.id },
      { declaration: dto.conflict ? 'conflict' : 'no_conflict', declarationNote: dto.note ?? null, declaredAt },
    );
    await this.audit.record({
      action: dto.conflict ? 'evaluation.conflict_declared' : 'evaluation.no_conflict_declared',
      entityType: 'tender',
      entityId: tenderId,
      data: { assignmentId: row.id, userId: row.userId, criterionGroup: row.criterionGroup, ...(dto.conflict ? { note: dto.note } : {}) },
    });
    return { ...row, declaration: dto.conflict ? 'conflict' : 'no_conflict', declarationNote: dto.note ?? null, declaredAt };
  }

  /** Marking is open to the evaluator only after declaring no conflict, and until they submit. */
  async openFor(tenderId: string, assignmentId: string, principal: Principal): Promise<EvaluatorAssignment> {
    const row = await this.own(tenderId, assignmentId, principal);
    if (row.withdrawnAt) throw withdrawnProblem(row);
    if (row.declaration !== 'no_conflict') {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'declaration-required',
        row.declaration === 'conflict' ? 'You declared a conflict' : 'Declare conflicts of interest first',
        row.declaration === 'conflict'
          ? 'You were removed from this evaluation'
          : 'No bid content is shown until you declare whether you have a conflict of interest',
      );
    }
    return row;
  }

  async names(userIds: string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const users = await this.db.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id IN (:...ids)', { ids: [...new Set(userIds)] })
      .getMany();
    return new Map(users.map((u) => [u.id, u.displayName]));
  }

  /** Marks this evaluator has given (their own only, whatever the database would show). */
  ownMarks(tenderId: string, principal: Principal): Promise<IndependentMark[]> {
    return this.db.manager.find(IndependentMark, { where: { tenderId, evaluatorId: principal.userId } });
  }
}
