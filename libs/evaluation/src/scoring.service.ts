import { Injectable } from '@nestjs/common';
import { AuditLog, type Principal, RequestDb, sqlState, validationProblem } from '#platform';
import { Bids } from '#bids';
import { countedMarks, EvaluationContexts, evaluationConflict, evaluatorCriteria } from './evaluation-context.service.js';
import { EvaluationSetup } from './evaluation-setup.service.js';
import type { MarkDto } from './evaluation.dto.js';
import { EvaluatorAssignment, IndependentMark } from './evaluation.entities.js';

/** An evaluator's independent scoring: the answers for their criterion group, a mark and a reason each, then submit. */
@Injectable()
export class Scoring {
  constructor(
    private readonly db: RequestDb,
    private readonly audit: AuditLog,
    private readonly contexts: EvaluationContexts,
    private readonly setup: EvaluationSetup,
    private readonly bids: Bids,
  ) {}

  /** What the evaluator marks: each bid's answers to the group's criteria (with the criteria's guidance and bands), and their own marks so far. */
  async sheet(tenderId: string, assignmentId: string, principal: Principal) {
    const assignment = await this.setup.openFor(tenderId, assignmentId, principal);
    const ctx = await this.contexts.of(tenderId);
    const criteria = evaluatorCriteria(ctx).filter((c) => c.group === assignment.criterionGroup);
    const mine = await this.setup.ownMarks(tenderId, principal);
    const bids = await this.bids.latest(tenderId);
    const socialValueGroup = ctx.model.criteria.find((c) => c.key === assignment.criterionGroup)?.category === 'social_value';
    return {
      assignment: { id: assignment.id, criterionGroup: assignment.criterionGroup, submittedAt: assignment.submittedAt?.toISOString() ?? null },
      criteria: criteria.map((c) => ({
        key: c.key,
        title: c.title,
        guidance: c.criterion.guidance ?? null,
        scaleMax: c.scaleMax,
        bands: c.criterion.bands ?? [],
      })),
      // Bids are shown by a neutral label, in a fixed order, so marks are given to the answer, not the name.
      bids: bids.map((b, i) => ({
        bidId: b.id,
        label: `Bid ${i + 1}`,
        lotKey: b.lotKey,
        answers: Object.fromEntries(criteria.map((c) => [c.key, b.answers[c.key] ?? ''])),
        marks: Object.fromEntries(mine.filter((m) => m.bidId === b.id).map((m) => [m.criterionKey, { mark: m.mark, reason: m.reason }])),
        // Social value evaluators mark the method statements of the bid's commitments too (docs/domain.md section 6).
        socialValue: socialValueGroup && b.socialValue ? b.socialValue : null,
      })),
    };
  }

  async mark(tenderId: string, assignmentId: string, dto: MarkDto, principal: Principal) {
    const assignment = await this.setup.openFor(tenderId, assignmentId, principal);
    if (assignment.submittedAt)
      throw evaluationConflict('marks-submitted', 'Your marks are submitted', 'Submitted marks cannot be changed; moderation settles the final mark');
    const ctx = await this.contexts.of(tenderId);
    const criterion = evaluatorCriteria(ctx).find((c) => c.key === dto.criterionKey && c.group === assignment.criterionGroup);
    if (!criterion)
      throw validationProblem([{ field: 'criterionKey', rule: 'in-group', message: `criterionKey must be a criterion of ${assignment.criterionGroup}` }]);
    if (dto.mark > criterion.scaleMax)
      throw validationProblem([{ field: 'mark', rule: 'within-scale', message: `mark must be between 0 and ${criterion.scaleMax}` }]);
    if (!(await this.contexts.bidders(tenderId)).has(dto.bidId))
      throw validationProblem([{ field: 'bidId', rule: 'bid-of-tender', message: 'bidId must be a bid of this tender' }]);
    const row: IndependentMark = {
      tenantId: this.db.tenantId,
      tenderId,
      bidId: dto.bidId,
      criterionKey: dto.criterionKey,
      criterionGroup: assignment.criterionGroup,
      evaluatorId: principal.userId!,
      mark: dto.mark,
      reason: dto.reason,
      markedAt: new Date(),
    };
    try {
      await this.db.manager.upsert(IndependentMark, row, ['tenantId', 'tenderId', 'bidId', 'criterionKey', 'evaluatorId']);
    } catch (err) {
      // The database closes marking at submission, whatever raced with it.
      if (sqlState(err) === 'P0B02') throw evaluationConflict('marks-submitted', 'Your marks are submitted', 'Submitted marks cannot be changed');
      throw err;
    }
    return { bidId: row.bidId, criterionKey: row.criterionKey, mark: row.mark, reason: row.reason, markedAt: row.markedAt.toISOString() };
  }

