import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { errorFor, type FieldError, fixableErrors, formAs, PageInterceptor, PageRenderer, PageWork } from '#web';
import { CaseConclusionDto, CaseNoteDto } from '../scrutiny/concern.dto.js';
import { ScrutinyCases } from '../scrutiny/scrutiny-cases.service.js';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (v: string | undefined) => (v ?? '').trim();
const NOTICES: Record<string, string> = { noted: 'Your note is added.', concluded: 'The conclusion is recorded.' };

/** The scrutiny members' pages (issue 16, item 5): the cases, one case with its notes, and the conclusion. */
@ApiExcludeController()
@Controller('scrutiny')
export class ScrutinyPagesController {
  constructor(
    private readonly cases: ScrutinyCases,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('scrutiny_member')
  @Render('scrutiny/cases')
  @UseInterceptors(PageInterceptor)
  async list() {
    const { items, statement } = await this.cases.list();
    return { title: 'Scrutiny cases', cases: items, statement };
  }

  @Get('cases/:id')
  @Access('scrutiny_member')
  @Render('scrutiny/case')
  @UseInterceptors(PageInterceptor)
  async one(@Param('id', uuidParam()) id: string, @Query('done') done?: string) {
    return this.page(await this.cases.one(id), {}, [], done && NOTICES[done] ? NOTICES[done] : null);
  }

  @Post('cases/:id/notes')
  @Access('scrutiny_member')
  @OwnTransactions()
  async note(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.act(req, res, id, form, 'noted', async () => {
      const dto = await formAs(CaseNoteDto, { note: text(form.note) }, { note: 'Enter the note' });
      await this.work.commit(req.principal, () => this.cases.note(id, dto, req.principal));
    });
  }

  @Post('cases/:id/conclusion')
  @Access('scrutiny_member')
  @OwnTransactions()
  async conclude(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: Form) {
    await this.act(req, res, id, form, 'concluded', async () => {
      const dto = await formAs(CaseConclusionDto, { conclusion: text(form.conclusion) }, { conclusion: 'Enter what the members concluded' });
      await this.work.commit(req.principal, () => this.cases.conclude(id, dto, req.principal));
    });
  }

  private async act(req: PageRequest, res: Response, id: string, form: Form, done: string, work: () => Promise<void>) {
    try {
      await work();
      res.redirect(303, `/scrutiny/cases/${id}?done=${done}`);
    } catch (err) {
      const errors = fixableErrors(err);
      this.pages.sendRefused(req, res, 'scrutiny/case', this.page(await this.work.commit(req.principal, () => this.cases.one(id)), form, errors, null));
    }
  }

  private page(c: Awaited<ReturnType<ScrutinyCases['one']>>, form: Form, errors: FieldError[], notice: string | null) {
    return {
      title: `${errors.length ? 'Error: ' : ''}Scrutiny case: ${c.contract.title}`,
      c,
      notice,
      errors,
      form: { note: text(form.note), conclusion: text(form.conclusion) },
      fieldErrors: { note: errorFor(errors, 'note') ?? '', conclusion: errorFor(errors, 'conclusion') ?? '', form: errorFor(errors, 'form') ?? '' },
    };
  }
}
