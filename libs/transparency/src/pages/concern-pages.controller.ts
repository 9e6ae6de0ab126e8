import { Body, Controller, Get, Inject, Param, Post, Query, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig, ContextRunner, notFound, OwnTransactions, Public, PublishedRecords, uuidParam } from '#platform';
import { ensureCsrfSeed, type FieldError, fixableErrors, formAs, PageInterceptor, PageRenderer } from '#web';
import { OCID } from '../ocds/core/identifiers.js';
import { CATEGORY_NAMES, CONCERN_CATEGORIES, NOT_A_FINDING } from '../scrutiny/concern-rules.js';
import { ConcernThrottleGuard } from '../scrutiny/concern-throttle.guard.js';
import { ConfirmSupportDto, RaiseConcernDto, SupportConcernDto } from '../scrutiny/concern.dto.js';
import { Concerns } from '../scrutiny/concerns.service.js';
import { PublicPages } from './public-pages.service.js';

type Form = Record<string, string | undefined>;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.text ?? '';

/**
 * Raising and supporting a concern, and confirming from the e-mailed link, in pages anyone can use (issue 16,
 * item 5): one question a page, the same services and rules as the API. The confirmation link opens a page with
 * a button (a link alone changes nothing: mail scanners follow links).
 */
@ApiExcludeController()
@Controller('public')
export class ConcernPagesController {
  constructor(
    private readonly concerns: Concerns,
    private readonly pages: PublicPages,
    private readonly renderer: PageRenderer,
    private readonly runner: ContextRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure() {
    return this.config.NODE_ENV === 'production';
  }

  @Get('records/:ocid/contracts/:contractId/concerns/new')
  @Public()
  @PublishedRecords()
  @Render('public/concern-form')
  @UseInterceptors(PageInterceptor)
  async raiseForm(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('ocid') ocid: string,
    @Param('contractId', uuidParam('contractId')) contractId: string,
  ) {
    ensureCsrfSeed(req, res, this.secure);
    return this.raisePage(ocid, contractId, {}, []);
  }

  @Post('records/:ocid/contracts/:contractId/concerns/new')
  @Public()
  @UseGuards(ConcernThrottleGuard)
  @OwnTransactions()
  async raise(
    @Req() req: Request,
    @Res() res: Response,
    @Param('ocid') ocid: string,
    @Param('contractId', uuidParam('contractId')) contractId: string,
    @Body() form: Form,
  ) {
    try {
      const dto = await formAs(
        RaiseConcernDto,
        { ocid, contractId, category: text(form.category), description: text(form.description), name: text(form.name), email: text(form.email) },
        {
          category: 'Choose what the concern is about',
          description: 'Say what the concern is',
          name: 'Enter your name',
          email: 'Enter your e-mail address',
        },
      );
      await this.concerns.raise(dto);
      res.type('html').send(
        this.renderer.render('public/check-email', {
          title: 'Check your e-mail',
          raiser: true,
          chrome: this.renderer.chrome(req, null),
          recordHref: `/public/records/${ocid}`,
        }),
      );
    } catch (err) {
      const errors = fixableErrors(err);
      this.renderer.sendRefused(req, res, 'public/concern-form', await this.published(() => this.raisePage(ocid, contractId, form, errors)));
    }
  }

  @Get('concerns/:id/support')
  @Public()
  @PublishedRecords()
  @Render('public/support-form')
  @UseInterceptors(PageInterceptor)
  async supportForm(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param('id', uuidParam()) id: string) {
    ensureCsrfSeed(req, res, this.secure);
    return this.supportPage(id, {}, []);
  }

  @Post('concerns/:id/support')
  @Public()
  @UseGuards(ConcernThrottleGuard)
  @OwnTransactions()
  async support(@Req() req: Request, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    try {
      const dto = await formAs(SupportConcernDto, { email: text(form.email) }, { email: 'Enter your e-mail address' });
      const { ocid } = await this.published(() => this.concerns.one(id));
      await this.concerns.support(id, dto);
      res.type('html').send(
        this.renderer.render('public/check-email', {
          title: 'Check your e-mail',
          raiser: false,
          chrome: this.renderer.chrome(req, null),
          recordHref: `/public/records/${ocid}`,
        }),
      );
    } catch (err) {
      const errors = fixableErrors(err);
      this.renderer.sendRefused(req, res, 'public/support-form', await this.published(() => this.supportPage(id, form, errors)));
    }
  }

  @Get('concerns/confirm')
  @Public()
  @Render('public/confirm')
  @UseInterceptors(PageInterceptor)
  confirmForm(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('authority') authority?: string, @Query('token') token?: string) {
    ensureCsrfSeed(req, res, this.secure);
    return { title: 'Confirm', authority: text(authority), token: text(token) };
  }

  @Post('concerns/confirm')
  @Public()
  @OwnTransactions()
  async confirm(@Req() req: Request, @Res() res: Response, @Body() form: Form) {
    const dto = await formAs(ConfirmSupportDto, { authority: text(form.authority), token: text(form.token) }, {});
    const { concern } = await this.concerns.confirm(dto);
    res.type('html').send(
      this.renderer.render('public/confirmed', {
        title: 'Confirmed',
        concern,
        recordHref: `/public/records/${concern.ocid}`,
        chrome: this.renderer.chrome(req, null),
      }),
    );
  }

  /** A read of published records for a page whose request has no transaction of its own (a form's POST). */
  private published<T>(work: () => Promise<T>): Promise<T> {
    return this.runner.run({ publishedRecords: true }, () => work());
  }

  private async raisePage(ocid: string, contractId: string, form: Form, errors: FieldError[]) {
    if (!OCID.test(ocid)) throw notFound('The contracting process');
    const { record } = await this.pages.record(ocid);
    const contract = record.contracts.find((c) => c.id === contractId);
    if (!contract) throw notFound('The contract');
    return {
      title: `${errors.length ? 'Error: ' : ''}Raise a concern`,
      errors,
      ocid,
      record: { title: record.title, buyer: record.buyer },
      contract: { id: contract.id, title: contract.title, supplier: contract.supplier },
      categories: CONCERN_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_NAMES[c], checked: form.category === c })),
      form: { description: text(form.description), name: text(form.name), email: text(form.email) },
      fieldErrors: Object.fromEntries(['category', 'description', 'name', 'email'].map((f) => [f, errorOf(errors, f)])),
      statement: NOT_A_FINDING,
    };
  }

  private async supportPage(id: string, form: Form, errors: FieldError[]) {
    const concern = await this.concerns.one(id);
    return {
      title: `${errors.length ? 'Error: ' : ''}Support a concern`,
      errors,
      concern,
      form: { email: text(form.email) },
      fieldErrors: { email: errorOf(errors, 'email') },
      recordHref: `/public/records/${concern.ocid}`,
    };
  }
}
