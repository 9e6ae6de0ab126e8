import type { Request, Response } from 'express';
import type { Principal } from '#platform';
import type { PageRenderer } from './page-renderer.js';
import { type FieldError, fixableErrors, type PageWork } from './page-work.js';

export interface FormAction {
  req: Request & { principal: Principal };
  res: Response;
  work: PageWork;
  pages: PageRenderer;
  /** The change, committed in the person's context; returns where to go next. */
  change: () => Promise<string>;
  /** The page to send back with what was wrong, built in a transaction of its own. */
  view: string;
  page: (errors: FieldError[]) => Promise<Record<string, unknown>>;
  /** Where an error should point when its field is not on the page (default: unchanged). */
  place?: (e: FieldError) => FieldError;
  /** A provider acting on a published tender (see PageWork.commit). */
  publishedRecords?: boolean;
}

/**
 * One posted form: the change is committed and the browser redirected (303), or a refusal the person
 * can act on comes back on the same page beside the form (400). Anything else goes on to the error pages.
 */
export async function formAction(a: FormAction): Promise<void> {
  try {
    const next = await a.work.commit(a.req.principal, a.change, { publishedRecords: a.publishedRecords });
    a.res.redirect(303, next);
  } catch (err) {
    const errors = fixableErrors(err).map(a.place ?? ((e) => e));
    const page = await a.work.commit(a.req.principal, () => a.page(errors), { publishedRecords: a.publishedRecords });
    a.pages.sendRefused(a.req, a.res, a.view, page);
  }
}
