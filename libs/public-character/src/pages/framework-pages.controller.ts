import { Body, Controller, Get, Param, Post, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, AUTHORITY_STAFF, notFound, type Principal, OwnTransactions, validationProblem } from '#platform';
import { type FrameworkTest, LEVELS } from '../framework/framework.js';
import { PublicCharacterFrameworks } from '../framework/frameworks.service.js';
import { errorFor, type FieldError, formAction, PageInterceptor, PageRenderer, PageWork } from '#web';

type PageRequest = Request & { principal: Principal };
type Form = Record<string, string | undefined>;
const text = (v: string | undefined) => (v ?? '').trim();
const NEW = 'new';

/**
 * The authority's public character framework (issue 6): every member of staff reads the version in force;
 * the authority admin rewrites one test's words or adds a test of its own, each change adopted as the next
 * version (tenders keep the version they were published with). The ten tests of docs/domain.md stay.
 */
@ApiExcludeController()
@Controller('public-character/framework')
export class FrameworkPagesController {
  constructor(
    private readonly frameworks: PublicCharacterFrameworks,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access(...AUTHORITY_STAFF)
  @Render('public-character/framework')
  @UseInterceptors(PageInterceptor)
  async show(@Req() req: PageRequest) {
    const f = await this.frameworks.inForce();
    const adopted = (req.query as Record<string, string>).adopted;
    return {
      title: 'Public character framework',
      notice: adopted ? `Version ${adopted} of the framework is now in force. Tenders published before keep theirs.` : null,
      version: f.version,
      adoptedAt: f.adoptedAt,
      maxims: f.framework.maxims,
      canEdit: req.principal.roles.includes('authority_admin'),
      tests: f.framework.tests.map((t) => ({ ...t, levels: t.descriptors.map((d, i) => ({ level: `${i}: ${LEVELS[i]}`, descriptor: d })) })),
    };
  }

  @Get('tests/:code')
  @Access('authority_admin')
  @Render('public-character/framework-test')
  @UseInterceptors(PageInterceptor)
  async edit(@Param('code') code: string) {
    return this.testPage(code, null, []);
  }

  @Post('tests/:code')
  @Access('authority_admin')
  @OwnTransactions()
  save(@Req() req: PageRequest, @Res() res: Response, @Param('code') code: string, @Body() form: Form) {
    return formAction({
      req,
      res,
      work: this.work,
      pages: this.pages,
      view: 'public-character/framework-test',
      change: async () => {
        const current = await this.frameworks.inForce();
        const test: FrameworkTest = {
          code: code === NEW ? text(form.code) : code,
          name: text(form.name),
          question: text(form.question),
          descriptors: [0, 1, 2, 3, 4].map((i) => text(form[`descriptor-${i}`])) as FrameworkTest['descriptors'],
        };
        const missing = [
          ...(code === NEW && !test.code ? [{ field: 'code', rule: 'required', message: 'Enter a code for the test, such as welsh_language' }] : []),
          ...(!test.name ? [{ field: 'name', rule: 'required', message: 'Enter the test’s name' }] : []),
          ...(!test.question ? [{ field: 'question', rule: 'required', message: 'Enter the question the test asks' }] : []),
          ...test.descriptors.flatMap((d, i) => (d ? [] : [{ field: `descriptor-${i}`, rule: 'required', message: `Describe level ${i} (${LEVELS[i]})` }])),
        ];
        if (missing.length) throw validationProblem(missing);
        const at = current.framework.tests.findIndex((t) => t.code === test.code);
        if (code === NEW && at >= 0) throw validationProblem([{ field: 'code', rule: 'unique', message: `The framework already has a test ${test.code}` }]);
        if (code !== NEW && at < 0) throw validationProblem([{ field: 'code', rule: 'exists', message: `The framework has no test ${code}` }]);
        const tests = code === NEW ? [...current.framework.tests, test] : current.framework.tests.map((t, i) => (i === at ? test : t));
        const adopted = await this.frameworks.adopt(current.version, { ...current.framework, tests }, req.principal);
        return `/public-character/framework?adopted=${adopted.version}`;
      },
      page: (errors) => this.testPage(code, form, errors),
      // The service names fields inside the whole framework (framework.tests.3.code): on this page they are the test's own.
      place: (e) => {
        const m = /^framework-tests-\d+-(code|name|question|descriptors)(?:-(\d))?$/.exec(e.field);
        if (!m) return e;
        const field = m[1] === 'descriptors' ? `descriptor-${m[2] ?? 0}` : m[1];
        return { ...e, field, href: `#${field}` };
      },
    });
  }

  private async testPage(code: string, form: Form | null, errors: FieldError[]) {
    const current = await this.frameworks.inForce();
    const test = code === NEW ? null : current.framework.tests.find((t) => t.code === code);
    if (code !== NEW && !test) throw notFound('Test');
    const value = (k: string, fallback: string) => (form ? (form[k] ?? '') : fallback);
    return {
      title: `${errors.length ? 'Error: ' : ''}${test ? `Change ${test.name}` : 'Add a test'}: public character framework`,
      errors,
      isNew: !test,
      code,
      version: current.version,
      form: {
        code: value('code', ''),
        name: value('name', test?.name ?? ''),
        question: value('question', test?.question ?? ''),
        descriptors: LEVELS.map((l, i) => ({
          id: `descriptor-${i}`,
          label: `Level ${i}: ${l}`,
          value: value(`descriptor-${i}`, test?.descriptors[i] ?? ''),
          error: errorFor(errors, `descriptor-${i}`),
        })),
      },
      fieldErrors: { code: errorFor(errors, 'code'), name: errorFor(errors, 'name'), question: errorFor(errors, 'question') },
    };
  }
}
