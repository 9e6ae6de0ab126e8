import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '#platform';

/** The authenticated principal of this request (the AccessGuard has set it). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
