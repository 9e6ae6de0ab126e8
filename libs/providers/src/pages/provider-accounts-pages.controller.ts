import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService, LEGAL_FORMS, LoginThrottleGuard, ORGANISATION_SIZES, TOKEN_PATTERN } from '#auth';
import { Access, APP_CONFIG, type AppConfig, OwnTransactions, type Principal, Public, validationProblem } from '#platform';
import { InviteColleagueDto, PROVIDER_ROLES } from '../team/team.dto.js';
import { ProviderRegistration } from '../registration/provider-registration.service.js';
import { RegisterProviderDto } from '../registration/register-provider.dto.js';
import { Team } from '../team/team.service.js';
import { ensureCsrfSeed, errorFor, type FieldError, fixableErrors, formAs, PageInterceptor, PageRenderer, PageWork, setSessionCookie } from '#web';

type PageRequest = Request & { principal?: Principal };
type Form = Record<string, string | undefined>;

const LEGAL_FORM_TEXT: Record<string, string> = {
  public_body: 'Public body',
  charity: 'Charity',
  community_interest_company: 'Community interest company',
  cooperative_or_mutual: 'Co-operative or mutual',
  company_limited_by_guarantee: 'Company limited by guarantee',
  for_profit_company: 'Company that distributes profit',
  partnership: 'Partnership',
  sole_trader: 'Sole trader',
};
const SIZE_TEXT: Record<string, string> = {
  micro: 'Micro (fewer than 10 staff)',
  small: 'Small (10 to 49)',
  medium: 'Medium (50 to 249)',
  large: 'Large (250 or more)',
};
const ROLE_TEXT: Record<string, string> = { provider_admin: 'Administrator', bid_writer: 'Bid writer' };
const REGISTER_FIELDS = [
  'name',
  'legalForm',
  'size',
  'voluntaryCommunitySector',
  'companiesHouseNumber',
  'charityNumber',
  'otherRegistration',
  'personName',
  'email',
  'password',
];
const REQUIRED_TO_REGISTER: [string, string][] = [
  ['name', 'Enter your organisation’s name'],
  ['legalForm', 'Select your organisation’s legal form'],
  ['size', 'Select your organisation’s size'],
  ['voluntaryCommunitySector', 'Say whether your organisation is part of the voluntary and community sector'],
  ['personName', 'Enter your name'],
  ['email', 'Enter your e-mail address'],
  ['password', 'Choose a password'],
];
const text = (v: string | undefined) => (v ?? '').trim();
const optional = (v: string | undefined) => text(v) || undefined;
/** The API's nested field names as this page's field ids. */
const pageField = (e: FieldError): FieldError => {
  const id = e.field
    .replace(/^organisation-/, '')
    .replace(/^person-name$/, 'personName')
    .replace(/^person-/, '');
  return { ...e, field: id, href: `#${id}` };
};

/**
 * Providers' own account pages: register an organisation, accept an
 * invitation, see the team and invite colleagues. The same services and rules
 * as the API routes.
 */
