import { Injectable } from '@nestjs/common';

/** Loads one context's part of a page: the values its partial reads, merged into the page's own. */
export type PageExtension<C> = (ctx: C) => Promise<Record<string, unknown>>;

/**
 * Parts of a page that a context other than the page's owner fills: each role's dashboard section, a
 * tender page's link to the bidder's assessment summary, the commitments on a verification page. The
 * page names a slot and what it knows (the principal, a tender id); the contexts that have something to
 * say register a loader for the slot when their module starts. So a page never queries another context's
 * tables, and the web kit and the lower contexts never import the ones above them. Loaders run in the
 * request's own transaction, under its RLS context, in the order they were registered.
 */
@Injectable()
export class PageExtensions {
  private readonly slots = new Map<string, { name: string; load: PageExtension<never> }[]>();

  register<C>(slot: string, name: string, load: PageExtension<C>): void {
    const list = this.slots.get(slot) ?? [];
    if (list.some((e) => e.name === name)) throw new Error(`page extension ${name} registered twice for ${slot}`);
    list.push({ name, load: load as PageExtension<never> });
    this.slots.set(slot, list);
  }

  async collect<C>(slot: string, ctx: C): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const { load } of this.slots.get(slot) ?? []) Object.assign(out, await (load as PageExtension<C>)(ctx));
    return out;
  }
}
