import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { Authority, ProviderOrganisation, User } from '#auth';
import { type Principal, RequestDb } from '#platform';
import { PageRenderer } from './page-renderer.js';

/**
 * Adds the page chrome (navigation for the person's roles, the CSRF token for
 * its forms, who is signed in) to what a page controller returns. Runs inside
 * the request's transaction, so the names come from the same snapshot.
 */
@Injectable()
export class PageInterceptor implements NestInterceptor {
  constructor(
    private readonly pages: PageRenderer,
    private readonly db: RequestDb,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    return next.handle().pipe(mergeMap((data) => from(this.withChrome(req, data as Record<string, unknown> | undefined))));
  }

  private async withChrome(req: Request & { principal?: Principal }, data: Record<string, unknown> | undefined) {
    if (!data) return data;
    return { ...data, chrome: this.pages.chrome(req, await this.who(req.principal)) };
  }

  private async who(p: Principal | undefined): Promise<string | null> {
    if (!p?.web || !p.userId) return null;
    const em = this.db.manager;
    const user = await em.findOne(User, { where: { id: p.userId } });
    const org = p.tenantId
      ? (await em.findOne(Authority, { where: { id: p.tenantId } }))?.name
      : p.providerId
        ? (await em.findOne(ProviderOrganisation, { where: { id: p.providerId } }))?.name
        : undefined;
    return [user?.displayName.split(',')[0], org].filter(Boolean).join(', ') || null;
  }
}
