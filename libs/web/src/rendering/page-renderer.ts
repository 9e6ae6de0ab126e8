import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { type Principal, projectPath, TemplateSet } from '#platform';
import { CsrfTokens, csrfSeed } from '../security/csrf.js';
import { type NavItem, navigationFor } from './navigation.js';

/**
 * Every library's views folder (`libs/<context>/views`): each context keeps its pages' views beside its
 * code, and the web kit renders them all into one layout. A view's name is its path inside its folder
 * (`cycles/show`), unique across the folders; partials likewise (TemplateSet refuses a clash).
 */
export const VIEWS_DIRS: string[] = (() => {
  const libs = projectPath('libs');
  return readdirSync(libs)
    .sort()
    .map((l) => join(libs, l, 'views'))
    .filter((d) => existsSync(d));
})();

/** What the layout needs on every page. */
export interface PageChrome {
  serviceName: string;
  nav: NavItem[];
  signedIn: boolean;
  csrfToken: string;
  /** "Name, Authority" beside sign out, or null. */
  who: string | null;
}

export interface PageData {
  title: string;
  chrome: PageChrome;
  [key: string]: unknown;
}

/**
 * Pages are handlebars views in the libraries' views folders, rendered into layout.hbs,
 * compiled with `strict: true` (a view naming a value its controller did not
 * give fails the test rather than printing a blank). Registered as Express's
 * view engine so that Nest's @Render() renders after the request's transaction
 * has committed.
 */
export class PageRenderer {
  private readonly views = new TemplateSet(VIEWS_DIRS, { escape: true });

  constructor(private readonly csrf: CsrfTokens) {}

  chrome(req: Request, who: string | null): PageChrome {
    const principal = (req as Request & { principal?: Principal }).principal;
    const seed = csrfSeed(req);
    return {
      serviceName: 'Commonweal',
      nav: principal ? navigationFor(principal.roles, req.path) : [],
      signedIn: Boolean(principal?.web),
      csrfToken: seed ? this.csrf.tokenFor(seed) : '',
      who,
    };
  }

  /** A form sent back with what was wrong (400): the change was not made, and the person fixes it there. */
  sendRefused(req: Request, res: Response, view: string, data: Record<string, unknown>): void {
    res
      .status(400)
      .type('html')
      .send(this.render(view, { ...data, chrome: this.chrome(req, null) } as PageData));
  }

  render(view: string, data: PageData): string {
    const body = this.views.render(view, data);
    return this.views.render('layout', { ...data, body });
  }

  /** Express view-engine signature. */
  readonly engine = (filePath: string, options: object, callback: (err: Error | null, html?: string) => void) => {
    try {
      const view = this.views.nameOf(filePath);
      if (!view) throw new Error(`${filePath} is in no views folder`);
      callback(null, this.render(view, options as PageData));
    } catch (err) {
      callback(err as Error);
    }
  };
}
