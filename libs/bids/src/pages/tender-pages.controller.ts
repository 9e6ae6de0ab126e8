import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  Access,
  ALLOWED_TYPES,
  DocumentUploadFor,
  OwnTransactions,
  type Principal,
  Public,
  PublishedRecords,
  type Upload,
  uuidParam,
  validationProblem,
} from '#platform';

import { AskDto, BIDDER_TENDER_SLOT, Clarifications, deadlineText, Documents, lotTitle, PublishedTenders, statusTag } from '#tendering';
import { BidDocuments } from '../bid-documents.service.js';
import { Bids } from '../bids.service.js';

import { LEVELS, SelfAssessments } from '#public-character';
import { SocialValueCatalogues } from '#social-value';
import { SubmitBidDto } from '../bid.dto.js';
import { ADD_COMMITMENT, commitmentsFromForm, formFromBid, placeError, socialValueFormView } from './social-value-form.js';
import { type FieldError, fieldId, fixableErrors, formAs, label, PageExtensions, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';

type PageRequest = Request & { principal?: Principal };
type Form = Record<string, string | string[] | undefined>;
/** One value of a form field (a repeated field's first). */
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const NOTICES: Record<string, string> = {
  asked: 'Your question has been sent. The answer will be published to every bidder, without your name.',
  uploaded: 'The document is uploaded. Tick it in the bid form to include it in your bid.',
  submitted: 'Your bid has been received. The receipt below is your proof of what you sent and when.',
};

/**
 * A published tender as providers (and the public) see it: its details and
 * documents, the answered questions, and, for a provider, a question form,
 * its receipts and the bid form. The same services and rules as the API.
 */
@ApiExcludeController()
@Controller('tenders')
export class TenderPageController {
  constructor(
    private readonly tenders: PublishedTenders,
    private readonly clarifications: Clarifications,
    private readonly documents: Documents,
    private readonly bids: Bids,
    private readonly bidDocuments: BidDocuments,
    private readonly extensions: PageExtensions,
    private readonly catalogues: SocialValueCatalogues,
    private readonly selfAssessments: SelfAssessments,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id')
  @Public()
  @PublishedRecords()
  @Render('tenders/show')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    const done = Object.keys(NOTICES).find((k) => (req.query as Record<string, string>)[k] === '1');
    return this.page(id, req.principal, [], {}, done ? NOTICES[done] : null, true);
  }

  @Get(':id/documents/:docId')
  @Public()
  @PublishedRecords()
  download(@Param('id', uuidParam()) id: string, @Param('docId', uuidParam('docId')) docId: string) {
    return this.documents.download(id, docId, true);
  }

  @Post(':id/questions')
  @Access('provider')
  @OwnTransactions()
  async ask(@Req() req: PageRequest & { principal: Principal }, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.act(req, res, id, form, async () => {
      const dto = await formAs(AskDto, { question: one(form.question).trim() }, { question: 'Enter your question' });
      await this.clarifications.ask(id, dto.question, req.principal);
      return 'asked';
    });
  }

  @Post(':id/bid')
  @Access('provider')
  @OwnTransactions()
  async bid(@Req() req: PageRequest & { principal: Principal }, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    if (one(form[ADD_COMMITMENT]) === '1') {
      // "Add another commitment": the same form back with one more slot, nothing sent.
      const page = await this.work.commit(
        req.principal,
        () => this.page(id, req.principal, [], form, 'Another commitment has been added to the form. Your bid has not been sent yet.'),
        { publishedRecords: true },
      );
      res
        .status(200)
        .type('html')
        .send(this.pages.render('tenders/show', { ...page, chrome: this.pages.chrome(req, null) }));
      return;
    }
    await this.act(req, res, id, form, async () => {
      const tender = await this.tenders.openForBids(id);
      const model = tender.evaluationModel!;
      const questions = (await this.bids.writtenQuestions(tender)).written;
      const answers = Object.fromEntries(questions.map((q) => [q.key, one(form[`answer-${q.key}`]).trim()]));
      const price = one(form.price).replace(/[£,\s]/g, '');
      // Everything missing at once, in the order of the page.
      const missing = [
        ...questions.filter((q) => !answers[q.key]).map((q) => ({ field: `answer-${q.key}`, rule: 'required', message: `Answer “${q.title}”` })),
        ...(price ? [] : [{ field: 'price', rule: 'required', message: 'Enter your price' }]),
      ];
      if (missing.length) throw validationProblem(missing);
      const chosen = form.document as string | string[] | undefined;
      const documents = chosen === undefined ? [] : Array.isArray(chosen) ? chosen : [chosen];
      const { commitments } = commitmentsFromForm(form);
      const dto = await formAs(
        SubmitBidDto,
        {
          lotKey: one(form.lotKey) || model.lots[0].key,
          answers,
          price,
          ...(documents.length ? { documents } : {}),
          ...(commitments.length ? { socialValue: { commitments } } : {}),
        },
        {},
      );
      await this.bids.submit(id, dto, req.principal);
      return 'submitted';
    });
  }

  @Post(':id/bid-documents')
  @Access('provider')
  @OwnTransactions()
  @DocumentUploadFor('bid document')
  async upload(@Req() req: PageRequest & { principal: Principal; file?: Upload }, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.act(req, res, id, {}, async () => {
      await this.bidDocuments.upload(id, req.file, req.principal);
      return 'uploaded';
    });
  }

  @Get(':id/bid-documents/:docId')
  @Access('provider')
  @PublishedRecords()
  ownDocument(@Param('id', uuidParam()) id: string, @Param('docId', uuidParam('docId')) docId: string) {
    return this.bidDocuments.download(id, docId);
  }

  private async act(req: PageRequest & { principal: Principal }, res: Response, id: string, form: Form, change: () => Promise<string>) {
    try {
      const done = await this.work.commit(req.principal, change, { publishedRecords: true });
      res.redirect(303, `/tenders/${id}?${done}=1#${done === 'asked' ? 'questions' : 'bid'}`);
    } catch (err) {
      // The bid form's fields are `answer-<key>`; the API names them `answers.<key>`.
      // Social value errors are placed on the slot and year they came from.
      const errors = fixableErrors(err).map((e) =>
        e.field.startsWith('answers-')
          ? { ...e, field: e.field.replace(/^answers-/, 'answer-'), href: `#${e.field.replace(/^answers-/, 'answer-')}` }
          : placeError(e, form),
      );
      const page = await this.work.commit(req.principal, () => this.page(id, req.principal, errors, form, null), { publishedRecords: true });
      this.pages.sendRefused(req, res, 'tenders/show', page);
    }
  }

  /** `fromPrevious`: a fresh form starts from the provider's latest version (the newest of its lots), if it sent one. */
  private async page(id: string, principal: Principal | undefined, errors: FieldError[], given: Form, notice: string | null, fromPrevious = false) {
    const t = await this.tenders.one(id);
    const tender = await this.tenders.published(id);
    const isProvider = Boolean(principal?.roles.includes('provider'));
    const open = tender.status === 'published' && !!tender.submissionDeadline && tender.submissionDeadline > new Date();
    const questionsClose = tender.clarificationDeadline ?? tender.submissionDeadline;
    const model = tender.evaluationModel;
    const errorFor = (field: string) => errors.find((e) => e.field === fieldId(field))?.text ?? null;
    const receipts = isProvider ? await this.bids.mine(id) : [];
    // Evaluation links the bidder's assessment summary here once it has one (a page extension).
    const { summaryHref = null } =
      isProvider && receipts.length ? await this.extensions.collect(BIDDER_TENDER_SLOT, { tenderId: id, providerId: principal!.providerId! }) : {};
    const uploaded = isProvider ? await this.bidDocuments.mine(id) : [];
    const written = model && isProvider ? (await this.bids.writtenQuestions(tender)).written : [];
    const preview = isProvider && open ? await this.selfAssessments.snapshotFor(tender) : null;
    // The catalogue version the tender was published with: bidders commit against its measures.
    const catalogue =
      isProvider && open && tender.socialValueCatalogueVersion !== null
        ? await this.catalogues.measuresOf(tender.tenantId, tender.socialValueCatalogueVersion)
        : null;
    const previous = isProvider && open && fromPrevious ? (await this.bids.latestRows(id)).sort((a, b) => +b.submittedAt - +a.submittedAt)[0] : undefined;
    const form: Form = previous ? formFromBid(previous) : given;
    const ticked = new Set(([] as string[]).concat(form.document ?? []));
    return {
      title: `${errors.length ? 'Error: ' : ''}${t.title}`,
      notice,
      errors,
      tender: {
        id,
        reference: t.reference,
        title: t.title,
        description: t.description,
        authority: t.authority.name,
        tag: statusTag(tender.status),
        deadline: deadlineText(tender.submissionDeadline),
        questionsClose: deadlineText(questionsClose),
        modelHash: tender.modelHash,
        criteria: model ? model.criteria.map((c) => ({ title: c.title, weight: c.weight, category: label(c.category ?? '') })) : [],
      },
      documents: (await this.documents.list(id, true)).map((d) => ({
        href: `/tenders/${id}/documents/${d.id}`,
        name: d.fileName,
        size: `${Math.max(1, Math.round(Number(d.sizeBytes) / 1024))} KB`,
      })),
      answered: (await this.clarifications.published(id)).map((c) => ({ question: c.publishedQuestion, answer: c.answer })),
      isProvider,
      open,
      summaryHref,
      // A tender with a public character framework: each bid carries the provider's self-assessment, verified after opening.
      publicCharacter:
        isProvider && tender.publicCharacterFrameworkVersion !== null
          ? {
              outcomesHref: receipts.length ? `/tenders/${id}/public-character` : null,
              // While bids are taken: what a bid sent now would carry, test by test, with what weakens it.
              preview:
                open && preview
                  ? {
                      tests: preview.snapshot.tests.map((x) => ({
                        name: x.name,
                        level: x.level === null ? 'Not assessed (counts as 0)' : `${x.level}: ${LEVELS[x.level]}`,
                        evidence: x.evidence.length,
                      })),
                      warnings: preview.warnings.map((w) => w.message),
                    }
                  : null,
            }
          : null,
      deliveryHref: isProvider && receipts.length && tender.status === 'awarded' ? `/tenders/${id}/delivery` : null,
      canAsk: isProvider && open && (!questionsClose || questionsClose > new Date()),
      questionError: errorFor('question'),
      questionDraft: form.question ?? '',
      receipts: receipts.map((r) => ({
        ...r,
        lot: lotTitle(model, r.lotKey),
        socialValueText: r.socialValue
          ? `${pounds(r.socialValue.totalValue)}${r.socialValue.shareOfPricePercent ? ` (${r.socialValue.shareOfPricePercent}% of the price)` : ''}`
          : 'None',
      })),
      bidForm:
        isProvider && open && model
          ? {
              lots: model.lots.map((l, i) => ({
                key: l.key,
                title: l.title,
                method: label(l.priceMethod),
                checked: (form.lotKey ?? model.lots[0].key) === l.key,
                first: i === 0,
              })),
              severalLots: model.lots.length > 1,
              from: previous
                ? {
                    version: previous.version,
                    lot: lotTitle(model, previous.lotKey),
                    at: previous.submittedAt.toISOString(),
                  }
                : null,
              // Criteria marked by verification of the self-assessment, or by formula from the commitments, take no written answer.
              questions: written.map((q) => ({
                ...q,
                id: `answer-${q.key}`,
                hint: [q.guidance, q.wordLimit ? `Up to ${q.wordLimit} words.` : ''].filter(Boolean).join(' '),
                value: form[`answer-${q.key}`] ?? '',
                error: errorFor(`answer-${q.key}`),
              })),
              price: form.price ?? '',
              priceError: errorFor('price'),
              lotError: errorFor('lotKey'),
              socialValue: catalogue
                ? { ...socialValueFormView(catalogue.values(), form, errorFor), illustrative: tender.socialValueCatalogueVersion === 0 }
                : null,
              wholeLifeCost: model.lots.some((l) => l.priceMethod === 'whole_life_cost'),
              documents: uploaded.map((d) => ({ id: d.id, name: d.fileName, href: `/tenders/${id}/bid-documents/${d.id}`, checked: ticked.has(d.id) })),
              fileError: errorFor('file'),
              acceptedKinds: Object.values(ALLOWED_TYPES).join(', '),
            }
          : null,
    };
  }
}
