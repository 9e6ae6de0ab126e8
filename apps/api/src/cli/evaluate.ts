// `commonweal evaluate`, started on its own (bin/commonweal.js): it needs only the engine, so it loads nothing else.
import { evaluateCommand } from './evaluate-command.js';

process.exitCode = evaluateCommand(
  process.argv.slice(3),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`),
);
