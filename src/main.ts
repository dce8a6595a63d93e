import 'dotenv/config';
import { createPortal } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadGeography } from './modules/regions/geography.js';
import { describeDemoAccounts, isEmptyDatabase, loadDemoData } from './seed/demo.js';

async function main(config: Config): Promise<void> {
  const portal = await createPortal(config);
  const { app, deps } = portal;
  if (config.env !== 'production' && (await isEmptyDatabase(deps))) {
    const { accounts } = await loadDemoData(deps, { minimal: false });
    app.log.info('empty database: loaded the demo data');
    console.log(`\n${describeDemoAccounts(accounts)}\n`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    portal.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });

  loadGeography();
  await app.listen({ port: config.port, host: config.host });
  console.log(`${config.programName} portal: ${config.baseUrl} (database: ${deps.db.dialect})`);
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
main(config).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
