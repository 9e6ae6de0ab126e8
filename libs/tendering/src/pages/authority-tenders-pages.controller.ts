import { Body, Controller, Get, Param, Post, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Access,
  AUTHORITY_STAFF,
  DocumentUpload,
  notFound,
  OwnTransactions,
  type Principal,
  RequestDb,
  type Upload,
  uuidParam,
  validationProblem,
} from '#platform';
import { londonWallTimeToUtc } from '#kernel';
import { AnswerDto } from '../clarifications/clarification.dto.js';
import { AuthorityTenderPage, criteriaRows, NOTICES } from './authority-tender-page.service.js';
import { PRICE_METHODS, TIE_BREAKS } from '#scoring';
import type { Criterion } from '../model/evaluation-model.js';
import { Clarifications } from '../clarifications/clarifications.service.js';
import { Cycles } from '#commissioning';
import { CreateTenderDto } from '../tenders/tender-authoring.dto.js';
import { Documents } from '../documents/documents.service.js';
import { exampleModel } from '../model/example-model.js';
import { Tender } from '../tenders/tender.entity.js';
import { TenderAuthoring } from '../tenders/tender-authoring.service.js';
import { tenderOr404 } from '../tenders/tender-lookup.query.js';
import { type FieldError, fixableErrors, formAs, label, PageInterceptor, PageRenderer, PageWork } from '#web';
import { deadlineText, statusTag } from './tender-tags.js';

