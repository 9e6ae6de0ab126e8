import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { isPageRequest, WebSessionStrategy } from '#auth';
import { markNoStore, type PageErrorRenderer, type Principal, type ProblemDetails, type Role } from '#platform';
import { refusalInWords } from './navigation.js';
import { PageRenderer } from './page-renderer.js';

const PAGES: Record<number, { view: string; title: string }> = {
  403: { view: 'errors/403', title: 'You cannot open this page' },
  404: { view: 'errors/404', title: 'Page not found' },
};

/**
 * Errors on pages, in the service's style: sign in when not signed in, a page
 * that says what happened otherwise. The API keeps problem+json.
 */
@Injectable()
export class PageErrors implements PageErrorRenderer {
  private readonly logger = new Logger('PageErrors');

  constructor(
    private readonly pages: PageRenderer,
    private readonly sessions: WebSessionStrategy,
    private readonly cls: ClsService,
  ) {}

  wants(req: Request): boolean {
    return isPageRequest(req) && !(req.headers.accept ?? '').includes('json');
  }

  async render(problem: ProblemDetails, req: Request & { principal?: Principal }, res: Response): Promise<void> {
    if (problem.status === 401) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      return res.redirect(303, `/sign-in${next}`);
    }
    // An address no route has never reaches the access guard: whoever is signed in still gets their navigation.
    if (!req.principal && problem.status === 404) {
      const signedIn = await this.sessions.validate(req).catch(() => false as const);
      if (signedIn) {
        req.principal = signedIn;
        // Their navigation is on the page, so it is theirs as any signed-in answer is: no-store, and no ETag.
        markNoStore(res, this.cls);
      }
    }
    const needed = problem['roles'] as Role[] | undefined;
    const page =
      (problem.type === '/problems/csrf' ? { view: 'errors/other', title: problem.title } : PAGES[problem.status]) ??
      // The limit's own words (sign-in attempts, concerns sent) and how long to wait.
      (problem.status === 429 ? { view: 'errors/429', title: problem.title } : undefined) ??
      // The database away for a moment (a restart): not the service's fault, and worth trying again soon.
      (problem.type === '/problems/database-unavailable' ? { view: 'errors/503', title: 'Sorry, the service is unavailable' } : undefined) ??
      (problem.status >= 500 ? { view: 'errors/500', title: 'Sorry, there is a problem with the service' } : { view: 'errors/other', title: problem.title });
    try {
      const html = this.pages.render(page.view, {
        title: page.title,
        chrome: this.pages.chrome(req, null),
        detail: problem.status === 403 && needed ? refusalInWords(needed, req.principal?.roles ?? []) : problem.status < 500 ? (problem.detail ?? null) : null,
        status: problem.status,
        // A form sent too often: back to the form (its address is the one it was sent to).
        back: req.method === 'POST' ? req.path : null,
      });
      res.status(problem.status).type('html').send(html);
    } catch (err) {
      this.logger.error(err);
      res.status(problem.status).type('text').send(problem.title);
    }
  }
}
