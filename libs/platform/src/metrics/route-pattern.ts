import type { Request } from 'express';

/**
 * The pattern of the route that answered (`/api/v1/tenders/:id`), never the path itself: a label or a span name
 * must not grow with ids, nor carry a token that a path holds. `unmatched` when no route answered.
 */
export function routePattern(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' && pattern !== '{/*splat}' ? pattern : 'unmatched';
}
