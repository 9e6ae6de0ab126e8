import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { errorFor, type FieldError, fixableErrors, formAs, label, PageInterceptor, PageRenderer, PageWork } from '#web';
import { CycleReader } from '../cycles/cycle-reader.service.js';
import type { CycleView } from '../cycles/cycle.view.js';
import { ServiceReviewDto } from '../review/service-review.dto.js';
import { OUTCOME_FINDINGS, REVIEW_DECISIONS } from '../review/service-review.js';
import { ServiceReviews } from '../review/service-reviews.service.js';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (v: string | undefined) => (v ?? '').trim();
const pageError = (field: string, message: string): FieldError => ({ field, href: `#${field}`, text: message });

/** The service review's form (issue 16, item 6): a finding on every outcome, the promises kept, the decision. */
@ApiExcludeController()
@Controller('cycles')
export class ServiceReviewPagesController {
  constructor(
    private readonly reader: CycleReader,
    private readonly reviews: ServiceReviews,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':id/review')
  @Access('commissioner')
  @Render('cycles/review')
  @UseInterceptors(PageInterceptor)
  async form(@Param('id', uuidParam()) id: string) {
    return this.page(await this.reader.one(id), {}, []);
  }

  @Post(':id/review')
  @Access('commissioner')
  @OwnTransactions()
  async record(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    const cycle = await this.work.commit(req.principal, () => this.reader.one(id));
    const refuse = async (errors: FieldError[]) =>
      this.pages.sendRefused(req, res, 'cycles/review', await this.work.commit(req.principal, async () => this.page(await this.reader.one(id), form, errors)));
    // Every problem at once: each outcome's finding and evidence, beside the form's own fields.
    const outcomeErrors: FieldError[] = cycle.outcomes.flatMap((o) => [
      ...((OUTCOME_FINDINGS as readonly string[]).includes(form[`finding-${o.id}`] ?? '')
        ? []
        : [pageError(`finding-${o.id}`, `Select a finding for “${o.statement}”`)]),
      ...(text(form[`evidence-${o.id}`]) ? [] : [pageError(`evidence-${o.id}`, `Say what the finding on “${o.statement}” rests on`)]),
    ]);
    let dto: ServiceReviewDto | undefined;
    let formErrors: FieldError[] = [];
    try {
      dto = await formAs(
        ServiceReviewDto,
        {
          outcomes: cycle.outcomes.map((o) => ({ outcomeId: o.id, finding: form[`finding-${o.id}`] ?? '', evidence: text(form[`evidence-${o.id}`]) })),
          engagementFindings: text(form.engagementFindings),
          summary: text(form.summary),
          decision: form.decision ?? '',
          reasons: text(form.reasons),
        },
        {
          engagementFindings: 'Say what the “you said, we did” promises came to',
          summary: 'Enter what the review found',
          decision: 'Select what happens to the service next',
          reasons: 'Give the reasons for the decision',
        },
      );
    } catch (err) {
      // The outcomes' own problems are said above, in the page's words.
      formErrors = fixableErrors(err).filter((e) => !e.field.startsWith('outcomes'));
    }
    if (!dto || outcomeErrors.length) return refuse([...outcomeErrors, ...formErrors]);
    try {
      await this.work.commit(req.principal, () => this.reviews.record(id, dto, req.principal));
      res.redirect(303, `/cycles/${id}?reviewed=1#review`);
    } catch (err) {
      // The service names outcomes by their place in the list (outcomes.0.evidence): the page names them by outcome.
      await refuse(
        fixableErrors(err).map((e) => {
          const m = /^outcomes-(\d+)-(finding|evidence)/.exec(e.field);
          return m ? pageError(`${m[2]}-${cycle.outcomes[Number(m[1])]?.id}`, e.text) : e;
        }),
      );
    }
  }

  private page(c: CycleView, form: Form, errors: FieldError[]) {
    return {
      title: `${errors.length ? 'Error: ' : ''}Review the service: ${c.title}`,
      cycle: c,
      errors,
      outcomes: c.outcomes.map((o) => ({
        id: o.id,
        statement: o.statement,
        findings: OUTCOME_FINDINGS.map((f) => ({ value: f, text: label(f), checked: form[`finding-${o.id}`] === f })),
        evidence: form[`evidence-${o.id}`] ?? '',
        findingError: errorFor(errors, `finding-${o.id}`),
        evidenceError: errorFor(errors, `evidence-${o.id}`),
      })),
      responses: c.engagement.flatMap((a) => a.youSaidWeDid.map((r) => ({ activity: a.title, youSaid: r.youSaid, weDid: r.weDid }))),
      decisions: REVIEW_DECISIONS.map((d) => ({ value: d, text: label(d), checked: form.decision === d })),
      form: { engagementFindings: form.engagementFindings ?? '', summary: form.summary ?? '', reasons: form.reasons ?? '' },
      fieldErrors: Object.fromEntries(['engagementFindings', 'summary', 'decision', 'reasons'].map((f) => [f, errorFor(errors, f)])),
    };
  }
}
