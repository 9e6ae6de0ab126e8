import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createAuthority } from '#auth';
import { type AppConfig, ConfigError, loadConfig, openDatabase, type OwnerTransactions } from '#platform';
import { demoLogins } from '../demo/demo-world.js';
import { seedDemo } from '../demo/seed-demo.js';
import { ALL_ENTITIES } from '#entities';
import { randomBytes } from 'node:crypto';
import { evaluateCommand } from './evaluate-command.js';
import { wlcCommand } from './wlc-command.js';
import { auditCommand } from './audit-command.js';

const USAGE = `Usage: commonweal <command> [options]

Commands:
  migrate                          apply pending database migrations
  seed-demo                        seed the demo world (refused when NODE_ENV=production)
  create-authority --slug S --name N [--admin-email E] [--admin-name A]
                                   create an authority (tenant), optionally with its first admin
  evaluate BUNDLE.json [--sensitivity]
                                   recompute a tender's result offline from its evaluation bundle
                                   (GET /api/v1/tenders/{id}/evaluation/bundle); needs no database
  wlc BUNDLE.json                  recompute a contract's whole-life cost offline from its bundle
                                   (GET /api/v1/contracts/{id}/costs/bundle); needs no database
  audit verify --authority SLUG    recompute every link of the authority's audit log hash chain and name
                                   the first break (exit 1 when broken)

Configuration comes from the environment, as for the API (see README); evaluate and wlc need none.`;

/** Opens the database (applying migrations), runs `work` as the owner, and closes it again. */
async function asOwner<T>(config: AppConfig, work: (owner: OwnerTransactions) => Promise<T>): Promise<T> {
  let result: T | undefined;
  const ds = await openDatabase(config, {
    entities: ALL_ENTITIES,
    migrate: true,
    afterMigrate: async (owner) => {
      result = await work(owner);
    },
  });
  await ds.destroy();
  return result as T;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 64;
  }
  // Offline: no configuration, no database.
  if (command === 'evaluate')
    return evaluateCommand(
      rest,
      (s) => console.log(s),
      (s) => console.error(s),
    );
  if (command === 'wlc')
    return wlcCommand(
      rest,
      (s) => console.log(s),
      (s) => console.error(s),
    );
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      await asOwner(config, async () => undefined);
      console.log('Migrations are up to date');
      return 0;
    }
    case 'seed-demo': {
      const outcome = await asOwner(config, (owner) => seedDemo(owner, config.NODE_ENV));
      console.log(outcome === 'seeded' ? 'Seeded the demo world' : 'The demo world was already there');
      for (const line of demoLogins()) console.log(`  ${line}`);
      return 0;
    }
    case 'create-authority': {
      const { values } = parseArgs({
        args: rest,
        options: { slug: { type: 'string' }, name: { type: 'string' }, 'admin-email': { type: 'string' }, 'admin-name': { type: 'string' } },
        strict: true,
      });
      if (!values.slug || !values.name) {
        console.error('create-authority needs --slug and --name');
        return 64;
      }
      const password = values['admin-email'] ? randomBytes(18).toString('base64url') : undefined;
      const { authority } = await asOwner(config, (owner) =>
        owner.run((em) =>
          createAuthority(
            em,
            {
              slug: values.slug!,
              name: values.name!,
              admin: values['admin-email']
                ? { email: values['admin-email'], name: values['admin-name'] ?? values['admin-email'], password: password! }
                : undefined,
            },
            null,
          ),
        ),
      );
      console.log(`Created authority ${values.slug} (${authority.id})`);
      if (password) console.log(`Admin ${values['admin-email']} has the temporary password: ${password}`);
      return 0;
    }
    case 'audit':
      return auditCommand(
        (work) => asOwner(config, work),
        rest,
        (s) => console.log(s),
        (s) => console.error(s),
      );
    default:
      console.error(`Unknown command "${command}"\n\n${USAGE}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `commonweal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
