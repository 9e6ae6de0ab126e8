import { readFileSync } from 'node:fs';
import { bundleProblems, engineInputProblems, evaluate, resultDocument, sensitivity, type EngineInput, type SensitivitySettings } from '#scoring';

/**
 * `commonweal evaluate bundle.json [--sensitivity]`: recomputes a tender's result offline from its
 * evaluation bundle and prints the result document, the same as the API's `evaluation/result` (its
 * `ranking` byte for byte). Needs no database, no configuration and no network.
 */
export function evaluateCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    err('Usage: commonweal evaluate <bundle.json> [--sensitivity]');
    return 64;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    err(`commonweal evaluate: cannot read ${file} as JSON: ${e instanceof Error ? e.message : String(e)}`);
    return 65;
  }
  const problems = bundleProblems(bundle);
  if (problems.length) {
    err(`commonweal evaluate: ${file} is not an evaluation bundle (docs/evaluation-bundle.schema.json):`);
    for (const p of problems) err(`  ${p.at}: ${p.message}`);
    return 65;
  }
  const { engine, sensitivity: settings } = bundle as { engine: EngineInput; sensitivity: SensitivitySettings };
  // The shape is right; now the model's rules, as strictly as the API holds them: never a result for a bundle that breaks one.
  const broken = [
    ...engineInputProblems(engine),
    ...(Number(settings.percent) < 0 ? [{ at: '/sensitivity/percent', message: 'the perturbation must not be negative' }] : []),
  ];
  if (broken.length) {
    err(`commonweal evaluate: ${file} breaks the evaluation model's rules, so no result is printed:`);
    for (const p of broken) err(`  ${p.at}: ${p.message}`);
    return 65;
  }
  const document = resultDocument(evaluate(engine));
  out(JSON.stringify(args.includes('--sensitivity') ? { ...document, sensitivity: sensitivity(engine, settings) } : document, null, 2));
  return 0;
}