@ApiExcludeController()
@Controller()
export class ProviderAccountsPagesController {
  constructor(
    private readonly registration: ProviderRegistration,
    private readonly team: Team,
    private readonly auth: AuthService,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure() {
    return this.config.NODE_ENV === 'production';
  }

  @Get('register')
  @Public()
  @Render('providers/register')
  @UseInterceptors(PageInterceptor)
  registerForm(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    ensureCsrfSeed(req, res, this.secure);
    return this.registerPage({}, []);
  }

  @Post('register')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async register(@Req() req: Request, @Res() res: Response, @Body() form: Form) {
    try {
      const missing = REQUIRED_TO_REGISTER.filter(([field]) => !text(form[field]));
      if (missing.length) throw validationProblem(missing.map(([field, message]) => ({ field, rule: 'required', message })));
      const dto = await formAs(
        RegisterProviderDto,
        {
          organisation: {
            name: text(form.name),
            legalForm: form.legalForm ?? '',
            size: form.size ?? '',
            voluntaryCommunitySector: form.voluntaryCommunitySector === 'yes' ? true : form.voluntaryCommunitySector === 'no' ? false : undefined,
            companiesHouseNumber: optional(form.companiesHouseNumber)?.toUpperCase(),
            charityNumber: optional(form.charityNumber),
            otherRegistration: optional(form.otherRegistration),
          },
          person: { name: text(form.personName), email: text(form.email), password: form.password ?? '' },
        },
        {},
      );
      await this.registration.register(dto);
      // Signed straight in: the person who registered is the organisation's first administrator.
      setSessionCookie(res, await this.auth.startWebSession({ email: dto.person.email, password: dto.person.password }), this.secure);
      res.redirect(303, '/team?registered=1');
    } catch (err) {
      const errors = fixableErrors(err).map(pageField);
      this.pages.sendRefused(req, res, 'providers/register', this.registerPage(form, errors));
    }
  }

  @Get('team')
  @Access('provider')
  @Render('providers/team')
  @UseInterceptors(PageInterceptor)
  async teamPage(
    @Req() req: PageRequest & { principal: Principal },
    @Query('registered') registered?: string,
    @Query('invited') invited?: string,
    @Query('joined') joined?: string,
  ) {
    const notice =
      registered === '1'
        ? 'Your organisation is registered and you are signed in as its administrator.'
        : invited === '1'
          ? 'The invitation has been sent.'
          : joined === '1'
            ? 'You have joined the team.'
            : null;
    return this.teamView(req.principal, await this.team.members(req.principal), {}, [], notice);
  }

  @Post('team/invitations')
  @Access('provider')
  @OwnTransactions()
  async invite(@Req() req: PageRequest & { principal: Principal }, @Res() res: Response, @Body() form: Form) {
    try {
      const dto = await formAs(
        InviteColleagueDto,
        {
          email: text(form.email),
          name: text(form.name),
          roles: form.role ? [form.role] : [],
        },
        { name: 'Enter your colleague’s name', email: 'Enter your colleague’s e-mail address' },
      );
      await this.work.commit(req.principal, () => this.team.invite(dto, req.principal));
      res.redirect(303, '/team?invited=1');
    } catch (err) {
      const errors = fixableErrors(err).map((e) => (e.field === 'roles' ? { ...e, field: 'role', href: '#role' } : e));
      const page = await this.work.commit(req.principal, async () => this.teamView(req.principal, await this.team.members(req.principal), form, errors, null));
      this.pages.sendRefused(req, res, 'providers/team', page);
    }
  }

  @Get('invitations/:token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async invitation(@Req() req: PageRequest, @Res() res: Response, @Param('token') token: string) {
    ensureCsrfSeed(req, res, this.secure);
    await this.renderInvitation(req, res, token, {}, [], HttpStatus.OK);
  }

  @Post('invitations/:token')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async accept(@Req() req: PageRequest, @Res() res: Response, @Param('token') token: string, @Body() form: Form) {
    try {
      const signedIn = Boolean(req.principal?.userId);
      const accepted = await this.team.accept(
        this.tokenOf(token),
        { password: signedIn ? undefined : form.password, name: optional(form.name) },
        req.principal,
      );
      if (accepted.newAccount) setSessionCookie(res, await this.auth.startWebSession({ email: accepted.email, password: form.password! }), this.secure);
      // An existing account may be acting for an authority: it signs in again to act for the provider it joined.
      res.redirect(303, accepted.newAccount ? '/team?joined=1' : '/sign-in?next=/team');
    } catch (err) {
      const errors = fixableErrors(err);
      await this.renderInvitation(req, res, token, form, errors, HttpStatus.BAD_REQUEST);
    }
  }

  private tokenOf(token: string) {
    // A malformed token is answered like an unknown one: the service says "not found".
    return TOKEN_PATTERN.test(token) ? token : '0'.repeat(43);
  }

  private async renderInvitation(req: PageRequest, res: Response, token: string, form: Form, errors: FieldError[], status: number) {
    const invitation = await this.team.describe(this.tokenOf(token));
    const html = this.pages.render('providers/invitation', {
      title: `${errors.length ? 'Error: ' : ''}Join ${invitation.providerName}`,
      invitation: { ...invitation, rolesText: invitation.roles.map((r) => ROLE_TEXT[r]).join(' and ') },
      signedIn: Boolean(req.principal?.userId),
      token,
      form,
      errors,
      fieldErrors: { password: errorFor(errors, 'password'), name: errorFor(errors, 'name') },
      chrome: this.pages.chrome(req, null),
    });
    res.status(status).type('html').send(html);
  }

  private registerPage(form: Form, errors: FieldError[]) {
    return {
      title: errors.length ? 'Error: Register your organisation' : 'Register your organisation',
      // Every field present (templates are strict), and never the password sent back.
      form: { ...Object.fromEntries(REGISTER_FIELDS.map((f) => [f, form[f] ?? ''])), password: '' },
      errors,
      fieldErrors: Object.fromEntries(REGISTER_FIELDS.map((f) => [f, errors.find((e) => e.field === f)?.text ?? null])),
      legalForms: LEGAL_FORMS.map((v) => ({ value: v, text: LEGAL_FORM_TEXT[v], checked: form.legalForm === v })),
      sizes: ORGANISATION_SIZES.map((v) => ({ value: v, text: SIZE_TEXT[v], checked: form.size === v })),
      vcsYes: form.voluntaryCommunitySector === 'yes',
      vcsNo: form.voluntaryCommunitySector === 'no',
    };
  }

  private teamView(principal: Principal, team: Awaited<ReturnType<Team['members']>>, form: Form, errors: FieldError[], notice: string | null) {
    const me = team.members.find((m) => m.userId === principal.userId);
    return {
      title: `${errors.length ? 'Error: ' : ''}Your team`,
      notice,
      errors,
      form,
      isAdmin: Boolean(me?.roles.includes('provider_admin')),
      members: team.members.map((m) => ({ ...m, rolesText: m.roles.map((r) => ROLE_TEXT[r] ?? r).join(', ') })),
      invitations: team.invitations.map((i) => ({ ...i, rolesText: i.roles.map((r) => ROLE_TEXT[r]).join(', ') })),
      roles: PROVIDER_ROLES.map((r) => ({ value: r, text: ROLE_TEXT[r], checked: (form.role ?? 'bid_writer') === r })),
      fieldErrors: { name: errorFor(errors, 'name'), email: errorFor(errors, 'email'), role: errorFor(errors, 'role') },
    };
  }
}
