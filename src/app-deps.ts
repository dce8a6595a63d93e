import type { Auth } from './modules/accounts/auth.js';
import type { FaqCache } from './modules/faq/faq.service.js';
import type { RegionIndex } from './modules/regions/regions.service.js';
import type { CoreDeps } from './platform/deps.js';

/**
 * Everything the portal is built from, made once in `app.ts` (or by the test harness) and handed to each
 * module's routes. Modules do not import this file: each names the parts it needs (see `platform/deps.ts`).
 */
export interface AppDeps extends CoreDeps {
  auth: Auth;
  faqCache: FaqCache;
  regionIndex: RegionIndex;
}
