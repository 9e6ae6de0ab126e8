import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Access,
  AUTHORITY_STAFF,
  DocumentUploadFor,
  notFound,
  OwnTransactions,
  type Principal,
  RequestDb,
  type Upload,
  uuidParam,
  validationProblem,
} from '#platform';
import { londonWallTime, londonWallTimeToUtc, MONEY } from '#kernel';
import { AnswerDto } from '../clarifications/clarification.dto.js';
import { AuthorityTenderPage, NOTICES } from './authority-tender-page.service.js';
import { Clarifications } from '../clarifications/clarifications.service.js';
import { Cycles } from '#commissioning';
import { CreateTenderDto } from '../tenders/tender-authoring.dto.js';
import { TENDER_REFERENCE } from '../tenders/tender-reference.js';
import { Documents } from '../documents/documents.service.js';
import { exampleModel } from '../model/example-model.js';
import { Tender } from '../tenders/tender.entity.js';
import { TenderAuthoring } from '../tenders/tender-authoring.service.js';
import { tenderOr404 } from '../tenders/tender-lookup.query.js';
import { dateFromParts, errorFor, type FieldError, fixableErrors, formAs, PageInterceptor, PageRenderer, PageWork } from '#web';
import { moneyTyped } from './model-forms.js';
import { deadlineText, statusTag } from './tender-tags.js';

type PageRequest = Request & { principal: Principal };

/**
 * The details form as the API's fields: money as people type it (`£430,000`), dates in GOV.UK's day, month
 * and year boxes with a London time. Every problem with the dates at once, in words, before the API's rules.
 */
async function detailsFromForm(form: Form) {
  const text = (k: string) => (form[k] ?? '').trim();
  const problems: { field: string; rule: string; message: string }[] = [];
  const instant = (prefix: string, what: string) => {
    const { date, problem } = dateFromParts(form, prefix, what);
    if (problem) return void problems.push({ field: prefix, rule: 'date', message: problem });
    if (!date) return undefined;
    const time = text(`${prefix}-time`) || '12:00';
    const at = londonWallTimeToUtc(date, time.replace('.', ':'));
    if (!at)
      return void problems.push({
        field: prefix,
        rule: 'time',
        message: `Enter the time ${what.toLowerCase()} as hours and minutes, for example 12:00 or 17:30`,
      });
    return at.toISOString();
  };
  const details = {
    reference: text('reference'),
    title: text('title'),
    description: text('description') || undefined,
    estimatedValue: moneyTyped(text('estimatedValue')) || undefined,
    cycleId: text('cycleId') || undefined,
    submissionDeadline: instant('deadline', 'Deadline for bids'),
    clarificationDeadline: instant('questions', 'Questions close'),
  };
  const fields = [
    ...(details.reference
      ? TENDER_REFERENCE.test(details.reference)
        ? []
        : [{ field: 'reference', rule: 'reference', message: 'Enter a reference of up to 60 letters, numbers and / . _ -, for example NCC-2027-001' }]
      : [{ field: 'reference', rule: 'required', message: 'Enter a reference, for example NCC-2027-001' }]),
    ...(details.title ? [] : [{ field: 'title', rule: 'required', message: 'Enter the tender’s title' }]),
    ...(details.estimatedValue && !MONEY.test(details.estimatedValue)
      ? [{ field: 'estimatedValue', rule: 'money', message: 'Enter the estimated value in pounds, for example 250,000 or 250000.50' }]
      : []),
  ];
  if (fields.length || problems.length) throw validationProblem([...fields, ...problems]);
  return details;
}

/** The API's field names as the form's: a date's problem belongs to its day, month and year boxes. */
function detailsErrors(err: unknown): FieldError[] {
  const boxes: Record<string, string> = { submissionDeadline: 'deadline', clarificationDeadline: 'questions' };
  return fixableErrors(err).map((e) => {
    const field = boxes[e.field] ?? e.field;
    return { ...e, field, href: ['deadline', 'questions'].includes(field) ? `#${field}-day` : `#${field}` };
  });
}

type Form = Record<string, string | undefined>;
/**
 * A tender as its authority's staff work on it: the published details and
 * model, documents, clarifications to answer, and the bids (sealed by the
 * database until the deadline has passed and a commissioner opens them).
 */
