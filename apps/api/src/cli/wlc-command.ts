import { readFileSync } from 'node:fs';
import { type CostBundle, costBundleProblems, costFigures } from '#costs';

/**
 * `commonweal wlc bundle.json`: recomputes a contract's whole-life cost offline from its bundle
 * (GET /api/v1/contracts/{id}/costs/bundle) and prints the figures, the same as the API's
 * GET /api/v1/contracts/{id}/costs, byte for byte. Needs no database, no configuration and no network.
 * A bundle that breaks a rule is refused with each place named, and a non-zero exit.
 */
export function wlcCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    err('Usage: commonweal wlc <bundle.json>');
    return 64;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    err(`commonweal wlc: cannot read ${file} as JSON: ${e instanceof Error ? e.message : String(e)}`);
    return 65;
  }
  const problems = costBundleProblems(bundle);
  if (problems.length) {
    err(`commonweal wlc: ${file} is not a whole-life cost bundle (docs/cost-bundle.schema.json):`);
    for (const p of problems) err(`  ${p.at}: ${p.message}`);
    return 65;
  }
  out(JSON.stringify(costFigures(bundle as CostBundle), null, 2));
  return 0;
}
