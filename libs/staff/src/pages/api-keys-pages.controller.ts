import { Body, Controller, Get, Param, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { API_KEY_ROLES, ApiKeys, CreateApiKeyDto } from '#auth';
import { Access, OwnTransactions, type Principal, uuidParam } from '#platform';
import { errorFor, type FieldError, fixableErrors, formAs, type FormFields, formList, formText, PageInterceptor, PageRenderer, PageWork } from '#web';
import { ROLE_TEXT } from '../staff-roles.js';

type PageRequest = Request & { principal: Principal };

/**
 * The authority admin's API keys: listed (never the secrets), created (the key
 * shown on the answering page, once, and never stored) and revoked.
 */
@ApiExcludeController()
@Controller('api-keys')
export class ApiKeysPagesController {
  constructor(
    private readonly keys: ApiKeys,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @Access('authority_admin')
  @Render('staff/api-keys')
  @UseInterceptors(PageInterceptor)
  async list(@Query('done') done?: string) {
    return this.page({}, [], done === 'revoked' ? 'The key has been revoked: systems using it are refused from now on.' : null, null);
  }

  @Post()
  @Access('authority_admin')
  @OwnTransactions()
  async create(@Req() req: PageRequest, @Res() res: Response, @Body() form: FormFields) {
    let page: Awaited<ReturnType<ApiKeysPagesController['page']>>;
    try {
      page = await this.work.commit(req.principal, async () => {
        const dto = await formAs(
          CreateApiKeyDto,
          { name: formText(form.name), roles: formList(form.roles) },
          { name: 'Enter a name for the key', roles: 'Select at least one role' },
        );
        const created = await this.keys.create(dto, req.principal);
        return this.page({}, [], null, { name: created.name, key: created.key });
      });
    } catch (err) {
      const errors = fixableErrors(err);
      this.pages.sendRefused(req, res, 'staff/api-keys', await this.work.commit(req.principal, () => this.page(form, errors, null, null)));
      return;
    }
    // The key is on this page only: no redirect to a page that could show it again. Nothing keeps it either: the access
    // guard has marked this answer no-store, as it does every signed-in one.
    res
      .status(201)
      .type('html')
      .send(this.pages.render('staff/api-keys', { ...page, chrome: this.pages.chrome(req, null) }));
  }

  @Post(':id/revoke')
  @Access('authority_admin')
  @OwnTransactions()
  async revoke(@Req() req: PageRequest, @Res() res: Response, @Param('id', uuidParam()) id: string) {
    await this.work.commit(req.principal, () => this.keys.revoke(id));
    res.redirect(303, '/api-keys?done=revoked');
  }

  private async page(form: FormFields, errors: FieldError[], notice: string | null, created: { name: string; key: string } | null) {
    const keys = await this.keys.list();
    const chosen = formList(form.roles);
    return {
      title: `${errors.length ? 'Error: ' : ''}API keys`,
      notice,
      created,
      errors,
      form: { name: formText(form.name) },
      keys: keys.map((k) => ({ ...k, rolesText: k.roles.map((r) => ROLE_TEXT[r].name).join(', ') })),
      roles: API_KEY_ROLES.map((r) => ({ value: r, text: ROLE_TEXT[r].name, hint: ROLE_TEXT[r].hint, checked: chosen.includes(r) })),
      fieldErrors: { name: errorFor(errors, 'name'), roles: errorFor(errors, 'roles') },
    };
  }
}
