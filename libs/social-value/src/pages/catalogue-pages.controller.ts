import { readFile } from 'node:fs/promises';
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
  ProblemException,
  screenedUpload,
  type Upload,
} from '#platform';
import { errorFor, type FieldError, fixableErrors, formAction, PageInterceptor, PageRenderer, PageWork, pounds } from '#web';
import { CSV_COLUMNS } from '../catalogue/catalogue-csv.js';
import { SocialValueCatalogues } from '../catalogue/social-value-catalogues.service.js';

type PageRequest = Request & { principal: Principal; file?: Upload };
const NEW_MEASURE = 'new';
interface ReportLine {
  line: number;
  field: string;
  message: string;
}

/**
 * The authority's social value catalogue: read by its staff; replaced whole by a commissioner or admin
 * importing a CSV file. A refused file comes back with a report of every bad line, and nothing imported.
 */
@ApiExcludeController()
@Controller('social-value/catalogue')
export class SocialValuePagesController {
  constructor(
    private readonly catalogues: SocialValueCatalogues,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @Render('social-value/catalogue')
  @UseInterceptors(PageInterceptor)
  show(@Req() req: PageRequest) {
    const imported = (req.query as Record<string, string>).imported;
    return this.page(req.principal, [], [], imported ? `Version ${imported} of the catalogue is now in force.` : null);
  }

  @Get('export')
  @Access(...AUTHORITY_STAFF)
  export() {
    return this.catalogues.download();
  }

  @Get('measures/:code')
  @Access('commissioner', 'authority_admin')
  @Render('social-value/measure')
  @UseInterceptors(PageInterceptor)
  async measureForm(@Param('code') code: string) {
    return this.measurePage(code, null, []);
  }

  /** One measure changed, added or removed: the next version of the catalogue, checked like an import. */
  @Post('measures/:code')
  @Access('commissioner', 'authority_admin')
  @OwnTransactions()
  saveMeasure(@Req() req: PageRequest, @Res() res: Response, @Param('code') code: string, @Body() form: Record<string, string | undefined>) {
    const value = (k: string) => (form[k] ?? '').trim();
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'social-value/measure',
      change: async () => {
        const measure =
          form.remove !== undefined
            ? null
            : {
                code: value('code'),
                theme: value('theme'),
                outcome: value('outcome'),
                name: value('name'),
                unit: value('unit'),
                proxyValue: value('proxyValue').replace(/[£,]/g, ''),
                source: value('source'),
              };
        const done = await this.catalogues.editMeasure(code === NEW_MEASURE ? null : code, measure, req.principal);
        return `/social-value/catalogue?imported=${done.version}`;
      },
      page: (errors) => this.measurePage(code, form, errors),
    });
  }

  @Post('import')
  @Access('commissioner', 'authority_admin')
  @OwnTransactions()
  @DocumentUploadFor('social value catalogue')
  async import(@Req() req: PageRequest, @Res() res: Response) {
    try {
      const done = await this.work.commit(req.principal, async () => {
        const file = screenedUpload(req.file, 'Choose a CSV file to import');
        return this.catalogues.import(await readFile(file.path, 'utf8'), file.originalname.slice(0, 300), req.principal);
      });
      res.redirect(303, `/social-value/catalogue?imported=${done.version}`);
    } catch (err) {
      // The file's own problems are listed line by line under the form; the summary says how many.
      const report =
        err instanceof ProblemException && err.problemType === 'csv-invalid' ? ((err.extensions?.['errors'] as ReportLine[] | undefined) ?? []) : [];
      const errors = report.length
        ? [
            {
              field: 'file',
              href: '#file',
              text: `The file has ${report.length} problem${report.length === 1 ? '' : 's'} to correct, listed below. Nothing was imported.`,
            },
          ]
        : fixableErrors(err);
      const page = await this.work.commit(req.principal, () => this.page(req.principal, errors, report, null));
      this.pages.sendRefused(req, res, 'social-value/catalogue', page);
    }
  }

  private async measurePage(code: string, form: Record<string, string | undefined> | null, errors: FieldError[]) {
    const { version, measures } = await this.catalogues.current();
    const current = code === NEW_MEASURE ? null : measures.find((m) => m.code === code);
    if (code !== NEW_MEASURE && !current) throw notFound('Measure');
    const fields = ['code', 'theme', 'outcome', 'name', 'unit', 'proxyValue', 'source'] as const;
    return {
      title: `${errors.length ? 'Error: ' : ''}${current ? `Change ${current.code}` : 'Add a measure'}: social value catalogue`,
      errors,
      code,
      isNew: !current,
      version,
      form: Object.fromEntries(fields.map((f) => [f, form ? (form[f] ?? '') : (current?.[f] ?? '')])),
      fieldErrors: Object.fromEntries(fields.map((f) => [f, errorFor(errors, f)])),
    };
  }

  private async page(principal: Principal, errors: FieldError[], report: ReportLine[], notice: string | null) {
    const c = await this.catalogues.inForce();
    const measures = c.themes.flatMap((t) => t.outcomes.flatMap((o) => o.measures)).length;
    return {
      title: `${errors.length ? 'Error: ' : ''}Social value catalogue`,
      notice,
      errors,
      catalogue: {
        version: c.version,
        illustrative: c.illustrative,
        fileName: c.fileName ?? '',
        createdAt: c.createdAt,
        measures,
        // A catalogue of thousands of measures is summarised: the themes and outcomes, each with its measure count; the first hundred measures in full.
        themes: c.themes.map((t) => ({ name: t.name, outcomes: t.outcomes.map((o) => ({ name: o.name, count: o.measures.length })) })),
        sample: c.themes
          .flatMap((t) => t.outcomes.flatMap((o) => o.measures.map((m) => ({ ...m, theme: t.name, outcome: o.name, value: pounds(m.proxyValue) }))))
          .slice(0, 100),
      },
      canImport: principal.roles.some((r) => r === 'commissioner' || r === 'authority_admin'),
      columns: CSV_COLUMNS.join(','),
      fileError: errorFor(errors, 'file'),
      report: report.map((r) => ({ line: r.line, field: r.field.split('.').slice(2).join('.') || r.field, message: r.message })),
    };
  }
}
