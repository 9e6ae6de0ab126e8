import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { providerNames } from '#auth';
import { Access, notFound, OwnTransactions, type Principal, RequestDb, uuidParam } from '#platform';
import { DeclarationDto, MarkDto } from '../evaluation.dto.js';
import { EvaluationContexts, evaluatorCriteria } from '../evaluation-context.service.js';
import { EvaluationSetup } from '../evaluation-setup.service.js';
import { Scoring } from '../scoring.service.js';
import { errorFor, type FieldError, fieldId, formAction, formAs, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (form: Form, k: string) => (form[k] ?? '').trim();
const NOTICES: Record<string, string> = {
  declared: 'Your declaration is recorded.',
  marked: 'Your mark is saved. You can change it until you submit.',
  submitted: 'Your marks are submitted. You can now see the other evaluators’ marks for this group.',
};

/**
 * The evaluator's own pages: declare conflicts of interest (before any bid is shown), then mark one
 * criterion at a time with its guidance and band descriptors beside the answers, then submit.
 */
@ApiExcludeController()
@Controller('authority/tenders/:id/evaluation/assignments/:aid')
export class ScoringPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly contexts: EvaluationContexts,
    private readonly setup: EvaluationSetup,
    private readonly scoring: Scoring,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('evaluator')
  @Render('evaluation/assignment')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Param('aid', uuidParam('aid')) aid: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.assignmentPage(id, aid, req.principal, [], {}, done ? NOTICES[done] : null);
  }

  @Post('declaration')
  @Access('evaluator')
  @OwnTransactions()
  async declare(
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
      view: 'evaluation/assignment',
      change: async () => {
        await this.setup.own(id, aid, req.principal);
        const choice = text(form, 'conflict');
        const dto = await formAs(
          DeclarationDto,
          { conflict: choice === '' ? undefined : choice === 'yes', note: text(form, 'note') || undefined },
          { conflict: 'Say whether you have a conflict of interest' },
        );
        await this.setup.declare(id, aid, dto, req.principal);
        return `/authority/tenders/${id}/evaluation/assignments/${aid}?declared=1`;
      },
      page: (errors) => this.assignmentPage(id, aid, req.principal, errors, form, null),
      place: (e) => (e.field === 'form' ? { ...e, field: 'conflict', href: '#conflict' } : e),
    });
  }

  @Post('submit')
  @Access('evaluator')
  @OwnTransactions()
  async submit(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Param('aid', uuidParam('aid')) aid: string) {
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/assignment',
      change: async () => {
        await this.scoring.submit(id, aid, req.principal);
        return `/authority/tenders/${id}/evaluation/assignments/${aid}?submitted=1`;
      },
      page: (errors) => this.assignmentPage(id, aid, req.principal, errors, {}, null),
      // The API names each missing mark; the page says how many, at the submit button.
      place: (e) => ({ ...e, field: 'submit', href: '#submit' }),
    });
  }

  private async assignmentPage(id: string, aid: string, principal: Principal, errors: FieldError[], form: Form, done: string | null) {
    const a = await this.setup.own(id, aid, principal);
    const ctx = await this.contexts.of(id);
    const criteria = evaluatorCriteria(ctx).filter((c) => c.group === a.criterionGroup);
    const bidders = await this.contexts.bidders(id);
    const mine = a.declaration === 'no_conflict' ? (await this.setup.ownMarks(id, principal)).filter((m) => m.criterionGroup === a.criterionGroup) : [];
    // Naming the bidders is what a conflict declaration needs; their answers come only after it.
    const names = await providerNames(
      this.db.manager,
      [...bidders.values()].map((b) => b.providerId),
    );
    const submitErrors = errors.filter((e) => e.field === 'submit');
    // After submitting, everyone's marks for the group, side by side (the database shows them only now).
    const labels = new Map([...bidders.keys()].map((bidId, i) => [bidId, `Bid ${i + 1}`]));
    const keys = new Set(criteria.map((c) => c.key));
    const everyone = a.submittedAt ? (await this.scoring.visibleMarks(id, principal)).filter((m) => keys.has(m.criterionKey)) : [];
    return {
      title: `${errors.length ? 'Error: ' : ''}Evaluate: ${ctx.tender.title}`,
      notice: done,
      errors: submitErrors.length > 1 ? [{ ...submitErrors[0], text: `${submitErrors.length} marks are still to give` }] : errors,
      tender: { id: ctx.tender.id, reference: ctx.tender.reference, title: ctx.tender.title },
      assignment: {
        id: a.id,
        group: ctx.model.criteria.find((c) => c.key === a.criterionGroup)?.title ?? a.criterionGroup,
        submittedAt: a.submittedAt?.toISOString() ?? null,
      },
      // Withdrawn by the commissioner: nothing more to declare, mark or submit, and their marks no longer count.
      withdrawn: a.withdrawnAt ? { at: a.withdrawnAt.toISOString(), reason: a.withdrawalReason } : null,
      undeclared: !a.withdrawnAt && a.declaration === null,
      conflicted: a.declaration === 'conflict',
      open: !a.withdrawnAt && a.declaration === 'no_conflict',
      bidderNames: [...names.values()].sort(),
      conflictError: errorFor(errors, 'conflict'),
      noteError: errorFor(errors, 'note'),
      note: form.note ?? '',
      options: [
        { value: 'no', text: 'No, I have no conflict of interest', checked: form.conflict === 'no' },
        { value: 'yes', text: 'Yes, I have a conflict of interest', checked: form.conflict === 'yes' },
      ],
      criteria: criteria.map((c) => ({
        key: c.key,
        title: c.title,
        href: `/authority/tenders/${id}/evaluation/assignments/${aid}/criteria/${c.key}`,
        marked: mine.filter((m) => m.criterionKey === c.key).length,
        of: bidders.size,
      })),
      allMarks: criteria.map((c) => ({
        title: c.title,
        rows: everyone
          .filter((m) => m.criterionKey === c.key)
          .map((m) => ({ bid: labels.get(m.bidId) ?? 'Bid', evaluator: m.evaluator, mark: m.mark, reason: m.reason })),
      })),
      canSubmit: !a.withdrawnAt && a.declaration === 'no_conflict' && !a.submittedAt,
      submitError: submitErrors.length ? `${submitErrors.length} marks are still to give` : null,
    };
  }

  @Get('criteria/:key')
  @Access('evaluator')
  @Render('evaluation/criterion')
  @UseInterceptors(PageInterceptor)
  criterion(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Param('aid', uuidParam('aid')) aid: string, @Param('key') key: string) {
    return this.criterionPage(id, aid, key, req.principal, [], {}, (req.query as Record<string, string>).marked === '1' ? NOTICES.marked : null);
  }

  @Post('criteria/:key/bids/:bidId')
  @Access('evaluator')
  @OwnTransactions()
  async mark(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('aid', uuidParam('aid')) aid: string,
    @Param('key') key: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Body() form: Form,
  ) {
    await formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'evaluation/criterion',
      change: async () => {
        await this.setup.openFor(id, aid, req.principal);
        // One form per bid on the page: each field's name carries the bid.
        const raw = text(form, `mark-${bidId}`);
        const dto = await formAs(
          MarkDto,
          { bidId, criterionKey: key, mark: raw === '' ? undefined : Number(raw), reason: text(form, `reason-${bidId}`) },
          { mark: 'Choose a mark', reason: 'Enter the reason for your mark, against the band descriptors' },
        );
        await this.scoring.mark(id, aid, dto, req.principal);
        return `/authority/tenders/${id}/evaluation/assignments/${aid}/criteria/${key}?marked=1#bid-${bidId}`;
      },
      page: (errors) => this.criterionPage(id, aid, key, req.principal, errors, form, null),
      place: (e) => {
        const field = e.field === 'reason' ? fieldId(`reason-${bidId}`) : e.field === 'mark' ? fieldId(`mark-${bidId}`) : fieldId(`bid-${bidId}`);
        return { ...e, field, href: `#${field}` };
      },
    });
  }

  private async criterionPage(id: string, aid: string, key: string, principal: Principal, errors: FieldError[], form: Form, done: string | null) {
    const sheet = await this.scoring.sheet(id, aid, principal);
    const c = sheet.criteria.find((x) => x.key === key);
    if (!c) throw notFound('Criterion');
    const at = sheet.criteria.indexOf(c);
    const next = sheet.criteria[at + 1];
    const ctx = await this.contexts.of(id);
    const editable = !sheet.assignment.submittedAt;
    return {
      title: `${errors.length ? 'Error: ' : ''}${c.title}: ${ctx.tender.title}`,
      notice: done,
      errors,
      tender: { id, reference: ctx.tender.reference, title: ctx.tender.title },
      back: `/authority/tenders/${id}/evaluation/assignments/${aid}`,
      next: next ? `/authority/tenders/${id}/evaluation/assignments/${aid}/criteria/${next.key}` : null,
      criterion: {
        ...c,
        guidance: c.guidance ?? '',
        bands: c.bands.map((b) => ({ range: b.min === b.max ? String(b.min) : `${b.min} to ${b.max}`, descriptor: b.descriptor })),
      },
      position: `Criterion ${at + 1} of ${sheet.criteria.length}`,
      editable,
      bids: sheet.bids.map((b) => {
        const mine = b.marks[key] as { mark: number; reason: string } | undefined;
        const mark = form[`mark-${b.bidId}`] ?? (mine ? String(mine.mark) : '');
        return {
          id: b.bidId,
          label: b.label,
          answer: b.answers[key] || 'No answer given.',
          commitments: b.socialValue
            ? {
                total: pounds(b.socialValue.totalValue),
                share: b.socialValue.shareOfPricePercent,
                list: b.socialValue.commitments.map((m) => ({ ...m, quantities: m.quantities.map((q) => `year ${q.year}: ${q.quantity}`).join(', ') })),
              }
            : null,
          action: `/authority/tenders/${id}/evaluation/assignments/${aid}/criteria/${key}/bids/${b.bidId}`,
          markId: fieldId(`mark-${b.bidId}`),
          reasonId: fieldId(`reason-${b.bidId}`),
          options: Array.from({ length: c.scaleMax + 1 }, (_, m) => ({ value: String(m), text: String(m), checked: mark === String(m) })),
          reason: form[`reason-${b.bidId}`] ?? mine?.reason ?? '',
          saved: mine ? `${mine.mark}: ${mine.reason}` : null,
          markError: errorFor(errors, `mark-${b.bidId}`),
          reasonError: errorFor(errors, `reason-${b.bidId}`),
        };
      }),
    };
  }
}
