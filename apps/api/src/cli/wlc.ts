// `commonweal wlc`, started on its own (bin/commonweal.js): it reads no environment and opens no database.
import 'reflect-metadata';
import { wlcCommand } from './wlc-command.js';

process.exitCode = wlcCommand(
  process.argv.slice(3),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`),
);