@ApiExcludeController()
@Controller('authority/tenders')
export class AuthorityTendersPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly clarifications: Clarifications,
    private readonly documents: Documents,
    private readonly tenderPage: AuthorityTenderPage,
    private readonly cycleList: Cycles,
    private readonly authoring: TenderAuthoring,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @Render('authority-tenders/list')
  @UseInterceptors(PageInterceptor)
  async list(@Req() req: PageRequest) {
    const rows = await this.db.manager.find(Tender, { order: { createdAt: 'DESC' } });
    return {
      title: 'Tenders',
      canDraft: req.principal.roles.includes('commissioner'),
      tenders: rows.map((t) => ({
        href: `/authority/tenders/${t.id}`,
        reference: t.reference,
        title: t.title,
        tag: statusTag(t.status),
        deadline: deadlineText(t.submissionDeadline),
      })),
    };
  }

  @Get('new')
  @Access('commissioner')
  @Render('authority-tenders/new')
  @UseInterceptors(PageInterceptor)
  async start() {
    return this.detailsPage(null, { 'deadline-time': '12:00', 'questions-time': '12:00' }, []);
  }

  @Post()
  @Access('commissioner')
  @OwnTransactions()
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() form: Form) {
    try {
      const details = await detailsFromForm(form);
      const dto = await formAs(CreateTenderDto, { ...details, model: exampleModel() }, {});
      const tender = await this.work.commit(req.principal, () => this.authoring.create(dto, req.principal));
      res.redirect(303, `/authority/tenders/${tender.id}?drafted=1`);
    } catch (err) {
      const page = await this.work.commit(req.principal, () => this.detailsPage(null, form, detailsErrors(err)));
      this.pages.sendRefused(req, res, 'authority-tenders/new', page);
    }
  }

  @Get(':id/details')
  @Access('commissioner')
  @Render('authority-tenders/new')
  @UseInterceptors(PageInterceptor)
  async details(@Param('id', uuidParam()) id: string) {
    const t = await this.draft(id);
    const at = (d: Date | null, prefix: string) => {
      if (!d) return { [`${prefix}-time`]: '12:00' };
      const w = londonWallTime(d);
      return { [`${prefix}-day`]: w.day, [`${prefix}-month`]: w.month, [`${prefix}-year`]: w.year, [`${prefix}-time`]: w.time };
    };
    const form: Form = {
      reference: t.reference,
      title: t.title,
      description: t.description,
      estimatedValue: t.estimatedValue ?? '',
      cycleId: t.cycleId ?? '',
      version: String(t.version),
      ...at(t.submissionDeadline, 'deadline'),
      ...at(t.clarificationDeadline, 'questions'),
    };
    return this.detailsPage(t, form, []);
  }

  /** A draft's details changed (its model is changed on the model's pages); a stale version or a date that cannot work comes back on the form. */
  @Post(':id/details')
  @Access('commissioner')
  @OwnTransactions()
  async saveDetails(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      const details = await detailsFromForm(form);
      const dto = await formAs(CreateTenderDto, details, {});
      await this.work.commit(req.principal, async () => {
        await this.draft(id);
        await this.authoring.updateDetails(id, { ...dto, version: Number(form.version) || 0 });
      });
      res.redirect(303, `/authority/tenders/${id}?detailsSaved=1`);
    } catch (err) {
      const page = await this.work.commit(req.principal, async () => this.detailsPage(await this.draft(id), form, detailsErrors(err)));
      this.pages.sendRefused(req, res, 'authority-tenders/new', page);
    }
  }

  /** Only a draft's details can be changed: a published tender's are fixed (its page says so). */
  private async draft(id: string): Promise<Tender> {
    const t = await tenderOr404(this.db.manager, id);
    if (t.status !== 'draft') throw notFound('Draft tender');
    return t;
  }

  private async detailsPage(t: Tender | null, form: Form, errors: FieldError[]) {
    const fields = ['reference', 'title', 'description', 'estimatedValue', 'cycleId', 'version'];
    const cycles = await this.cycleList.summaries();
    const errorOf = (f: string) => errorFor(errors, f);
    const date = (prefix: string) => ({
      day: form[`${prefix}-day`] ?? '',
      month: form[`${prefix}-month`] ?? '',
      year: form[`${prefix}-year`] ?? '',
      time: form[`${prefix}-time`] ?? '',
      error: errorOf(prefix),
    });
    const heading = t ? 'Change the draft’s details' : 'Draft a tender';
    return {
      title: `${errors.length ? 'Error: ' : ''}${heading}`,
      heading,
      tender: t ? { id: t.id, title: t.title } : null,
      action: t ? `/authority/tenders/${t.id}/details` : '/authority/tenders',
      errors,
      form: Object.fromEntries(fields.map((f) => [f, form[f] ?? ''])),
      deadline: date('deadline'),
      questions: date('questions'),
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errorOf(f)])),
      cycles: cycles.map((c) => ({ value: c.id, text: `${c.reference}: ${c.title}`, selected: form.cycleId === c.id })),
    };
  }

  @Get(':id')
  @Access(...AUTHORITY_STAFF)
  @Render('authority-tenders/show')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.tenderPage.build(id, req.principal, [], {}, done ? NOTICES[done] : null);
  }

  @Get(':id/documents/:docId')
  @Access(...AUTHORITY_STAFF)
  download(@Param('id', uuidParam()) id: string, @Param('docId', uuidParam('docId')) docId: string) {
    return this.documents.download(id, docId, false);
  }

  @Post(':id/documents')
  @Access('commissioner')
  @OwnTransactions()
  @DocumentUploadFor('tender document')
  async attach(@Req() req: PageRequest & { file?: Upload }, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.tenderPage.act(req, res, id, {}, 'file', async () => {
      await this.documents.attach(id, req.file, req.principal);
      return 'attached';
    });
  }

  @Post(':id/clarifications/:cid/answer')
  @Access('commissioner')
  @OwnTransactions()
  async answer(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('cid', uuidParam('cid')) cid: string,
    @Body() form: Form,
  ) {
    await this.tenderPage.act(req, res, id, form, `answer-${cid}`, async () => {
      // One form per question on the page, so each field's name carries the question's id.
      const dto = await formAs(
        AnswerDto,
        {
          answer: (form[`answerText-${cid}`] ?? '').trim(),
          publishedQuestion: (form[`publishedQuestion-${cid}`] ?? '').trim() || undefined,
        },
        { answer: 'Enter the answer' },
      );
      await this.clarifications.answer(id, cid, dto.answer, dto.publishedQuestion, req.principal);
      return 'answered';
    });
  }

  @Post(':id/transitions')
  @Access('commissioner')
  @OwnTransactions()
  async transition(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.tenderPage.act(req, res, id, form, 'status', async () => {
      const to = form.to === 'published' || form.to === 'closed' || form.to === 'cancelled' ? form.to : null;
      if (!to) throw notFound('Action');
      const reason = (form.reason ?? '').trim() || undefined;
      await this.authoring.transition(id, { to, reason });
      return to;
    });
  }
}
