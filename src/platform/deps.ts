import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { ChangeFeed } from './changes.js';
import type { Outbox } from './mail/outbox.js';

/**
 * What every module may be given: the settings, the database, the mail outbox and the change feed. A module
 * names the parts it needs (`Pick<CoreDeps, 'db' | 'outbox'>`), plus any of another module's own (the region
 * index), and never imports the composition root that builds them all (`src/app-deps.ts`).
 */
export interface CoreDeps {
  config: Config;
  db: Db;
  outbox: Outbox;
  changes: ChangeFeed;
}