type PageRequest = Request & { principal: Principal };
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
    return this.newPage({}, []);
  }

  @Post()
  @Access('commissioner')
  @OwnTransactions()
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() form: Form) {
    try {
      const text = (k: string) => (form[k] ?? '').trim();
      const instant = (date: string, time: string, field: string) => {
        if (!text(date) && !text(time)) return undefined;
        const at = londonWallTimeToUtc(text(date), text(time) || '12:00');
        if (!at) throw validationProblem([{ field, rule: 'date-time', message: 'Enter a real date as YYYY-MM-DD and a time as HH:MM (London time)' }]);
        return at.toISOString();
      };
      const dto = await formAs(
        CreateTenderDto,
        {
          reference: text('reference'),
          title: text('title'),
          description: text('description') || undefined,
          estimatedValue: text('estimatedValue').replace(/[£,]/g, '') || undefined,
          cycleId: text('cycleId') || undefined,
          submissionDeadline: instant('deadlineDate', 'deadlineTime', 'deadlineDate'),
          clarificationDeadline: instant('questionsDate', 'questionsTime', 'questionsDate'),
          // The standard model to start from; commissioners change it through the API until the model editor is built.
          model: exampleModel(),
        },
        { reference: 'Enter a reference', title: 'Enter a title' },
      );
      const tender = await this.work.commit(req.principal, () => this.authoring.create(dto, req.principal));
      res.redirect(303, `/authority/tenders/${tender.id}?drafted=1`);
    } catch (err) {
      const errors = fixableErrors(err).map((e) => {
        const field =
          e.field === 'submissionDeadline'
            ? 'deadlineDate'
            : e.field === 'clarificationDeadline'
              ? 'questionsDate'
              : e.field.startsWith('model')
                ? 'form'
                : e.field;
        return { ...e, field, href: field === 'form' ? '#main-content' : `#${field}` };
      });
      const page = await this.work.commit(req.principal, () => this.newPage(form, errors));
      this.pages.sendRefused(req, res, 'authority-tenders/new', page);
    }
  }

  private async newPage(form: Form, errors: FieldError[]) {
    const fields = ['reference', 'title', 'description', 'estimatedValue', 'cycleId', 'deadlineDate', 'deadlineTime', 'questionsDate', 'questionsTime'];
    const cycles = await this.cycleList.summaries();
    return {
      title: `${errors.length ? 'Error: ' : ''}Draft a tender`,
      errors,
      form: Object.fromEntries(fields.map((f) => [f, form[f] ?? ''])),
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errors.find((e) => e.field === f)?.text ?? null])),
      cycles: cycles.map((c) => ({ value: c.id, text: `${c.reference}: ${c.title}`, selected: form.cycleId === c.id })),
    };
  }

  @Get(':id/model')
  @Access('commissioner')
  @Render('authority-tenders/model')
  @UseInterceptors(PageInterceptor)
  async modelForm(@Param('id', uuidParam()) id: string) {
    return this.modelPage(await this.draft(id), {}, []);
  }

  /**
   * The draft's model, edited where commissioners most often change it: the
   * weights at every level, each lot's price method and the tie-break order.
   * The tree's shape (adding or removing criteria) is edited through the API.
   */
  @Post(':id/model')
  @Access('commissioner')
  @OwnTransactions()
  async saveModel(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      await this.work.commit(req.principal, async () => {
        const t = await this.draft(id);
        const model = structuredClone(t.evaluationModel!);
        const reweigh = (list: Criterion[]) =>
          list.forEach((c) => {
            c.weight = (form[`weight-${c.key}`] ?? c.weight).trim();
            if (c.children) reweigh(c.children);
          });
        reweigh(model.criteria);
        model.lots.forEach((l) => {
          l.priceMethod = (form[`method-${l.key}`] ?? l.priceMethod) as typeof l.priceMethod;
        });
        const order = TIE_BREAKS.filter((b) => form[`tie-${b}`]).sort((a, b) => Number(form[`tie-${a}`]) - Number(form[`tie-${b}`]));
        model.tieBreak = order.length ? order : model.tieBreak;
        await this.authoring.update(id, {
          reference: t.reference,
          title: t.title,
          description: t.description,
          estimatedValue: t.estimatedValue ?? undefined,
          submissionDeadline: t.submissionDeadline?.toISOString(),
          clarificationDeadline: t.clarificationDeadline?.toISOString(),
          cycleId: t.cycleId ?? undefined,
          model: model as unknown as Record<string, unknown>,
          version: Number(form.version),
        });
      });
      res.redirect(303, `/authority/tenders/${id}?modelSaved=1`);
    } catch (err) {
      const errors = fixableErrors(err).map((e) => ({ ...e, href: '#criteria' }));
      const page = await this.work.commit(req.principal, async () => this.modelPage(await this.draft(id), form, errors));
      this.pages.sendRefused(req, res, 'authority-tenders/model', page);
    }
  }

  private async draft(id: string): Promise<Tender> {
    return tenderOr404(this.db.manager, id);
  }

  private modelPage(t: Tender, form: Form, errors: FieldError[]) {
    const model = t.evaluationModel;
    return {
      title: `${errors.length ? 'Error: ' : ''}Evaluation model: ${t.title}`,
      tender: { id: t.id, title: t.title, reference: t.reference, version: t.version, editable: t.status === 'draft' && !!model },
      errors,
      criteria: model ? criteriaRows(model.criteria).map((r) => ({ ...r, weight: form[`weight-${r.key}`] ?? r.weight })) : [],
      lots: model
        ? model.lots.map((l) => ({
            key: l.key,
            title: l.title,
            methods: PRICE_METHODS.map((m) => ({ value: m, text: label(m), selected: (form[`method-${l.key}`] ?? l.priceMethod) === m })),
          }))
        : [],
      tieBreaks: TIE_BREAKS.map((b) => {
        const at = model?.tieBreak.indexOf(b) ?? -1;
        const value = form[`tie-${b}`] ?? (at >= 0 ? String(at + 1) : '');
        return {
          value: b,
          text: label(b),
          options: ['', '1', '2', '3', '4'].map((o) => ({ value: o, text: o === '' ? 'Not used' : `${o}`, selected: o === value })),
        };
      }),
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
  @UseGuards(DocumentUpload)
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
