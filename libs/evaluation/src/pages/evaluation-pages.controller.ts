import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Membership, providerNames } from '#auth';
import { Access, notFound, OwnTransactions, type Principal, ProblemException, RequestDb, uuidParam } from '#platform';
import { AbnormallyLowReviewDto, AssignEvaluatorDto, AwardReasonDto, ConsensusDto, WithdrawalDto } from '../evaluation.dto.js';
import { AssessmentSummaries } from '../assessment-summaries.service.js';
import { Awards } from '../awards.service.js';
import { EvaluationContexts, type EvaluationContext, evaluatorCriteria } from '../evaluation-context.service.js';
import { EvaluationSetup } from '../evaluation-setup.service.js';
import { Moderation } from '../moderation.service.js';
import { statusTag, Tender, tenderOr404 } from '#tendering';
import { errorFor, type FieldError, fieldId, formAction, formAs, label, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';
import { evaluationMatrix } from './evaluation-matrix.js';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (form: Form, k: string) => (form[k] ?? '').trim();
const READERS = ['commissioner', 'evaluator', 'auditor', 'authority_admin'] as const;
const NOTICES: Record<string, string> = {
  started: 'The evaluation has started. Assign evaluators to each criterion group.',
  assigned: 'The evaluator is assigned. They must declare any conflict of interest before they see a bid.',
  withdrawn: 'The evaluator is withdrawn. Their marks no longer count: assign another evaluator if the group needs one.',
  moderated: 'The consensus mark is saved.',
  reviewed: 'The clarification outcome is recorded.',
  completed: 'The evaluation is complete. The result is fixed and its digest recorded.',
  recommended: 'The award is recommended. A second authorised person must now approve it.',
  approved: 'The award is approved. The standstill has started and every bidder is being sent their assessment summary.',
  awarded: 'The contract is awarded.',
  noAward: 'The tender has ended without an award.',
};
const notice = (req: Request) => {
  const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
  return done ? NOTICES[done] : null;
};

/** Who may take the evaluation bundle away (the API's rule for it too). */
const BUNDLE_READERS = ['commissioner', 'auditor'] as const;
const MODERATION_READERS = ['commissioner', 'auditor'] as const;
const MATRIX_READERS = ['commissioner', 'auditor', 'authority_admin'] as const;
const AWARD_READERS = ['commissioner', 'auditor', 'authority_admin'] as const;
const allowed = (readers: readonly string[], roles: readonly string[]) => readers.some((r) => roles.includes(r));
/** The evaluation's tabs, each shown only to the roles its page lets in (the same lists as the routes' @Access). */
const TABS: { path: string; text: string; roles: readonly string[] }[] = [
  { path: '', text: 'Evaluators and progress', roles: READERS },
  { path: '/moderation', text: 'Moderation', roles: MODERATION_READERS },
  { path: '/matrix', text: 'Evaluation matrix', roles: MATRIX_READERS },
  { path: '/award', text: 'Award', roles: AWARD_READERS },
];

/**
 * The commissioner's evaluation pages (issue 5): the overview with evaluators and their progress,
 * moderation beside the spread of marks, the evaluation matrix, and the award with its sensitivity.
 * The same services as the API; the evaluator's own scoring pages are in scoring-pages.controller.ts.
 */
@ApiExcludeController()
@Controller('authority/tenders/:id/evaluation')
export class EvaluationPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly contexts: EvaluationContexts,
    private readonly setup: EvaluationSetup,
    private readonly moderation: Moderation,
    private readonly awards: Awards,
    private readonly summaries: AssessmentSummaries,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...READERS)
  @Render('evaluation/overview')
  @UseInterceptors(PageInterceptor)
  overview(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.overviewPage(id, req.principal, [], {}, notice(req));
  }

  @Post()
  @Access('commissioner')
  @OwnTransactions()
  async start(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/overview',
      change: async () => {
        await this.setup.start(id, req.principal);
        return `/authority/tenders/${id}/evaluation?started=1`;
      },
      page: (errors) => this.overviewPage(id, req.principal, errors, {}, null),
      place: (e) => ({ ...e, field: 'start', href: '#start' }),
    });
  }

  @Post('assignments')
  @Access('commissioner')
  @OwnTransactions()
  async assign(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/overview',
      change: async () => {
        await this.contexts.of(id);
        const dto = await formAs(
          AssignEvaluatorDto,
          { userId: text(form, 'userId'), criterionGroup: text(form, 'criterionGroup') },
          { userId: 'Choose an evaluator', criterionGroup: 'Choose a criterion group' },
        );
        await this.setup.assign(id, dto, req.principal);
        return `/authority/tenders/${id}/evaluation?assigned=1`;
      },
      page: (errors) => this.overviewPage(id, req.principal, errors, form, null),
      place: (e) => (e.field === 'form' ? { ...e, field: 'userId', href: '#userId' } : e),
    });
  }

  @Get('assignments/:aid/withdrawal')
  @Access('commissioner')
  @Render('evaluation/withdrawal')
  @UseInterceptors(PageInterceptor)
  withdrawalView(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Param('aid', uuidParam('aid')) aid: string) {
    return this.withdrawalPage(id, aid, [], {});
  }

  @Post('assignments/:aid/withdrawal')
  @Access('commissioner')
  @OwnTransactions()
  async withdraw(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('aid', uuidParam('aid')) aid: string,
    @Body() form: Form,
  ) {
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/withdrawal',
      change: async () => {
        const dto = await formAs(WithdrawalDto, { reason: text(form, 'reason') }, { reason: 'Say why the evaluator is withdrawn' });
        await this.setup.withdraw(id, aid, dto, req.principal);
        return `/authority/tenders/${id}/evaluation?withdrawn=1`;
      },
      page: (errors) => this.withdrawalPage(id, aid, errors, form),
      place: (e) => (e.field === 'form' ? { ...e, field: 'reason', href: '#reason' } : e),
    });
  }

  /** Standing an evaluator down: who, how far they got, and the reason the record will keep. */
  private async withdrawalPage(id: string, aid: string, errors: FieldError[], form: Form) {
    const ctx = await this.contexts.of(id);
    const a = (await this.setup.progress(id)).find((x) => x.id === aid);
    if (!a) throw notFound('Assignment');
    const group = ctx.model.criteria.find((c) => c.key === a.criterionGroup)?.title ?? a.criterionGroup;
    return {
      title: `${errors.length ? 'Error: ' : ''}Withdraw ${a.evaluator} from ${group}`,
      heading: `Withdraw ${a.evaluator} from ${group}`,
      errors,
      // Only a commissioner reaches this page.
      tender: this.header(ctx.tender, ['commissioner']),
      assignment: { ...a, group },
      reason: form.reason ?? '',
      reasonError: errorFor(errors, 'reason'),
      // Why it would be refused, said before the button rather than after it.
      closed: a.withdrawnAt
        ? `${a.evaluator} was withdrawn: ${a.withdrawalReason}`
        : a.declaration === 'conflict'
          ? `${a.evaluator} declared a conflict of interest and is already out of the evaluation.`
          : ctx.evaluation.completedAt
            ? 'The evaluation is complete: no evaluator can be withdrawn now.'
            : null,
    };
  }

  private async overviewPage(id: string, principal: Principal, errors: FieldError[], form: Form, done: string | null) {
    const tender = await this.tender(id);
    const isCommissioner = principal.roles.includes('commissioner');
    const base = {
      title: `${errors.length ? 'Error: ' : ''}Evaluation: ${tender.title}`,
      notice: done,
      errors,
      tender: this.header(tender, principal.roles),
      isCommissioner,
      awardHref: allowed(AWARD_READERS, principal.roles) ? `/authority/tenders/${id}/evaluation/award` : null,
    };
    const ctx = await this.contexts.of(id).catch((err: unknown) => {
      if (err instanceof ProblemException && err.getStatus() === 409) return null;
      throw err;
    });
    if (!ctx) {
      return {
        ...base,
        started: false,
        canStart: isCommissioner && tender.status === 'closed' && !!tender.bidsOpenedAt,
        waiting: tender.bidsOpenedAt ? 'The bids are open.' : 'The bids are not open yet: close the tender after its deadline and open them first.',
        startError: errorFor(errors, 'start'),
        assignments: [],
        evaluators: [],
        groups: [],
        canAssign: false,
        fieldErrors: { userId: null, criterionGroup: null },
        complete: false,
      };
    }
    const everyone = await this.setup.progress(id);
    // An evaluator sees their own assignments; the commissioner, auditors and admins see everyone's progress (never marks).
    const visible = principal.roles.some((r) => r !== 'evaluator') ? everyone : everyone.filter((a) => a.userId === principal.userId);
    const members = await this.db.manager.find(Membership, { where: { tenantId: this.db.tenantId } });
    const evaluatorIds = members.filter((m) => m.roles.includes('evaluator') && !m.deactivatedAt).map((m) => m.userId);
    const names = await this.setup.names(evaluatorIds);
    const groups = ctx.model.criteria.filter((c) => c.category !== 'price');
    return {
      ...base,
      started: true,
      canStart: false,
      waiting: '',
      startError: null,
      complete: !!ctx.evaluation.completedAt,
      assignments: visible.map((a) => ({
        ...a,
        group: groups.find((g) => g.key === a.criterionGroup)?.title ?? a.criterionGroup,
        declared: a.declaration === 'no_conflict' ? 'No conflict' : a.declaration === 'conflict' ? 'Conflict declared: removed' : 'Not yet declared',
        mine: a.userId === principal.userId && !a.withdrawnAt,
        href: `/authority/tenders/${id}/evaluation/assignments/${a.id}`,
        withdrawHref:
          isCommissioner && !ctx.evaluation.completedAt && !a.withdrawnAt && a.declaration !== 'conflict'
            ? `/authority/tenders/${id}/evaluation/assignments/${a.id}/withdrawal`
            : null,
      })),
      canAssign: isCommissioner && !ctx.evaluation.completedAt,
      evaluators: evaluatorIds.map((u) => ({ value: u, text: names.get(u) ?? u, selected: form.userId === u })).sort((a, b) => a.text.localeCompare(b.text)),
      // Only groups evaluators mark: criteria marked by verification or by formula are not theirs.
      groups: groups
        .filter((g) => evaluatorCriteria(ctx).some((c) => c.group === g.key))
        .map((g) => ({ value: g.key, text: g.title, selected: form.criterionGroup === g.key })),
      fieldErrors: { userId: errorFor(errors, 'userId'), criterionGroup: errorFor(errors, 'criterionGroup') },
    };
  }

  @Get('moderation')
  @Access(...MODERATION_READERS)
  @Render('evaluation/moderation')
  @UseInterceptors(PageInterceptor)
  moderationView(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.moderationPage(id, req.principal, [], {}, notice(req));
  }

  @Post('moderation')
  @Access('commissioner')
  @OwnTransactions()
  async moderate(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    const bidId = text(form, 'bidId');
    const key = text(form, 'criterionKey');
    const cell = `${bidId}-${key}`;
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/moderation',
      change: async () => {
        await this.contexts.of(id);
        // One form per cell on the page: each field's name carries the cell.
        const dto = await formAs(
          ConsensusDto,
          {
            bidId,
            criterionKey: key,
            mark: text(form, `mark-${cell}`) === '' ? undefined : Number(text(form, `mark-${cell}`)),
            reason: text(form, `reason-${cell}`),
            varianceNote: text(form, `varianceNote-${cell}`) || undefined,
          },
          {
            bidId: 'Choose a bid',
            criterionKey: 'Choose a criterion',
            mark: 'Choose the consensus mark',
            reason: 'Enter the rationale for the consensus mark',
          },
        );
        await this.moderation.moderate(id, dto, req.principal);
        return `/authority/tenders/${id}/evaluation/moderation?moderated=1#cell-${cell}`;
      },
      page: (errors) => this.moderationPage(id, req.principal, errors, form, null),
      place: (e) => {
        const field = ['mark', 'reason', 'varianceNote'].includes(e.field) ? fieldId(`${e.field}-${cell}`) : fieldId(`mark-${cell}`);
        return { ...e, field: bidId && key ? field : 'form', href: bidId && key ? `#${field}` : '#main-content' };
      },
    });
  }

  private async moderationPage(id: string, principal: Principal, errors: FieldError[], form: Form, done: string | null) {
    const ctx = await this.contexts.of(id);
    const cells = await this.moderation.cells(ctx);
    const providers = await this.bidderNames(id);
    const names = await this.setup.names(cells.flatMap((c) => c.independent.map((m) => m.evaluatorId)));
    const canModerate = principal.roles.includes('commissioner') && !ctx.evaluation.completedAt;
    return {
      title: `${errors.length ? 'Error: ' : ''}Moderation: ${ctx.tender.title}`,
      notice: done,
      errors,
      tender: this.header(ctx.tender, principal.roles),
      complete: !!ctx.evaluation.completedAt,
      criteria: evaluatorCriteria(ctx).map((c) => ({
        key: c.key,
        title: c.title,
        scaleMax: c.scaleMax,
        cells: cells
          .filter((x) => x.criterionKey === c.key)
          .map((x) => {
            const cell = `${x.bidId}-${x.criterionKey}`;
            const value = (f: string, fallback: string) => form[`${f}-${cell}`] ?? fallback;
            const mark = value('mark', x.consensus ? String(x.consensus.mark) : '');
            return {
              id: fieldId(cell),
              bidId: x.bidId,
              criterionKey: x.criterionKey,
              bidder: providers.get(x.bidId) ?? 'Bidder',
              independent: x.independent.map((m) => ({ evaluator: names.get(m.evaluatorId) ?? 'Evaluator', mark: m.mark, reason: m.reason })),
              spread: x.spread === null ? 'No marks yet' : String(x.spread),
              flagged: x.varianceFlagged,
              ready: x.ready,
              consensus: x.consensus,
              canModerate: canModerate && x.ready,
              marks: Array.from({ length: c.scaleMax + 1 }, (_, m) => ({ value: String(m), selected: mark === String(m) })),
              markId: fieldId(`mark-${cell}`),
              reasonId: fieldId(`reason-${cell}`),
              noteId: fieldId(`varianceNote-${cell}`),
              reason: value('reason', x.consensus?.reason ?? ''),
              note: value('varianceNote', x.consensus?.varianceNote ?? ''),
              markError: errorFor(errors, `mark-${cell}`),
              reasonError: errorFor(errors, `reason-${cell}`),
              noteError: errorFor(errors, `varianceNote-${cell}`),
            };
          }),
      })),
    };
  }

  @Get('matrix')
  @Access(...MATRIX_READERS)
  @Render('evaluation/matrix')
  @UseInterceptors(PageInterceptor)
  async matrix(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const ctx = await this.contexts.of(id);
    const { status, result } = await this.contexts.result(ctx);
    return {
      title: `Evaluation matrix: ${ctx.tender.title}`,
      tender: this.header(ctx.tender, req.principal.roles),
      provisional: status === 'provisional',
      digest: result.digest,
      ...evaluationMatrix(ctx.model, result, await this.bidderNames(id)),
    };
  }

  /** The evaluation bundle as a file: anyone holding it recomputes the result offline (`npx commonweal evaluate`). */
  @Get('bundle')
  @Access(...BUNDLE_READERS)
  async bundle(@Param('id', uuidParam()) id: string, @Res({ passthrough: true }) res: Response) {
    const ctx = await this.contexts.of(id);
    const bundle = await this.contexts.bundle(ctx);
    res.setHeader('content-disposition', `attachment; filename="evaluation-bundle-${ctx.tender.reference.replace(/[^A-Za-z0-9._-]+/g, '-')}.json"`);
    res.type('application/json');
    return JSON.stringify(bundle, null, 2);
  }

  @Get('award')
  @Access(...AWARD_READERS)
  @Render('evaluation/award')
  @UseInterceptors(PageInterceptor)
  award(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.awardPage(id, req.principal, [], {}, notice(req));
  }

  @Post('abnormally-low/:bidId')
  @Access('commissioner')
  @OwnTransactions()
  async review(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Body() form: Form,
  ) {
    await this.awardForm(req, res, id, form, `low-${bidId}`, async () => {
      const dto = await formAs(
        AbnormallyLowReviewDto,
        { outcome: text(form, `outcome-${bidId}`) || undefined, reason: text(form, `reason-${bidId}`) },
        { outcome: 'Choose whether the price was accepted or rejected', reason: 'Enter what the bidder explained and why you accepted or rejected it' },
      );
      await this.moderation.reviewAbnormallyLow(id, bidId, dto, req.principal);
      return 'reviewed';
    });
  }

  @Post('complete')
  @Access('commissioner')
  @OwnTransactions()
  async complete(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.awardForm(req, res, id, {}, 'complete', async () => {
      await this.moderation.complete(id, req.principal);
      return 'completed';
    });
  }

  @Post('award/recommend')
  @Access('commissioner')
  @OwnTransactions()
  async recommend(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.awardForm(req, res, id, form, 'recommend', async () => {
      await this.awards.recommend(id, (await this.reason(form, 'recommend', 'Enter why this award is recommended')).reason, req.principal);
      return 'recommended';
    });
  }

  @Post('award/approve')
  @Access('commissioner', 'authority_admin')
  @OwnTransactions()
  async approve(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.awardForm(req, res, id, form, 'approve', async () => {
      await this.awards.approve(id, (await this.reason(form, 'approve', 'Enter the approval and on what authority')).reason, req.principal);
      return 'approved';
    });
  }

  @Post('award/confirm')
  @Access('commissioner')
  @OwnTransactions()
  async confirm(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.awardForm(req, res, id, {}, 'confirm', async () => {
      await this.awards.award(id, req.principal);
      return 'awarded';
    });
  }

  @Post('award/no-award')
  @Access('commissioner')
  @OwnTransactions()
  async noAward(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.awardForm(req, res, id, form, 'noAward', async () => {
      await this.awards.noAward(id, (await this.reason(form, 'noAward', 'Enter why no award is made')).reason, req.principal);
      return 'noAward';
    });
  }

  private reason(form: Form, field: string, required: string) {
    return formAs(AwardReasonDto, { reason: text(form, `reason-${field}`) }, { reason: required });
  }

  /** A form on the award page: errors about the whole step go to the step's own anchor. */
  private awardForm(req: PageRequest, res: Response, id: string, form: Form, anchor: string, change: () => Promise<string>) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/award',
      // Another authority's tender is not found before anything in the form is looked at.
      change: async () => {
        await this.contexts.of(id);
        return `/authority/tenders/${id}/evaluation/award?${await change()}=1`;
      },
      page: (errors) => this.awardPage(id, req.principal, errors, form, null),
      place: (e) => {
        // The completion check names every missing mark: send those to moderation's page, listed here.
        if (anchor === 'complete') return { ...e, field: 'complete', href: '#complete' };
        const field =
          e.field === 'reason'
            ? fieldId(`reason-${anchor.replace(/^low-/, '')}`)
            : e.field === 'outcome'
              ? fieldId(`outcome-${anchor.replace(/^low-/, '')}`)
              : anchor;
        return { ...e, field, href: `#${field}` };
      },
    });
  }

  private async awardPage(id: string, principal: Principal, errors: FieldError[], form: Form, done: string | null) {
    const ctx = await this.contexts.of(id);
    const isCommissioner = principal.roles.includes('commissioner');
    const steps = await this.awards.steps(id);
    const has = (s: string) => steps.some((x) => x.step === s);
    const recommended = steps.find((s) => s.step === 'recommended');
    const approved = steps.find((s) => s.step === 'approved');
    const bidders = await this.contexts.bidders(id);
    const providers = await this.namesOf(bidders);
    const names = await this.setup.names(steps.flatMap((s) => (s.byUser ? [s.byUser] : [])));
    const low = await this.moderation.abnormallyLow(ctx);
    const decided = has('awarded') || has('no_award');
    const sensitivity = ctx.evaluation.result ? await this.contexts.sensitivity(ctx) : null;
    const winnerOf = (bidId: string | null) => (bidId ? (providers.get(bidId) ?? 'A bidder') : 'No compliant bid');
    return {
      title: `${errors.length ? 'Error: ' : ''}Award: ${ctx.tender.title}`,
      notice: done,
      errors,
      tender: this.header(ctx.tender, principal.roles),
      complete: !!ctx.evaluation.completedAt,
      digest: ctx.evaluation.resultDigest,
      winners: ctx.evaluation.result
        ? ctx.evaluation.result.lots.map((l) => ({
            lot: ctx.model.lots.find((x) => x.key === l.lotKey)?.title ?? l.lotKey,
            winner: winnerOf(l.winner),
            value: l.winner && bidders.has(l.winner) ? pounds(bidders.get(l.winner)!.price) : null,
          }))
        : [],
      bundleHref: allowed(BUNDLE_READERS, principal.roles) ? `/authority/tenders/${id}/evaluation/bundle` : null,
      lowBids: low.map((b) => ({
        bidId: b.bidId,
        bidder: providers.get(b.bidId) ?? 'Bidder',
        price: pounds(b.priceBasis),
        flags: b.flags.map((f) => (f.endsWith('mean-of-others') ? 'below the mean of the others' : 'below the next lowest')).join(' and '),
        review: b.review ? { ...b.review, outcome: b.review.outcome === 'accepted' ? 'Accepted' : 'Rejected' } : null,
        canReview: isCommissioner && !b.review && !ctx.evaluation.completedAt,
        outcomeId: fieldId(`outcome-${b.bidId}`),
        reasonId: fieldId(`reason-${b.bidId}`),
        outcomeError: errorFor(errors, `outcome-${b.bidId}`),
        reasonError: errorFor(errors, `reason-${b.bidId}`),
        reason: form[`reason-${b.bidId}`] ?? '',
      })),
      canComplete: isCommissioner && !ctx.evaluation.completedAt,
      completeError: errorFor(errors, 'complete'),
      sensitivity:
        sensitivity?.map((s) => ({
          lot: ctx.model.lots.find((x) => x.key === s.lotKey)?.title ?? s.lotKey,
          applicable: s.applicable,
          reason: s.reason ?? '',
          pairs: s.pairs.map((p) => ({
            from: this.criterionTitle(ctx, p.from),
            to: this.criterionTitle(ctx, p.to),
            points: p.points,
            newWinner: p.newWinner ? (providers.get(p.newWinner) ?? 'Another bidder') : null,
          })),
          stays: s.monteCarlo ? `${(Number(s.monteCarlo.winnerStays) * 100).toFixed(1)}%` : '',
          samples: s.monteCarlo?.samples ?? 0,
          percent: s.monteCarlo?.percent ?? '',
          seed: s.monteCarlo?.seed ?? 0,
          others:
            s.monteCarlo?.otherWinners.map((o) => ({ bidder: providers.get(o.bidId) ?? 'Another bidder', share: `${(Number(o.share) * 100).toFixed(1)}%` })) ??
            [],
        })) ?? [],
      steps: steps.map((s) => ({
        step: label(s.step),
        by: s.byUser ? (names.get(s.byUser) ?? 'Someone') : 'An API key',
        at: s.at,
        reason: s.reason ?? '',
        standstillEndsAt: s.standstillEndsAt,
      })),
      canRecommend: isCommissioner && !!ctx.evaluation.completedAt && !recommended && !decided,
      canApprove:
        !!recommended && !approved && !decided && recommended.byUser !== principal.userId && (isCommissioner || principal.roles.includes('authority_admin')),
      approvalWaits: !!recommended && !approved && !decided && recommended.byUser === principal.userId,
      standstillEndsAt: approved?.standstillEndsAt ?? null,
      canConfirm: isCommissioner && !!approved && !decided,
      standstillRunning: !!approved && new Date(approved.standstillEndsAt!) > new Date(),
      canNoAward: isCommissioner && !decided,
      fieldErrors: Object.fromEntries(['recommend', 'approve', 'confirm', 'noAward'].map((f) => [f, errorFor(errors, f) ?? errorFor(errors, `reason-${f}`)])),
      reasons: Object.fromEntries(['recommend', 'approve', 'noAward'].map((f) => [f, form[`reason-${f}`] ?? ''])),
      summaries: (await this.summaries.sent(id)).map((s) => ({
        ...s,
        href: `/authority/tenders/${id}/evaluation/summaries/${s.providerId}`,
        tag:
          s.state === 'sent'
            ? s.emails.length
              ? { colour: 'green', text: 'Sent' }
              : { colour: 'grey', text: 'No e-mail recorded' }
            : s.state === 'failed'
              ? { colour: 'red', text: 'Failed: see Failed jobs' }
              : { colour: 'blue', text: 'Queued' },
        emails: s.emails.map((e) => ({
          ...e,
          status: e.status === 'sent' ? 'sent' : e.status === 'failed' ? `failed (${e.error ?? 'no reason given'})` : 'queued',
        })),
      })),
    };
  }

  /** One bidder's assessment summary as it was sent, for the authority answering a question or a challenge. */
  @Get('summaries/:providerId')
  @Access('commissioner', 'auditor', 'authority_admin')
  @Render('tenders/assessment-summary')
  @UseInterceptors(PageInterceptor)
  async summary(@Param('id', uuidParam()) id: string, @Param('providerId', uuidParam('providerId')) providerId: string) {
    await this.contexts.of(id);
    const data = await this.summaries.forAuthority(id, providerId);
    return {
      title: `Assessment summary: ${data.providerName}, ${data.tenderReference}`,
      summary: data,
      backHref: `/authority/tenders/${id}/evaluation/award#summaries`,
      forAuthority: true,
    };
  }

  private criterionTitle(ctx: EvaluationContext, key: string) {
    return ctx.model.criteria.find((c) => c.key === key)?.title ?? key;
  }

  private header(t: Tender, roles: readonly string[]) {
    return {
      id: t.id,
      reference: t.reference,
      title: t.title,
      tag: statusTag(t.status),
      tabs: TABS.filter((tab) => allowed(tab.roles, roles)).map((tab) => ({ href: `/authority/tenders/${t.id}/evaluation${tab.path}`, text: tab.text })),
    };
  }

  private async tender(id: string): Promise<Tender> {
    return tenderOr404(this.db.manager, id);
  }

  /** Each bid's organisation name, for the authority's pages (never for another bidder's). */
  private async bidderNames(tenderId: string): Promise<Map<string, string>> {
    return this.namesOf(await this.contexts.bidders(tenderId));
  }

  /** The names of bidders already read (the award page reads them once, for their prices too). */
  private async namesOf(bidders: Map<string, { providerId: string }>): Promise<Map<string, string>> {
    const names = await providerNames(
      this.db.manager,
      [...bidders.values()].map((b) => b.providerId),
    );
    return new Map([...bidders.entries()].map(([bidId, b]) => [bidId, names.get(b.providerId) ?? 'Bidder']));
  }
}
