import type { EntityManager } from 'typeorm';
import { Authority } from '#auth';
import type { ContextRunner } from '#platform';

/**
 * The scheduled reminders' shape: in each authority's own context, read what is due (read-only), then
 * act on each item in a transaction of its own, so one failure or one claim taken by another worker
 * never holds up the rest. Returns how many items were acted on (`act` says whether it did anything).
 */
export async function forEachAuthorityDue<T>(
  runner: ContextRunner,
  findDue: (em: EntityManager) => Promise<Iterable<T>>,
  act: (tenantId: string, item: T) => Promise<boolean>,
): Promise<number> {
  const authorities = await runner.run({}, (em) => em.find(Authority, { select: { id: true } }), { readOnly: true });
  let acted = 0;
  for (const { id: tenantId } of authorities) {
    const due = await runner.run({ tenantId }, findDue, { readOnly: true });
    for (const item of due) {
      if (await act(tenantId, item)) acted++;
    }
  }
  return acted;
}
