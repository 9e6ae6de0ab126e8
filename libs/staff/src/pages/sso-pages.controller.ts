import { Body, Controller, Get, Inject, Param, Post, Query, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, APP_CONFIG, type AppConfig, OwnTransactions, type Principal, Public, throttleGuard } from '#platform';
import {
  errorFor,
  type FieldError,
  fixableErrors,
  type FormFields,
  formList,
  formText,
  PageInterceptor,
  PageRenderer,
  PageWork,
  safeNext,
  setSessionCookie,
} from '#web';
import { SsoRefused, SsoSignIn } from '../single-sign-on/sso-sign-in.service.js';
import { SsoSettings, type SsoSettingsForm, type SsoSettingsView } from '../single-sign-on/sso-settings.service.js';
import { refusalText, type SsoRefusal } from '../single-sign-on/sso-rules.js';

type PageRequest = Request & { principal: Principal };

/**
 * Each sign-in sent to a provider writes a row: one client address may start a good many a minute (a council's
 * whole office arrives through one address at nine), but not flood the table.
 */
const SsoThrottleGuard = throttleGuard({
  name: 'sso',
  title: 'Too many sign-in attempts',
  seconds: 60,
  limits: [{ by: 'address', points: (config) => config.LOGIN_RATE_LIMIT * 20, key: (req) => req.ip ?? '' }],
});

/** Binds a sign-in sent to a provider to the browser that started it. */
const ATTEMPT_COOKIE = 'cw_sso_attempt';

const REFUSAL_WHY: Record<string, string> = {
  'provider-refused': 'The identity provider did not sign them in',
  'answer-refused': 'The identity provider’s answer failed its checks',
};

const FIELDS = ['displayName', 'issuer', 'clientId', 'clientSecret', 'domains', 'rolesClaim', 'roleMap', 'createAccounts', 'staffSignIn'] as const;

const STAFF_SIGN_IN_TEXT = {
  password: 'With a password kept here',
  password_or_sso: 'With a password, or your own accounts',
  sso: 'Only with your own accounts (passwords here stop working for your staff)',
} as const;

/**
 * Single sign-on in pages (issue 20, item 1): staff sent to their authority's identity provider and back, and
 * the authority admin's settings for it, with the sign-ins it refused and why.
 */
@ApiExcludeController()
@Controller()
export class SsoPagesController {
  constructor(
    private readonly signIn: SsoSignIn,
    private readonly settings: SsoSettings,
    private readonly work: PageWork,
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure() {
    return this.config.NODE_ENV === 'production';
  }

  @Get('sign-in/sso/:slug')
  @Public()
  @OwnTransactions()
  @UseGuards(SsoThrottleGuard)
  async start(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string, @Query('next') next?: string) {
    try {
      const { redirect, browserKey } = await this.signIn.start(slug, safeNext(next));
      // Lax: sent on the provider's top-level redirect back to the callback, never on a cross-site request's.
      res.cookie(ATTEMPT_COOKIE, browserKey, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/sign-in/sso/', maxAge: 10 * 60_000 });
      res.redirect(303, redirect);
    } catch (err) {
      this.refused(req, res, err);
    }
  }

  @Get('sign-in/sso/:slug/callback')
  @Public()
  @OwnTransactions()
  async callback(@Req() req: Request, @Res() res: Response, @Param('slug') slug: string) {
    try {
      const browserKey = (req.cookies as Record<string, string> | undefined)?.[ATTEMPT_COOKIE] ?? '';
      res.clearCookie(ATTEMPT_COOKIE, { path: '/sign-in/sso/' });
      const session = await this.signIn.finish(slug, new URL(req.originalUrl, this.config.PUBLIC_BASE_URL), browserKey);
      setSessionCookie(res, session, this.secure);
      res.redirect(303, session.next);
    } catch (err) {
      this.refused(req, res, err);
    }
  }

  @Get('admin/sign-in')
  @Access('authority_admin')
  @Render('staff/sign-in-settings')
  @UseInterceptors(PageInterceptor)
  async settingsPage(@Query('done') done?: string) {
    const view = await this.settings.view();
    return this.page(view, view.form, [], done === 'saved' ? 'Your sign-in settings have been saved.' : null);
  }

  @Post('admin/sign-in')
  @Access('authority_admin')
  @OwnTransactions()
  async save(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormFields) {
    const form: SsoSettingsForm = {
      displayName: formText(body.displayName),
      issuer: formText(body.issuer),
      clientId: formText(body.clientId),
      clientSecret: formText(body.clientSecret),
      domains: formText(body.domains),
      rolesClaim: formText(body.rolesClaim),
      roleMap: typeof body.roleMap === 'string' ? body.roleMap.slice(0, 20_000) : '',
      createAccounts: formList(body.createAccounts).includes('yes'),
      staffSignIn: formText(body.staffSignIn),
    };
    const stored = await this.work.commit(req.principal, () => this.settings.view());
    try {
      // The provider is asked outside any transaction: it may take seconds.
      const checked = await this.settings.check(form, stored.secretStored);
      await this.work.commit(req.principal, () => this.settings.save(checked, req.principal));
    } catch (err) {
      const errors = fixableErrors(err);
      this.pages.sendRefused(req, res, 'staff/sign-in-settings', this.page(stored, form, errors, null));
      return;
    }
    res.redirect(303, '/admin/sign-in?done=saved');
  }

  private page(view: SsoSettingsView, form: Omit<SsoSettingsForm, 'clientSecret'>, errors: FieldError[], notice: string | null) {
    return {
      title: `${errors.length ? 'Error: ' : ''}How your staff sign in`,
      notice,
      errors,
      form,
      secretStored: view.secretStored,
      redirectUri: `${this.config.PUBLIC_BASE_URL}/sign-in/sso/${view.authority.slug}/callback`,
      postLogoutUri: `${this.config.PUBLIC_BASE_URL}/sign-in?signed-out=1`,
      createAccountsOptions: [
        { value: 'yes', text: 'Make an account for someone not yet on your staff, when their groups give them a role', checked: form.createAccounts },
      ],
      staffSignInOptions: Object.entries(STAFF_SIGN_IN_TEXT).map(([value, text]) => ({ value, text, checked: form.staffSignIn === value })),
      refusals: view.refusals.map((r) => ({
        at: r.at,
        who: r.email ?? 'Not known',
        why: REFUSAL_WHY[r.reason] ? `${REFUSAL_WHY[r.reason]}: ${r.detail ?? ''}` : refusalText(r.reason as SsoRefusal, view.authority.name, r.email),
      })),
      fieldErrors: Object.fromEntries(FIELDS.map((f) => [f, errorFor(errors, f)])),
    };
  }

  private refused(req: Request, res: Response, err: unknown) {
    if (!(err instanceof SsoRefused)) throw err;
    res
      .status(err.status)
      .type('html')
      .send(this.pages.render('staff/sso-refused', { title: 'You are not signed in', text: err.text, chrome: this.pages.chrome(req, null) }));
  }
}
