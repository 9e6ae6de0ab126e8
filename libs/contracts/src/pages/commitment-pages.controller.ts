import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, RequestDb, uuidParam } from '#platform';
import { CommitmentReviewDto, LEVELS } from '#public-character';
import { CommitmentReviews } from '../commitments/commitment-reviews.service.js';
import { tenderOr404 } from '#tendering';
import { errorFor, type FieldError, formAction, formAs, type FormFields, formText, PageInterceptor, PageRenderer, PageWork, reviewTag } from '#web';

type PageRequest = Request & { principal: Principal };
const level = (n: number | null) => (n === null ? 'Not given' : `${n} (${LEVELS[n]})`);

/**
 * The yearly review of public character commitments after award (docs/domain.md section 5): each commitment
 * with its reviews and the next one due, and the contract manager's form to record it. The same service
 * as the API.
 */
@ApiExcludeController()
@Controller('authority/tenders/:id/commitments')
export class CommitmentPagesController {
  constructor(
    private readonly db: RequestDb,
    private readonly reviews: CommitmentReviews,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('contract_manager', 'commissioner', 'auditor')
  @Render('commitments/authority')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string) {
    return this.page(req.principal, id, {}, [], (req.query as Record<string, string>).reviewed ? 'The review is recorded, and the provider is told.' : null);
  }

  @Post(':cid/reviews')
  @Access('contract_manager')
  @OwnTransactions()
  review(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('cid', uuidParam('cid')) cid: string,
    @Body() form: FormFields,
  ) {
    // One form per commitment: its fields carry the commitment's id, so errors land on the right one.
    const values = { cid, year: formText(form.year), level: formText(form[`${cid}-level`]), note: formText(form[`${cid}-note`]) };
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'commitments/authority',
      change: async () => {
        const dto = await formAs(
          CommitmentReviewDto,
          { year: Number(values.year), level: values.level === '' ? undefined : Number(values.level), note: values.note },
          { level: 'Choose the level the review found', note: 'Say what the review found and on what evidence' },
        );
        await this.reviews.record(id, cid, dto, req.principal);
        return `/authority/tenders/${id}/commitments?reviewed=1`;
      },
      page: (errors) => this.page(req.principal, id, values, errors, null),
      place: (e) => ({ ...e, field: `${cid}-${e.field}`, href: `#${cid}-${e.field}` }),
    });
  }

  private async page(principal: Principal, id: string, form: Record<string, string>, errors: FieldError[], notice: string | null) {
    const tender = await tenderOr404(this.db.manager, id);
    const canReview = principal.roles.includes('contract_manager');
    return {
      title: `${errors.length ? 'Error: ' : ''}Public character commitments: ${tender.reference}`,
      notice,
      errors,
      tender: { id, reference: tender.reference, title: tender.title },
      commitments: (await this.reviews.forTender(id)).map((c) => {
        const mine = form.cid === c.id;
        return {
          id: c.id,
          title: c.title,
          level: level(c.level),
          verified: c.verified,
          statement: c.statement,
          tag: reviewTag(c),
          schedule: c.schedule,
          reviews: c.reviews.map((r) => ({ ...r, level: level(r.level), outcome: r.kept ? 'Kept' : 'Not kept', colour: r.kept ? 'green' : 'orange' })),
          canReview: canReview && c.schedule.status !== 'not-yet',
          options: LEVELS.map((name, n) => ({ value: String(n), text: `${n}: ${name}`, checked: mine && form.level === String(n) })),
          note: mine ? form.note : '',
          levelError: mine ? errorFor(errors, `${c.id}-level`) : null,
          noteError: mine ? errorFor(errors, `${c.id}-note`) : null,
          yearError: mine ? errorFor(errors, `${c.id}-year`) : null,
        };
      }),
    };
  }
}
