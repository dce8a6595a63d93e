import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Auth } from './modules/accounts/auth.js';
import type { FaqCache } from './modules/faq/faq.service.js';
import type { RegionIndex } from './modules/regions/regions.service.js';
import type { ChangeFeed } from './platform/changes.js';
import type { Outbox } from './platform/mail/outbox.js';

/** Everything a module may use, built once in `main.ts` (or by the test harness); each module takes what it needs. */
export interface AppDeps {
  config: Config;
  db: Db;
  outbox: Outbox;
  auth: Auth;
  changes: ChangeFeed;
  faqCache: FaqCache;
  regionIndex: RegionIndex;
}
