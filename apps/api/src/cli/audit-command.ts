import { parseArgs } from 'node:util';
import { type OwnerTransactions, verifyAuthorityChain } from '#platform';

export const AUDIT_USAGE = 'Usage: commonweal audit verify --authority SLUG';

/**
 * `commonweal audit verify --authority SLUG`: recomputes every link of the authority's audit chain from
 * the database, as the owner (no tenant context needed, none granted), and names the first break.
 * Exit 0 when the chain holds, 1 when it breaks, 64 for a wrong call, 66 for an unknown authority.
 */
export async function auditCommand(
  asOwner: <T>(work: (owner: OwnerTransactions) => Promise<T>) => Promise<T>,
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let values: { authority?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { authority: { type: 'string' } }, allowPositionals: true, strict: true }));
  } catch (e) {
    err(`commonweal audit: ${e instanceof Error ? e.message : String(e)}\n${AUDIT_USAGE}`);
    return 64;
  }
  if (positionals[0] !== 'verify' || positionals.length !== 1 || !values.authority) {
    err(AUDIT_USAGE);
    return 64;
  }
  const slug = values.authority;
  // As the owner: the app role without a tenant context would see no event at all and call that a chain.
  const outcome = await asOwner((owner) =>
    owner.run(async (em) => {
      const [authority] = (await em.query(`SELECT id, name FROM authorities WHERE slug = $1`, [slug])) as { id: string; name: string }[];
      if (!authority) return null;
      return { authority, result: await verifyAuthorityChain(em, authority.id) };
    }),
  );
  if (!outcome) {
    err(`commonweal audit: no authority has the slug "${slug}"`);
    return 66;
  }
  const { authority, result } = outcome;
  const head = result.recordedHead ? `event ${result.recordedHead.seq}, ${result.recordedHead.hash}` : 'no events yet';
  if (result.valid) {
    out(`The audit chain of ${authority.name} (${slug}) holds: ${result.verified} events verified.`);
    out(`Head: ${head}`);
    return 0;
  }
  const b = result.break!;
  out(`The audit chain of ${authority.name} (${slug}) is broken at event ${b.seq}: ${b.kind}. ${b.detail}.`);
  if (b.eventId) out(`Event id: ${b.eventId}`);
  out(`${result.verified} events before it hold. Recorded head: ${head}`);
  return 1;
}
