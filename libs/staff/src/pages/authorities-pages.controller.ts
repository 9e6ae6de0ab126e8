import { Body, Controller, Get, Post, Query, Render, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, OwnTransactions, type Principal } from '#platform';
import { errorFor, type FieldError, fixableErrors, formAs, type FormFields, formText, PageInterceptor, PageRenderer } from '#web';
import { NewAuthorities } from '../authorities/new-authority.service.js';
import { NewAuthorityDto } from '../staff.dto.js';

const FIELDS = ['name', 'slug', 'adminName', 'adminEmail'] as const;

/** The platform operator's page for setting up an authority and inviting its first admin. */
@ApiExcludeController()
@Controller('authorities')
export class AuthoritiesPagesController {
  constructor(
    private readonly authorities: NewAuthorities,
    private readonly pages: PageRenderer,
  ) {}

  @Get('new')
  @Access('platform_operator')
  @Render('staff/new-authority')
  @UseInterceptors(PageInterceptor)
  form(@Query('created') created?: string, @Query('invited') invited?: string) {
    const notice = created && invited ? `${created} is set up. We have e-mailed ${invited} an invitation to be its admin.` : null;
    return page({}, [], notice);
  }

  @Post()
  @Access('platform_operator')
  @OwnTransactions()
  async create(@Req() req: Request & { principal: Principal }, @Res() res: Response, @Body() form: FormFields) {
    try {
      const dto = await formAs(
        NewAuthorityDto,
        { name: formText(form.name), slug: formText(form.slug).toLowerCase(), adminName: formText(form.adminName), adminEmail: formText(form.adminEmail) },
        {
          name: 'Enter the authority’s name',
          slug: 'Enter a short name, for example eastbrook',
          adminName: 'Enter the first admin’s name',
          adminEmail: 'Enter the first admin’s e-mail address',
        },
      );
      const created = await this.authorities.create(dto, req.principal);
      res.redirect(303, `/authorities/new?${new URLSearchParams({ created: created.name, invited: created.invitation.email })}`);
    } catch (err) {
      this.pages.sendRefused(req, res, 'staff/new-authority', page(form, fixableErrors(err), null));
    }
  }
}

function page(form: FormFields, errors: FieldError[], notice: string | null) {
  return {
    title: `${errors.length ? 'Error: ' : ''}Set up an authority`,
    notice,
    errors,
    form: Object.fromEntries(FIELDS.map((f) => [f, formText(form[f])])),
    fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, errorFor(errors, f)])),
  };
}