  /** Every bid marked on every criterion of the group, or nothing is submitted. After this, the evaluator may see the others' marks. */
  async submit(tenderId: string, assignmentId: string, principal: Principal) {
    const assignment = await this.setup.openFor(tenderId, assignmentId, principal);
    if (assignment.submittedAt) return { submittedAt: assignment.submittedAt.toISOString() };
    const ctx = await this.contexts.of(tenderId);
    const criteria = evaluatorCriteria(ctx).filter((c) => c.group === assignment.criterionGroup);
    const bidIds = [...(await this.contexts.bidders(tenderId)).keys()];
    const mine = new Set(
      (await this.setup.ownMarks(tenderId, principal)).filter((m) => m.criterionGroup === assignment.criterionGroup).map((m) => `${m.bidId}/${m.criterionKey}`),
    );
    const missing = bidIds.flatMap((b) => criteria.filter((c) => !mine.has(`${b}/${c.key}`)).map((c) => ({ bidId: b, criterionKey: c.key })));
    if (missing.length) {
      throw validationProblem(
        missing
          .slice(0, 50)
          .map((m) => ({ field: `marks.${m.bidId}.${m.criterionKey}`, rule: 'required', message: `mark ${m.criterionKey} for bid ${m.bidId}` })),
        `${missing.length} marks are still to give`,
      );
    }
    const submittedAt = new Date();
    await this.db.manager.query(`UPDATE evaluator_assignments SET submitted_at = $2 WHERE id = $1 AND submitted_at IS NULL`, [assignment.id, submittedAt]);
    await this.audit.record({
      action: 'evaluation.marks_submitted',
      entityType: 'tender',
      entityId: tenderId,
      data: { assignmentId: assignment.id, criterionGroup: assignment.criterionGroup, marks: mine.size },
    });
    return { submittedAt: submittedAt.toISOString() };
  }

  /**
   * Independent marks the caller may see. The database decides the first rule: an evaluator of a group
   * who has not submitted sees only their own. Once submitted, they see the others' submitted marks.
   */
  async visibleMarks(tenderId: string, principal: Principal) {
    await this.contexts.of(tenderId);
    let rows = await countedMarks(this.db.manager, tenderId);
    // An evaluator who is not also a commissioner or auditor sees only the groups they have marked and submitted (and their own marks).
    // Of the others, only marks already submitted: a draft can still change, so it is no one else's to read.
    if (!principal.roles.some((r) => r === 'commissioner' || r === 'auditor')) {
      // A withdrawn evaluator reads no one's marks; their own no longer count (countedMarks leaves them out).
      const assignments = (await this.db.manager.find(EvaluatorAssignment, { where: { tenderId } })).filter((a) => a.submittedAt && !a.withdrawnAt);
      const mine = new Set(assignments.filter((a) => a.userId === principal.userId).map((a) => a.criterionGroup));
      const final = new Set(assignments.map((a) => `${a.userId}/${a.criterionGroup}`));
      rows = rows.filter((r) => r.evaluatorId === principal.userId || (mine.has(r.criterionGroup) && final.has(`${r.evaluatorId}/${r.criterionGroup}`)));
    }
    const names = await this.setup.names(rows.map((r) => r.evaluatorId));
    return rows.map((r) => ({
      bidId: r.bidId,
      criterionKey: r.criterionKey,
      evaluatorId: r.evaluatorId,
      evaluator: names.get(r.evaluatorId) ?? 'Unknown',
      mark: r.mark,
      reason: r.reason,
      markedAt: r.markedAt.toISOString(),
    }));
  }
}
