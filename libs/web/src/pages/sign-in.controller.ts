import { Body, Controller, Get, HttpStatus, Inject, Post, Query, Render, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type EntityManager, In } from 'typeorm';
import { Authority, AuthService, LoginThrottleGuard, SESSION_COOKIE, WEB_SESSION_HOURS } from '#auth';
import { Access, ALL_ROLES, APP_CONFIG, type AppConfig, OwnTransactions, type Principal, ProblemException, Public, ContextRunner, RequestDb } from '#platform';
import { PageInterceptor } from '../rendering/page.interceptor.js';
import { PageRenderer } from '../rendering/page-renderer.js';
import { ensureCsrfSeed } from '../security/csrf.js';
import { setSessionCookie } from '../security/session-cookie.js';

interface FieldError {
  field: string;
  href: string;
  text: string;
}

interface SignInForm {
  email: string;
  authority: string;
  next: string;
  askAuthority: boolean;
}

/** Only our own paths: never an open redirect to another site. */
export const safeNext = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && !value.startsWith('/sign-') ? value : '/dashboard';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PageRenderer,
    private readonly runner: ContextRunner,
    private readonly db: RequestDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get secure() {
    return this.config.NODE_ENV === 'production';
  }

  @Get()
  @Public()
  @OwnTransactions()
  home(@Req() req: Request & { principal?: Principal }, @Res() res: Response) {
    if (req.principal?.web) return res.redirect(303, '/dashboard');
    // Anyone else is offered what is public (issue 16, item 4) as well as a sign-in.
    res.type('html').send(this.pages.render('home', { title: 'Public services, in the open', chrome: this.pages.chrome(req, null) }));
  }

  @Get('sign-in')
  @Public()
  @Render('sign-in')
  @UseInterceptors(PageInterceptor)
  async form(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Query('next') next?: string, @Query('signed-out') signedOut?: string) {
    ensureCsrfSeed(req, res, this.secure);
    // In the request's own transaction: a second one opened here would wait for ever on the embedded database's one session.
    const providers = await this.providersIn(this.db.manager);
    return this.page({ email: '', authority: '', next: safeNext(next), askAuthority: false }, [], providers, signedOut === '1');
  }

  @Post('sign-in')
  @Public()
  @OwnTransactions()
  @UseGuards(LoginThrottleGuard)
  async signIn(@Req() req: Request, @Body() body: Record<string, unknown>, @Res() res: Response) {
    const form: SignInForm = {
      email: typeof body.email === 'string' ? body.email.trim().slice(0, 254) : '',
      authority: typeof body.authority === 'string' ? body.authority.trim().slice(0, 40) : '',
      next: safeNext(body.next),
      askAuthority: typeof body.authority === 'string',
    };
    const password = typeof body.password === 'string' ? body.password : '';
    const errors: FieldError[] = [];
    if (!form.email) errors.push(fieldError('email', 'Enter your e-mail address'));
    else if (!EMAIL.test(form.email)) errors.push(fieldError('email', 'Enter an e-mail address in the correct format, like name@example.org'));
    if (!password) errors.push(fieldError('password', 'Enter your password'));
    if (errors.length) return this.rerender(req, res, HttpStatus.BAD_REQUEST, form, errors);
    try {
      setSessionCookie(res, await this.auth.startWebSession({ email: form.email, password, authority: form.authority || undefined }), this.secure);
      return res.redirect(303, form.next);
    } catch (err) {
      if (!(err instanceof ProblemException)) throw err;
      const problem = err.toProblem();
      if (problem.type === '/problems/validation') {
        return this.rerender(req, res, HttpStatus.BAD_REQUEST, { ...form, askAuthority: true }, [
          fieldError('authority', String(problem.detail ?? '').replace(/^authority: /, '')),
        ]);
      }
      if (problem.type === '/problems/account-locked') {
        return this.rerender(req, res, HttpStatus.TOO_MANY_REQUESTS, form, [
          fieldError(
            'email',
            `This account is locked after too many wrong passwords. Try again in ${Math.ceil(Number(problem.retryAfterSeconds) / 60)} minutes.`,
          ),
        ]);
      }
      if (problem.type === '/problems/password-sign-in-off') {
        return this.rerender(req, res, HttpStatus.FORBIDDEN, form, [
          { field: 'email', href: String(problem.signInUrl), text: `${String(problem.detail)}: sign in with it below` },
        ]);
      }
      if (problem.type === '/problems/not-a-member') return this.rerender(req, res, HttpStatus.FORBIDDEN, form, [fieldError('email', String(problem.detail))]);
      if (problem.status === 401) {
        return this.rerender(req, res, HttpStatus.UNAUTHORIZED, form, [fieldError('email', 'The e-mail address or password is not right')]);
      }
      throw err;
    }
  }

  @Post('sign-out')
  @Access(...ALL_ROLES)
  @OwnTransactions()
  async signOut(@Req() req: Request & { principal?: Principal }, @Res() res: Response) {
    const p = req.principal;
    const [ended]: { sign_out_url: string | null }[] =
      p?.web && p.userId
        ? await this.runner.run({ userId: p.userId }, (em) =>
            em.query(`WITH ended AS (UPDATE web_sessions SET revoked_at = now() WHERE id = $1 RETURNING sign_out_url) SELECT sign_out_url FROM ended`, [
              p.web!.sessionId,
            ]),
          )
        : [];
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (!ended?.sign_out_url) return res.redirect(303, '/sign-in?signed-out=1');
    // Signed in through the authority's identity provider: its session ends too, and it sends the browser back
    // here. Not a redirect from this form's answer: the pages' content security policy keeps forms' answers (and
    // their redirects) to our own site, so the browser is sent on as a navigation, with a link if it does not go.
    req.principal = undefined;
    res.setHeader('refresh', `0;url=${ended.sign_out_url}`);
    res
      .status(200)
      .type('html')
      .send(this.pages.render('signing-out', { title: 'Signing you out', signOutUrl: ended.sign_out_url, chrome: this.pages.chrome(req, null) }));
  }

  /** The authorities whose staff may sign in through their own identity provider, for a button each. */
  private providersIn(em: EntityManager): Promise<{ slug: string; name: string }[]> {
    return em.find(Authority, { where: { staffSignIn: In(['password_or_sso', 'sso'] as const) }, order: { name: 'ASC' }, select: { slug: true, name: true } });
  }

  /** The same, from a route that owns its transactions (the sign-in form's answer). */
  private throughProviders() {
    return this.runner.run({}, (em) => this.providersIn(em), { readOnly: true });
  }

  private page(form: SignInForm, errors: FieldError[], providers: { slug: string; name: string }[], signedOut = false) {
    return {
      providers: providers.map((a) => ({ ...a, href: `/sign-in/sso/${a.slug}${form.next === '/dashboard' ? '' : `?next=${encodeURIComponent(form.next)}`}` })),
      title: errors.length ? 'Error: Sign in' : 'Sign in',
      form,
      errors,
      emailError: errors.find((e) => e.field === 'email')?.text ?? null,
      passwordError: errors.find((e) => e.field === 'password')?.text ?? null,
      authorityError: errors.find((e) => e.field === 'authority')?.text ?? null,
      signedOut,
      sessionHours: WEB_SESSION_HOURS,
    };
  }

  private async rerender(req: Request, res: Response, status: number, form: SignInForm, errors: FieldError[]) {
    ensureCsrfSeed(req, res, this.secure);
    res.status(status).render('sign-in', { ...this.page(form, errors, await this.throughProviders()), chrome: this.pages.chrome(req, null) });
  }
}

const fieldError = (field: string, text: string): FieldError => ({ field, href: `#${field}`, text });
