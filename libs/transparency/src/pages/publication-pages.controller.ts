import { Body, Controller, Get, Inject, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, APP_CONFIG, type AppConfig, OwnTransactions, type Principal, uuidParam } from '#platform';
import { errorFor, type FieldError, fixableErrors, formAs, PageInterceptor, PageRenderer, PageWork } from '#web';
import { ocidFor } from '../ocds/core/releases.js';
import { GROUNDS, WITHHOLDABLE, WITHHOLDABLE_FIELDS, WITHHOLDING_GROUNDS } from '../ocds/core/withholding.js';
import { WithholdDto } from '../ocds/withholding/withholding.dto.js';
import { Withholdings } from '../ocds/withholding/withholdings.service.js';
import { WITHHOLDING_DECIDERS, WITHHOLDING_READERS } from '../ocds/withholding/withholding-roles.js';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (v: string | undefined) => (v ?? '').trim();
const NOTICES: Record<string, string> = {
  withheld: 'It is withheld: the open data leaves it out and says why.',
  lifted: 'The withholding is lifted: the field is published with the contract’s next release.',
};

/**
 * A contract's open data for its contract managers and commissioners (issue 16, item 3): what is withheld from
 * publication and why, which fields are published already (too late to withhold), and the form to withhold one.
 */
@ApiExcludeController()
@Controller('contracts/:id/publication')
export class PublicationPagesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly withholdings: Withholdings,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...WITHHOLDING_READERS)
  @Render('publication/contract')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest, @Param('id', uuidParam()) id: string, @Query('done') done?: string) {
    return this.page(req.principal, await this.withholdings.overview(id), {}, [], done && NOTICES[done] ? NOTICES[done] : null);
  }

  @Post('withholdings')
  @Access(...WITHHOLDING_DECIDERS)
  @OwnTransactions()
  async withhold(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.act(req, res, id, form, 'withheld', async () => {
      const dto = await formAs(
        WithholdDto,
        {
          field: text(form.field),
          ground: text(form.ground),
          rationale: text(form.rationale),
          ...(text(form.availableOn) ? { availableOn: text(form.availableOn) } : {}),
        },
        { field: 'Choose what to withhold', ground: 'Choose the ground', rationale: 'Say why, in words the public will read' },
      );
      await this.work.commit(req.principal, () => this.withholdings.withhold(id, dto, req.principal));
    });
  }

  @Post('withholdings/:withholdingId/lift')
  @Access(...WITHHOLDING_DECIDERS)
  @OwnTransactions()
  async lift(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', uuidParam()) id: string,
    @Param('withholdingId', uuidParam('withholdingId')) withholdingId: string,
  ) {
    await this.act(req, res, id, {}, 'lifted', () => this.work.commit(req.principal, () => this.withholdings.lift(id, withholdingId, req.principal)));
  }

  private async act(req: PageRequest, res: Response, id: string, form: Form, done: string, work: () => Promise<unknown>) {
    try {
      await work();
      res.redirect(303, `/contracts/${id}/publication?done=${done}`);
    } catch (err) {
      const errors = fixableErrors(err);
      const overview = await this.work.commit(req.principal, () => this.withholdings.overview(id));
      this.pages.sendRefused(req, res, 'publication/contract', this.page(req.principal, overview, form, errors, null));
    }
  }

  private page(principal: Principal, o: Awaited<ReturnType<Withholdings['overview']>>, form: Form, errors: FieldError[], notice: string | null) {
    const canDecide = WITHHOLDING_DECIDERS.some((r) => principal.roles.includes(r));
    return {
      title: `${errors.length ? 'Error: ' : ''}Open data: ${o.contract.title}`,
      contract: o.contract,
      publicHref: `/public/records/${ocidFor(this.config.OCDS_OCID_PREFIX, o.contract.tenderId)}`,
      items: o.items.map((w) => ({ ...w, canLift: canDecide && w.liftedAt === null && w.inForce })),
      canDecide,
      notice,
      errors,
      fieldOptions: WITHHOLDABLE_FIELDS.map((f) => ({
        value: f,
        text: o.publishedFields.includes(f) ? `${WITHHOLDABLE[f]} (published already: cannot be withheld)` : WITHHOLDABLE[f],
        checked: text(form.field) === f,
      })),
      groundOptions: WITHHOLDING_GROUNDS.map((g) => ({ value: g, text: GROUNDS[g], checked: text(form.ground) === g })),
      form: { rationale: text(form.rationale), availableOn: text(form.availableOn) },
      fieldErrors: Object.fromEntries(['field', 'ground', 'rationale', 'availableOn', 'form'].map((f) => [f, errorFor(errors, f) ?? ''])),
    };
  }
}
