import { Body, Controller, Get, NotFoundException, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, DocumentUploadFor, OwnTransactions, type Principal, type Upload, uuidParam } from '#platform';
import { CreateLinkEvidenceDto, EvidenceFieldsDto, SelfAssessmentDto, UpdateEvidenceDto } from '../evidence/evidence.dto.js';
import { DEFAULT_FRAMEWORK, LEVELS } from '../framework/framework.js';
import { EVIDENCE_TYPE_NAMES, EVIDENCE_TYPES } from '../evidence/snapshot.js';
import { EvidenceLibrary, evidenceView } from '../evidence/evidence-library.service.js';
import { SelfAssessments } from '../evidence/self-assessments.service.js';
import { errorFor, type FieldError, fixableErrors, formAs, type FormFields, formList, formText, PageInterceptor, PageRenderer, PageWork } from '#web';

type PageRequest = Request & { principal: Principal; file?: Upload };
const ITEM_NOTICES: Record<string, string> = {
  changed: 'The item is changed. Bids already sent keep the copy they took.',
  withdrawn: 'The item is withdrawn: it can no longer be chosen as evidence. Bids already sent keep their copy.',
  restored: 'The item is back in your library.',
};
const typeOptions = (selected: string) => EVIDENCE_TYPES.map((value) => ({ value, text: EVIDENCE_TYPE_NAMES[value], selected: value === selected }));

/**
 * The provider's public character pages: its self-assessment against the ten tests (each test's form with
 * its level descriptors beside the choice) and its evidence library, written once and used with every
 * authority. The same services and rules as the API.
 */
