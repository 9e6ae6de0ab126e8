import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, type Principal, OwnTransactions, PublishedRecords, RequestDb, uuidParam, validationProblem } from '#platform';
import { londonWallTimeToUtc } from '#kernel';
import { type BidVerification, type TestVerification, Verifications } from '../public-character/verifications.service.js';
import { EVIDENCE_TYPE_NAMES, EvidenceLibrary, LEVELS, type SnapshotEvidence, VerificationDto, VerificationResponseDto } from '#public-character';
import { isDecided, Tender, tenderOr404 } from '#tendering';
import { PublicCharacterEvidence } from '../public-character/public-character-evidence.service.js';
import {
  errorFor,
  type FieldError,
  formAction,
  formAs,
  type FormFields,
  formList,
  formText,
  PageExtensions,
  PageInterceptor,
  PageRenderer,
  PageWork,
} from '#web';
import { VERIFICATION_OUTCOMES_SLOT, VERIFICATION_QUEUE_SLOT } from './verification-slots.js';

type PageRequest = Request & { principal: Principal };
const READERS = ['commissioner', 'evaluator', 'auditor'] as const;

const STATUS: Record<TestVerification['status'], { text: string; colour: string }> = {
  'to-verify': { text: 'To verify', colour: 'grey' },
  accepted: { text: 'Accepted', colour: 'green' },
  adjusted: { text: 'Adjusted', colour: 'yellow' },
  rejected: { text: 'Rejected', colour: 'red' },
  more_requested: { text: 'More evidence asked for', colour: 'blue' },
  answered: { text: 'Answered: to decide', colour: 'purple' },
};
const OUTCOME_TEXT: Record<string, string> = { accepted: 'Accepted', adjusted: 'Adjusted', rejected: 'Rejected', more_requested: 'More evidence asked for' };
const level = (n: number | null) => (n === null ? 'Not assessed' : `${n}: ${LEVELS[n]}`);
const evidenceRows = (list: SnapshotEvidence[], href: (id: string) => string) =>
  list.map((e) => ({ ...e, typeName: EVIDENCE_TYPE_NAMES[e.evidenceType], href: e.document ? href(e.id) : e.url }));
const history = (t: TestVerification, href: (id: string) => string) =>
  t.history.map((h) => ({
    ...h,
    outcomeText: OUTCOME_TEXT[h.outcome],
    levelText: h.level === null ? null : level(h.level),
    response: h.response ? { ...h.response, evidence: evidenceRows(h.response.evidence, href) } : null,
  }));

/**
 * Verification of public character self-assessments (issue 6). The commissioner's queue (every bid, test
 * by test), one bid's evidence beside its answers with a decision form per test; and the provider's page
 * of outcomes and reasons, where it answers a request for more evidence. The same services as the API.
 */
