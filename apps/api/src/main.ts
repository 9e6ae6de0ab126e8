import './v8-flags.js';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '#platform';
import { createApp } from './create-app.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const where = config.databaseMode === 'embedded' ? `embedded PostgreSQL in ${config.COMMONWEAL_DATA_DIR}` : 'PostgreSQL';
  new Logger('Commonweal').log(`API listening on http://localhost:${config.PORT} (${where}); API docs at /api/docs`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