@ApiExcludeController()
@Controller('public-character')
export class PublicCharacterPagesController {
  constructor(
    private readonly library: EvidenceLibrary,
    private readonly assessments: SelfAssessments,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('provider')
  @Render('public-character/overview')
  @UseInterceptors(PageInterceptor)
  async overview(@Req() req: PageRequest, @Query('saved') saved?: string, @Query('added') added?: string) {
    const test = DEFAULT_FRAMEWORK.tests.find((t) => t.code === saved);
    return this.overviewPage({}, [], test ? `Your answer on ${test.name} is saved.` : added ? 'The evidence is in your library.' : null);
  }

  @Post('evidence')
  @Access('provider')
  @OwnTransactions()
  async addLink(@Req() req: PageRequest, @Res() res: Response, @Body() form: FormFields) {
    try {
      await this.work.commit(req.principal, async () => {
        const dto = await formAs(CreateLinkEvidenceDto, this.evidenceFields(form, { url: formText(form.url) }), {
          title: 'Enter a title',
          url: 'Enter the web address',
        });
        return this.library.addLink(dto, req.principal);
      });
      res.redirect(303, '/public-character?added=1');
    } catch (err) {
      await this.refused(req, res, form, fixableErrors(err));
    }
  }

  @Post('evidence/documents')
  @Access('provider')
  @OwnTransactions()
  @DocumentUploadFor('evidence')
  async addDocument(@Req() req: PageRequest, @Res() res: Response, @Body() form: FormFields) {
    try {
      await this.work.commit(req.principal, async () => {
        const dto = await formAs(EvidenceFieldsDto, this.evidenceFields(form, {}, 'doc-'), { title: 'Enter a title' });
        return this.library.addDocument(dto, req.file, req.principal);
      });
      res.redirect(303, '/public-character?added=1');
    } catch (err) {
      await this.refused(req, res, { ...form, kind: 'document' }, fixableErrors(err));
    }
  }

  @Get('evidence/:id/document')
  @Access('provider')
  download(@Param('id', uuidParam()) id: string) {
    return this.library.download(id);
  }

  /** One item of the library: what it is, changed (bids already sent keep the copy they took), withdrawn or put back. */
  @Get('evidence/:id')
  @Access('provider')
  @Render('public-character/evidence-item')
  @UseInterceptors(PageInterceptor)
  async item(@Param('id', uuidParam()) id: string, @Query('done') done?: string) {
    const e = await this.library.get(id);
    const form = { title: e.title, evidenceType: e.evidenceType, description: e.description, issuedOn: e.issuedOn ?? '', expiresOn: e.expiresOn ?? '' };
    return this.itemPage(id, form, [], ITEM_NOTICES[done ?? ''] ?? null);
  }

  @Post('evidence/:id')
  @Access('provider')
  @OwnTransactions()
  async changeItem(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    try {
      await this.work.commit(req.principal, async () => {
        const fields = this.evidenceFields(form, {});
        // An empty date clears it; the API takes null for that.
        const dto = await formAs(
          UpdateEvidenceDto,
          { ...fields, issuedOn: fields.issuedOn ?? null, expiresOn: fields.expiresOn ?? null },
          { title: 'Enter a title' },
        );
        return this.library.update(id, dto);
      });
      res.redirect(303, `/public-character/evidence/${id}?done=changed`);
    } catch (err) {
      const page = await this.work.commit(req.principal, () => this.itemPage(id, form, fixableErrors(err), null));
      this.pages.sendRefused(req, res, 'public-character/evidence-item', page);
    }
  }

  @Post('evidence/:id/withdrawal')
  @Access('provider')
  @OwnTransactions()
  async withdraw(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string, @Body() form: FormFields) {
    const withdrawn = formText(form.withdrawn) !== 'false';
    await this.work.commit(req.principal, () => this.library.update(id, { withdrawn }));
    res.redirect(303, `/public-character/evidence/${id}?done=${withdrawn ? 'withdrawn' : 'restored'}`);
  }

  @Get('tests/:code')
  @Access('provider')
  @Render('public-character/test')
  @UseInterceptors(PageInterceptor)
  async testForm(@Param('code') code: string) {
    const answer = (await this.assessments.answers()).find((a) => a.testCode === code);
    return this.testPage(code, answer ? { level: String(answer.level), narrative: answer.narrative, evidenceIds: answer.evidenceIds } : {}, []);
  }

  @Post('tests/:code')
  @Access('provider')
  @OwnTransactions()
  async saveTest(@Req() req: PageRequest, @Res() res: Response, @Param('code') code: string, @Body() form: FormFields) {
    const values = { level: formText(form.level), narrative: formText(form.narrative), evidenceIds: formList(form.evidenceIds) };
    try {
      await this.work.commit(req.principal, async () => {
        if (!DEFAULT_FRAMEWORK.tests.some((t) => t.code === code)) throw new NotFoundException();
        const dto = await formAs(SelfAssessmentDto, values, { level: 'Choose the level your organisation meets', narrative: 'Say what shows this level' });
        return this.assessments.save(code, dto, req.principal);
      });
      res.redirect(303, `/public-character?saved=${code}`);
    } catch (err) {
      const page = await this.work.commit(req.principal, () => this.testPage(code, values, fixableErrors(err)));
      this.pages.sendRefused(req, res, 'public-character/test', page);
    }
  }

  /** The document form's fields carry a prefix (one page, two forms, ids unique). */
  private evidenceFields(form: FormFields, extra: Record<string, string>, prefix = '') {
    const optional = (v: string) => v || undefined;
    return {
      title: formText(form[`${prefix}title`]),
      evidenceType: formText(form.evidenceType),
      description: optional(formText(form.description)),
      issuedOn: optional(formText(form[`${prefix}issuedOn`])),
      expiresOn: optional(formText(form[`${prefix}expiresOn`])),
      ...extra,
    };
  }

  private async refused(req: PageRequest, res: Response, form: FormFields, errors: FieldError[]) {
    const page = await this.work.commit(req.principal, () => this.overviewPage(form, errors, null));
    this.pages.sendRefused(req, res, 'public-character/overview', page);
  }

  private async overviewPage(form: FormFields, errors: FieldError[], notice: string | null) {
    // The library with its withdrawn items (tagged, to be put back from their page); answers count only the rest.
    const [answers, items] = await Promise.all([this.assessments.answers(), this.library.list(true)]);
    const byCode = new Map(answers.map((a) => [a.testCode, a]));
    const views = items.map((e) => evidenceView(e));
    const expired = new Set(views.filter((v) => v.expired).map((v) => v.id));
    const document = form.kind === 'document';
    return {
      title: `${errors.length ? 'Error: ' : ''}Public character`,
      notice,
      errors,
      tests: DEFAULT_FRAMEWORK.tests.map((t) => {
        const a = byCode.get(t.code);
        return {
          code: t.code,
          name: t.name,
          question: t.question,
          level: a ? `${a.level}: ${LEVELS[a.level]}` : null,
          evidence: a?.evidenceIds.length ?? 0,
          expired: a?.evidenceIds.some((id) => expired.has(id)) ?? false,
        };
      }),
      assessed: answers.filter((a) => DEFAULT_FRAMEWORK.tests.some((t) => t.code === a.testCode)).length,
      items: views.map((v) => ({ ...v, typeName: EVIDENCE_TYPE_NAMES[v.evidenceType] })),
      link: document
        ? {}
        : {
            title: formText(form.title),
            url: formText(form.url),
            description: formText(form.description),
            issuedOn: formText(form.issuedOn),
            expiresOn: formText(form.expiresOn),
          },
      doc: document ? { title: formText(form['doc-title']), expiresOn: formText(form['doc-expiresOn']) } : {},
      linkTypes: typeOptions(document ? 'policy' : formText(form.evidenceType) || 'policy'),
      docTypes: typeOptions(document ? formText(form.evidenceType) || 'governance_document' : 'governance_document'),
      linkErrors: document ? {} : this.fieldErrors(errors, ['title', 'evidenceType', 'url', 'description', 'issuedOn', 'expiresOn']),
      docErrors: document ? this.fieldErrors(errors, ['title', 'evidenceType', 'issuedOn', 'expiresOn', 'file']) : {},
    };
  }

  private async itemPage(id: string, form: FormFields, errors: FieldError[], notice: string | null) {
    const e = evidenceView(await this.library.get(id));
    return {
      title: `${errors.length ? 'Error: ' : ''}${e.title}: evidence`,
      notice,
      errors,
      item: { ...e, typeName: EVIDENCE_TYPE_NAMES[e.evidenceType as keyof typeof EVIDENCE_TYPE_NAMES] },
      form: Object.fromEntries(['title', 'description', 'issuedOn', 'expiresOn'].map((f) => [f, formText(form[f])])),
      types: typeOptions(formText(form.evidenceType) || e.evidenceType),
      fieldErrors: this.fieldErrors(errors, ['title', 'evidenceType', 'description', 'issuedOn', 'expiresOn']),
    };
  }

  private async testPage(code: string, form: { level?: string; narrative?: string; evidenceIds?: string[] }, errors: FieldError[]) {
    const test = DEFAULT_FRAMEWORK.tests.find((t) => t.code === code);
    if (!test) throw new NotFoundException();
    const items = (await this.library.list()).map((e) => evidenceView(e));
    const chosen = new Set(form.evidenceIds ?? []);
    return {
      title: `${errors.length ? 'Error: ' : ''}${test.name}: public character`,
      errors,
      test,
      levels: test.descriptors.map((descriptor, level) => ({
        value: String(level),
        text: `${level}: ${LEVELS[level]}`,
        hint: descriptor,
        checked: form.level === String(level),
      })),
      narrative: form.narrative ?? '',
      items: items.map((e) => ({ ...e, typeName: EVIDENCE_TYPE_NAMES[e.evidenceType], checked: chosen.has(e.id) })),
      fieldErrors: this.fieldErrors(errors, ['level', 'narrative', 'evidenceIds']),
    };
  }

  private fieldErrors(errors: FieldError[], fields: string[]) {
    return Object.fromEntries(fields.map((f) => [f, errorFor(errors, f) ?? errors.find((e) => e.field.startsWith(`${f}-`))?.text ?? null]));
  }
}
