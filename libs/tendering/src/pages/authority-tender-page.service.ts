import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { providerNames } from '#auth';
import { Cycles } from '#commissioning';
import { ALLOWED_TYPES, type Principal, RequestDb } from '#platform';
import { type FieldError, fieldId, fixableErrors, label, PageExtensions, PageRenderer, PageWork, pounds } from '#web';
import { Clarifications } from '../clarifications/clarifications.service.js';
import { Documents } from '../documents/documents.service.js';
import type { Criterion } from '../model/evaluation-model.js';
import { tenderOr404 } from '../tenders/tender-lookup.query.js';
import { TenderAuthoring } from '../tenders/tender-authoring.service.js';
import { AUTHORITY_TENDER_SLOT } from './tender-slots.js';
import { deadlineText, statusTag } from './tender-tags.js';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;

export const NOTICES: Record<string, string> = {
  answered: 'The answer has been published to every bidder, and those following the tender are being e-mailed.',
  opened: 'The bids are open. Opening them has been recorded in the audit log.',
  published: 'The tender is published and open for bids. Its evaluation model is now fixed.',
  attached: 'The document is attached. Bidders can download it from the published tender.',
  drafted:
    'The draft has been saved with the standard evaluation model. Build your own from it under Evaluation model, then publish the tender when it is ready.',
  closed: 'The tender is closed for bids.',
  detailsSaved: 'The draft’s details are saved.',
  cancelled: 'The tender is cancelled. The reason is in the audit log.',
};

/** The criteria tree as rows, children indented under their parent. */
export const criteriaRows = (list: Criterion[], depth = 0): { key: string; title: string; weight: string; category: string; indent: string }[] =>
  list.flatMap((c) => [
    { key: c.key, title: c.title, weight: c.weight, category: c.category ? label(c.category) : '', indent: depth ? 'govuk-!-padding-left-6' : '' },
    ...criteriaRows(c.children ?? [], depth + 1),
  ]);

/**
 * The authority's page of one tender, built for its own controller and for the contexts whose forms sit
 * on it (the bids section is filled by libs/bids through the tender:authority slot, whose "open the bids"
 * form posts to the bids library and comes back here, refused or done).
 */
