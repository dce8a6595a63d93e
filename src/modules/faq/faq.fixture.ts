import { afterAll, beforeAll, expect } from 'vitest';
import type { Role } from '../../db/schema.js';
import {
  loadSeedFaq,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import type { FaqView } from './faq.schemas.js';

/*
 * What the FAQ test files share: a portal with the program's FAQ loaded from its seed, a staff member, one user
 * of each other role, and helpers. Each file that calls `useFaqPortal()` gets its own portal and database.
 */
export let test: TestPortal;
export let staff: TestUser;
export const others: Partial<Record<Role, TestUser>> = {};

export function useFaqPortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    await loadSeedFaq(test);
    staff = await signedInUser(test, 'staff');
    for (const role of ['participant', 'facilitator', 'program_manager'] as const) {
      others[role] = await signedInUser(test, role, role === 'program_manager' ? 'partner-a' : null);
    }
  });
  afterAll(async () => {
    await test.close();
  });
}

export async function getFaq(): Promise<FaqView> {
  const response = await fetch(`${test.url}/api/v1/faq`);
  expect(response.status).toBe(200);
  return (await response.json()) as FaqView;
}

export async function faqChangeCount(): Promise<number> {
  const row = await test.deps.db.kysely
    .selectFrom('faqChanges')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