@ApiExcludeController()
@Controller()
export class VerificationPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly verifications: Verifications,
    private readonly evidence: PublicCharacterEvidence,
    private readonly library: EvidenceLibrary,
    private readonly extensions: PageExtensions,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get('authority/tenders/:id/public-character')
  @Access(...READERS)
  @Render('public-character/queue')
  @UseInterceptors(PageInterceptor)
  async queue(@Param('id', uuidParam()) id: string) {
    const tender = await this.tender(id);
    const bids = await this.verifications.forTender(id);
    const codes = bids[0]?.tests.map((t) => ({ code: t.code, name: t.name })) ?? [];
    const names = new Map(bids.map((b) => [b.bidId, b.providerName]));
    return {
      // The contract's commitments, once awarded, come from contracts (a page extension); none before.
      commitments: [],
      ...(await this.extensions.collect(VERIFICATION_QUEUE_SLOT, { tenderId: id, providerName: (bidId: string) => names.get(bidId) ?? '' })),
      title: `Public character: ${tender.reference}`,
      tender: { id, reference: tender.reference, title: tender.title, opened: !!tender.bidsOpenedAt },
      tests: codes,
      bids: bids.map((b) => ({
        bidId: b.bidId,
        providerName: b.providerName,
        lotKey: b.lotKey,
        toDecide: b.tests.filter((t) => t.status === 'to-verify' || t.status === 'answered').length,
        cells: b.tests.map((t) => ({ ...STATUS[t.status], self: t.selfLevel ?? '–', verified: t.verifiedLevel ?? '–' })),
      })),
    };
  }

  @Get('authority/tenders/:id/public-character/:bidId')
  @Access(...READERS)
  @Render('public-character/bid')
  @UseInterceptors(PageInterceptor)
  async bid(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Param('bidId', uuidParam('bidId')) bidId: string) {
    const decided = (req.query as Record<string, string>).decided;
    return this.bidPage(
      req.principal,
      id,
      bidId,
      {},
      [],
      decided ? `Your decision on ${decided.replace(/_/g, ' ')} is recorded, and the provider is being told.` : null,
    );
  }

  @Post('authority/tenders/:id/public-character/:bidId/tests/:code')
  @Access('commissioner')
  @OwnTransactions()
  decide(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Param('code') code: string,
    @Body() form: FormFields,
  ) {
    const field = (k: string) => formText(form[`${code}-${k}`]);
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'public-character/bid',
      change: async () => {
        const respondDate = field('respondBy');
        const respondBy = respondDate ? londonWallTimeToUtc(respondDate, '17:00') : null;
        if (respondDate && !respondBy)
          throw validationProblem([{ field: 'respondBy', rule: 'date', message: 'Enter the date to answer by as a real date, for example 27 3 2027' }]);
        const dto = await formAs(
          VerificationDto,
          {
            outcome: field('outcome'),
            level: field('level') === '' ? undefined : Number(field('level')),
            reason: field('reason') || undefined,
            respondBy: respondBy?.toISOString(),
          },
          { outcome: 'Choose a decision' },
        );
        await this.verifications.decide(id, bidId, code, dto, req.principal);
        return `/authority/tenders/${id}/public-character/${bidId}?decided=${code}#${code}`;
      },
      page: (errors) =>
        this.bidPage(
          req.principal,
          id,
          bidId,
          { code, outcome: field('outcome'), level: field('level'), reason: field('reason'), respondBy: field('respondBy') },
          errors,
          null,
        ),
      // Each test has its own form: an error points at that test's field.
      place: (e) => ({ ...e, field: `${code}-${e.field}`, href: `#${code}-${e.field}` }),
    });
  }

  @Get('authority/tenders/:id/public-character/:bidId/evidence/:evidenceId')
  @Access(...READERS)
  download(
    @Param('id', uuidParam()) id: string,
    @Param('bidId', uuidParam('bidId')) bidId: string,
    @Param('evidenceId', uuidParam('evidenceId')) evidenceId: string,
  ) {
    return this.evidence.download(id, bidId, evidenceId);
  }

  @Get('tenders/:id/public-character')
  @Access('provider')
  @PublishedRecords()
  @Render('public-character/outcomes')
  @UseInterceptors(PageInterceptor)
  async outcomes(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.outcomesPage(id, {}, [], (req.query as Record<string, string>).answered ? 'Your answer is sent to the commissioner.' : null);
  }

  @Post('tenders/:id/public-character/responses/:verificationId')
  @Access('provider')
  @OwnTransactions()
  respond(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('verificationId', uuidParam('verificationId')) verificationId: string,
    @Body() form: FormFields,
  ) {
    const values = { narrative: formText(form.narrative), evidenceIds: formList(form.evidenceIds) };
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'public-character/outcomes',
      publishedRecords: true,
      change: async () => {
        const dto = await formAs(VerificationResponseDto, values, { narrative: 'Enter your answer' });
        await this.verifications.respond(id, verificationId, dto, req.principal);
        return `/tenders/${id}/public-character?answered=1`;
      },
      page: (errors) => this.outcomesPage(id, { verificationId, ...values }, errors, null),
      // One answer form per open request: the error points at this one's box.
      place: (e) => (e.field === 'narrative' ? { ...e, field: `answer-${verificationId}`, href: `#answer-${verificationId}` } : e),
    });
  }

  @Get('tenders/:id/public-character/evidence/:evidenceId')
  @Access('provider')
  @PublishedRecords()
  ownEvidence(@Param('evidenceId', uuidParam('evidenceId')) evidenceId: string) {
    return this.library.download(evidenceId);
  }

  private async tender(id: string): Promise<Tender> {
    return tenderOr404(this.db.manager, id);
  }

  private async bidPage(principal: Principal, id: string, bidId: string, form: Record<string, string>, errors: FieldError[], notice: string | null) {
    const tender = await this.tender(id);
    const b: BidVerification = await this.verifications.forBid(id, bidId);
    const href = (e: string) => `/authority/tenders/${id}/public-character/${bidId}/evidence/${e}`;
    const canDecide = principal.roles.includes('commissioner') && !isDecided(tender.status);
    return {
      title: `${errors.length ? 'Error: ' : ''}${b.providerName}: public character`,
      notice,
      errors,
      canDecide,
      tender: { id, reference: tender.reference, title: tender.title },
      bid: {
        id: bidId,
        providerName: b.providerName,
        lotKey: b.lotKey,
        version: b.version,
        takenOn: b.snapshot.takenOn,
        frameworkVersion: b.snapshot.frameworkVersion,
      },
      tests: b.tests.map((t) => {
        const s = b.snapshot.tests.find((x) => x.code === t.code)!;
        const mine = form.code === t.code;
        const pick = (k: string) => (mine ? (form[k] ?? '') : '');
        return {
          code: t.code,
          name: t.name,
          status: STATUS[t.status],
          selfLevel: level(t.selfLevel),
          narrative: s.narrative,
          evidence: evidenceRows(s.evidence, href),
          verified: t.verifiedLevel === null ? null : level(t.verifiedLevel),
          history: history(t, href),
          outcomes: ['accepted', 'adjusted', 'rejected', 'more_requested'].map((value) => ({
            value,
            text: OUTCOME_TEXT[value],
            checked: pick('outcome') === value,
          })),
          levels: LEVELS.map((name, n) => ({ value: String(n), text: `${n}: ${name}`, selected: pick('level') === String(n) })),
          reason: pick('reason'),
          respondBy: pick('respondBy'),
          fieldErrors: Object.fromEntries(['outcome', 'level', 'reason', 'respondBy'].map((k) => [k, mine ? errorFor(errors, `${t.code}-${k}`) : null])),
        };
      }),
    };
  }

  private async outcomesPage(
    id: string,
    form: { verificationId?: string; narrative?: string; evidenceIds?: string[] },
    errors: FieldError[],
    notice: string | null,
  ) {
    // A published tender (the provider's transaction reads published records); its own bids and their verification.
    const tender = await tenderOr404(this.db.manager, id);
    const bids = await this.verifications.mine(id);
    const library = (await this.library.list()).map((e) => ({
      id: e.id,
      title: e.title,
      typeName: EVIDENCE_TYPE_NAMES[e.evidenceType],
      checked: (form.evidenceIds ?? []).includes(e.id),
    }));
    const href = (e: string) => `/tenders/${id}/public-character/evidence/${e}`;
    return {
      commitments: [],
      ...(await this.extensions.collect(VERIFICATION_OUTCOMES_SLOT, { tenderId: id })),
      title: `${errors.length ? 'Error: ' : ''}Public character verification`,
      notice,
      errors,
      tender: { id, reference: tender.reference, title: tender.title },
      bids: bids.map((b) => ({
        lotKey: b.lotKey,
        version: b.version,
        tests: b.tests.map((t) => {
          const last = t.history.at(-1);
          const open = last?.outcome === 'more_requested' && !last.response && last.respondBy && new Date(last.respondBy) > new Date() ? last : null;
          const mine = open && form.verificationId === open.id;
          return {
            code: t.code,
            name: t.name,
            status: STATUS[t.status],
            selfLevel: level(t.selfLevel),
            verified: t.verifiedLevel === null ? null : level(t.verifiedLevel),
            history: history(t, href),
            open: open ? { id: open.id, reason: open.reason, respondBy: open.respondBy } : null,
            narrative: mine ? form.narrative : '',
            library: mine ? library : library.map((l) => ({ ...l, checked: false })),
            narrativeError: mine ? errorFor(errors, `answer-${open.id}`) : null,
          };
        }),
      })),
    };
  }
}