@Injectable()
export class AuthorityTenderPage {
  constructor(
    private readonly db: RequestDb,
    private readonly clarifications: Clarifications,
    private readonly documents: Documents,
    private readonly cycles: Cycles,
    private readonly authoring: TenderAuthoring,
    private readonly extensions: PageExtensions,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  /**
   * A form's change committed, then back to the tender with what happened; a
   * refusal the person can act on comes back on the page beside the form.
   */
  async act(req: PageRequest, res: Response, id: string, form: Form, anchor: string, change: () => Promise<string>) {
    try {
      const done = await this.work.commit(req.principal, change);
      res.redirect(303, `/authority/tenders/${id}?${done}=1`);
    } catch (err) {
      // Anything a lifecycle step refuses (the deadline, the cycle, the model) is shown at the status, where the button was.
      const errors = fixableErrors(err).map((e) =>
        anchor === 'status' || e.field === 'form' || e.field === 'answer' ? { ...e, field: anchor, href: `#${anchor}` } : e,
      );
      const page = await this.work.commit(req.principal, () => this.build(id, req.principal, errors, form, null));
      this.pages.sendRefused(req, res, 'authority-tenders/show', page);
    }
  }

  async build(id: string, principal: Principal, errors: FieldError[], form: Form, notice: string | null) {
    const em = this.db.manager;
    const t = await tenderOr404(em, id);
    const isCommissioner = principal.roles.includes('commissioner');
    const now = new Date();
    const deadlinePassed = !!t.submissionDeadline && t.submissionDeadline <= now;
    const questions = isCommissioner ? await this.clarifications.list(id) : [];
    const providers = await providerNames(
      em,
      questions.map((q) => q.providerId),
    );
    const cycle = t.cycleId ? await this.cycles.summary(t.cycleId) : null;
    const errorFor = (field: string) => errors.find((e) => e.field === fieldId(field))?.text ?? null;
    return {
      title: `${errors.length ? 'Error: ' : ''}${t.title}`,
      notice,
      errors,
      tender: {
        id: t.id,
        reference: t.reference,
        title: t.title,
        description: t.description,
        tag: statusTag(t.status),
        value: t.estimatedValue ? pounds(t.estimatedValue) : 'Not given',
        deadline: deadlineText(t.submissionDeadline),
        questionsClose: deadlineText(t.clarificationDeadline ?? t.submissionDeadline),
        modelHash: t.modelHash,
        policyPackVersion: t.policyPackVersion,
        criteria: t.evaluationModel ? criteriaRows(t.evaluationModel.criteria) : [],
        tieBreak: t.evaluationModel?.tieBreak.map(label).join(', ') ?? '',
        lots: t.evaluationModel?.lots.map((l) => `${l.title} (${label(l.priceMethod)})`).join('; ') ?? '',
      },
      cycle,
      isCommissioner,
      // The evaluation's pages, once the bids are open (the evaluator's own assignments are reached from there too).
      evaluationHref:
        t.bidsOpenedAt &&
        ['closed', 'evaluation', 'awarded', 'no_award'].includes(t.status) &&
        principal.roles.some((r) => ['commissioner', 'evaluator', 'auditor', 'authority_admin'].includes(r))
          ? `/authority/tenders/${t.id}/evaluation`
          : null,
      // Verifying the public character self-assessments the bids carry, once they are open.
      publicCharacterHref:
        t.bidsOpenedAt && t.publicCharacterFrameworkVersion !== null && principal.roles.some((r) => ['commissioner', 'evaluator', 'auditor'].includes(r))
          ? `/authority/tenders/${t.id}/public-character`
          : null,
      // Once awarded: the social value the winner committed against what it has delivered.
      deliveryHref:
        t.status === 'awarded' && principal.roles.some((r) => ['contract_manager', 'commissioner', 'auditor'].includes(r))
          ? `/authority/tenders/${t.id}/delivery`
          : null,
      // And the public character commitments, reviewed every year.
      commitmentsHref:
        t.status === 'awarded' && principal.roles.some((r) => ['contract_manager', 'commissioner', 'auditor'].includes(r))
          ? `/authority/tenders/${t.id}/commitments`
          : null,
      canPublish: isCommissioner && t.status === 'draft',
      canEditModel: isCommissioner && t.status === 'draft' && !!t.evaluationModel,
      // What still stops publication, counted here and listed on the model's page.
      modelProblems: t.status === 'draft' && t.evaluationModel ? (await this.authoring.problemsBeforePublishing(t.evaluationModel)).length : 0,
      canClose: isCommissioner && t.status === 'published' && deadlinePassed,
      canCancel: isCommissioner && ['draft', 'published', 'closed', 'evaluation'].includes(t.status),
      statusError: errorFor('status'),
      acceptedKinds: Object.values(ALLOWED_TYPES).join(', '),
      canAttach: isCommissioner && (t.status === 'draft' || t.status === 'published'),
      fileError: errorFor('file'),
      documents: (await this.documents.list(id, false)).map((d) => ({
        href: `/authority/tenders/${id}/documents/${d.id}`,
        name: d.fileName,
        size: `${Math.max(1, Math.round(Number(d.sizeBytes) / 1024))} KB`,
        sha256: d.sha256,
      })),
      questions: questions.map((q) => ({
        id: q.id,
        asker: providers.get(q.providerId) ?? 'A provider',
        question: q.question,
        askedAt: q.askedAt.toISOString(),
        answer: q.answer,
        publishedQuestion: q.publishedQuestion,
        error: errorFor(`answer-${q.id}`),
        draft: form[`answerText-${q.id}`] ?? '',
      })),
      // The bids (sealed until opened) are the bids library's: it fills `bidsSection`.
      bidsSection: null,
      // The award, once approved, is the evaluation library's: it fills `awardSection`.
      awardSection: null,
      ...(await this.extensions.collect(AUTHORITY_TENDER_SLOT, { tender: t, principal, deadlinePassed, error: errorFor('bids') })),
    };
  }
}
