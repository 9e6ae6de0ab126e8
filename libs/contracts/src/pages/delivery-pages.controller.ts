import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, type Principal, OwnTransactions, PublishedRecords, RequestDb, uuidParam } from '#platform';
import { Deliveries } from '../delivery/delivery.service.js';
import { DeliveryReportDto, DeliveryReviewDto } from '../delivery/delivery.dto.js';
import { EVIDENCE_TYPE_NAMES, EvidenceLibrary } from '#public-character';
import { tenderOr404 } from '#tendering';
import { errorFor, type FieldError, formAction, formAs, type FormFields, formList, formText, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';
import { deliveryChart } from './delivery-chart.js';

type PageRequest = Request & { principal: Principal };
const STATUS: Record<string, { text: string; colour: string }> = {
  'not-reported': { text: 'Not reported', colour: 'grey' },
  'awaiting-review': { text: 'Awaiting review', colour: 'blue' },
  accepted: { text: 'Accepted', colour: 'green' },
  queried: { text: 'Queried', colour: 'orange' },
};
type Board = Awaited<ReturnType<Deliveries['dashboard']>>;

/**
 * Social value delivery pages (issue 6, item 9): the contract manager's dashboard of committed against
 * delivered with the reports to review, and the provider's with its report form. The same services as the API.
 */
@ApiExcludeController()
@Controller()
export class DeliveryPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly deliveries: Deliveries,
    private readonly library: EvidenceLibrary,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get('authority/tenders/:id/delivery')
  @Access('contract_manager', 'commissioner', 'auditor')
  @Render('delivery/authority')
  @UseInterceptors(PageInterceptor)
  async authority(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.authorityPage(
      req.principal,
      id,
      {},
      [],
      (req.query as Record<string, string>).reviewed ? 'The review is recorded, and the provider can see it.' : null,
    );
  }

  @Post('authority/tenders/:id/delivery/reports/:reportId/review')
  @Access('contract_manager')
  @OwnTransactions()
  review(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() form: FormFields,
  ) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'delivery/authority',
      change: async () => {
        const dto = await formAs(
          DeliveryReviewDto,
          { outcome: formText(form.outcome), note: formText(form.note) || undefined },
          { outcome: 'Choose accept or query' },
        );
        await this.deliveries.review(id, reportId, dto, req.principal);
        return `/authority/tenders/${id}/delivery?reviewed=1`;
      },
      page: (errors) => this.authorityPage(req.principal, id, { reportId, outcome: formText(form.outcome), note: formText(form.note) }, errors, null),
      place: (e) => ({ ...e, field: `${reportId}-${e.field}`, href: `#${reportId}-${e.field}` }),
    });
  }

  @Get('tenders/:id/delivery')
  @Access('provider')
  @PublishedRecords()
  @Render('delivery/provider')
  @UseInterceptors(PageInterceptor)
  async provider(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.providerPage(id, {}, [], (req.query as Record<string, string>).reported ? 'Your report is sent to the contract manager.' : null);
  }

  @Post('tenders/:id/delivery/reports')
  @Access('provider')
  @OwnTransactions()
  report(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const values = {
      commitmentId: formText(form.commitmentId),
      year: formText(form.year),
      quantity: formText(form.quantity).replace(/,/g, ''),
      narrative: formText(form.narrative),
      evidenceIds: formList(form.evidenceIds),
    };
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'delivery/provider',
      publishedRecords: true,
      change: async () => {
        const dto = await formAs(
          DeliveryReportDto,
          { ...values, year: values.year === '' ? undefined : Number(values.year) },
          {
            commitmentId: 'Choose the commitment you are reporting on',
            year: 'Enter the contract year',
            quantity: 'Enter the quantity delivered',
            narrative: 'Say what was delivered and how you know',
          },
        );
        await this.deliveries.report(id, dto, req.principal);
        return `/tenders/${id}/delivery?reported=1`;
      },
      page: (errors) => this.providerPage(id, values, errors, null),
    });
  }

  private async tender(id: string) {
    return tenderOr404(this.db.manager, id);
  }

  private view(board: Board) {
    return {
      committedValue: pounds(board.committedValue),
      deliveredValue: pounds(board.deliveredValue),
      chart: deliveryChart(board.measures),
      measures: board.measures.map((m) => ({
        ...m,
        committedText: pounds(m.committedValue),
        deliveredText: pounds(m.deliveredValue),
        years: m.years.map((y) => ({ ...y, tag: STATUS[y.status] })),
      })),
    };
  }

  private async authorityPage(principal: Principal, id: string, form: Record<string, string>, errors: FieldError[], notice: string | null) {
    const tender = await this.tender(id);
    const board = await this.deliveries.forTender(id);
    const titles = new Map(board.measures.map((m) => [m.commitmentId, `${m.code}: ${m.title}`]));
    const canReview = principal.roles.includes('contract_manager');
    return {
      title: `${errors.length ? 'Error: ' : ''}Social value delivery: ${tender.reference}`,
      notice,
      errors,
      tender: { id, reference: tender.reference, title: tender.title },
      ...this.view(board),
      reports: board.reports
        .slice()
        .reverse()
        .map((r) => {
          const mine = form.reportId === r.id;
          return {
            ...r,
            measure: titles.get(r.commitmentId),
            canReview: canReview && !r.review,
            reviewTag: r.review ? STATUS[r.review.outcome] : STATUS['awaiting-review'],
            accepted: mine && form.outcome === 'accepted',
            queried: mine && form.outcome === 'queried',
            note: mine ? form.note : '',
            outcomeError: mine ? errorFor(errors, `${r.id}-outcome`) : null,
            noteError: mine ? errorFor(errors, `${r.id}-note`) : null,
          };
        }),
    };
  }

  private async providerPage(
    id: string,
    form: { commitmentId?: string; year?: string; quantity?: string; narrative?: string; evidenceIds?: string[] },
    errors: FieldError[],
    notice: string | null,
  ) {
    const tender = await this.tender(id);
    const board = await this.deliveries.dashboard(id);
    const library = (await this.library.list()).map((e) => ({
      id: e.id,
      title: e.title,
      typeName: EVIDENCE_TYPE_NAMES[e.evidenceType],
      checked: (form.evidenceIds ?? []).includes(e.id),
    }));
    return {
      title: `${errors.length ? 'Error: ' : ''}Social value delivery: ${tender.reference}`,
      notice,
      errors,
      tender: { id, reference: tender.reference, title: tender.title },
      ...this.view(board),
      reports: board.reports
        .slice()
        .reverse()
        .map((r) => ({
          ...r,
          measure: board.measures.find((m) => m.commitmentId === r.commitmentId)?.code,
          reviewTag: r.review ? STATUS[r.review.outcome] : STATUS['awaiting-review'],
        })),
      form: {
        commitments: board.measures.map((m) => ({
          value: m.commitmentId,
          text: `${m.code}: ${m.title} (${m.unit})`,
          selected: form.commitmentId === m.commitmentId,
        })),
        year: form.year ?? '',
        quantity: form.quantity ?? '',
        narrative: form.narrative ?? '',
        library,
        errors: Object.fromEntries(['commitmentId', 'year', 'quantity', 'narrative', 'evidenceIds'].map((f) => [f, errorFor(errors, f)])),
      },
    };
  }
}
