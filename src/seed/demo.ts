import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppDeps } from '../app-deps.js';
import type { Role } from '../db/schema.js';
import { countUsers } from '../modules/accounts/accounts.repository.js';
import { createVerifiedAccount } from '../modules/accounts/accounts.service.js';
import { importFaqSeed } from '../modules/faq/faq.import.js';
import { replaceFaq } from '../modules/faq/faq.service.js';

export const FAQ_SEED_PATH = new URL('../../content/faq-seed.md', import.meta.url);

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

const DEMO_PEOPLE: { role: Role; email: string; name: string }[] = [
  { role: 'staff', email: 'staff@demo.test', name: 'Sam Staff' },
  { role: 'program_manager', email: 'manager@demo.test', name: 'Morgan Manager' },
  { role: 'facilitator', email: 'facilitator@demo.test', name: 'Frances Facilitator' },
  { role: 'participant', email: 'teacher@demo.test', name: 'Taylor Teacher' },
];

/** A database with no accounts and no FAQ is new: the embedded default fills it with demo data. */
export async function isEmptyDatabase(deps: AppDeps): Promise<boolean> {
  const faq = await deps.db.kysely.selectFrom('faqPage').select('id').executeTakeFirst();
  return faq === undefined && (await countUsers(deps.db.kysely)) === 0;
}

/**
 * The program FAQ from its seed, and one account per role with a random password (printed once, since the
 * embedded default listens on every interface). Minimal mode loads the FAQ and the staff account only.
 */
export async function loadDemoData(deps: AppDeps, options: { minimal: boolean }) {
  const { faq, repairs } = importFaqSeed(readFileSync(FAQ_SEED_PATH, 'utf8'));
  await replaceFaq(deps, { faq, actor: null, source: 'the demo seed' });
  const accounts: DemoAccount[] = [];
  for (const person of options.minimal ? DEMO_PEOPLE.slice(0, 1) : DEMO_PEOPLE) {
    const password = randomBytes(9).toString('base64url');
    const { created } = await createVerifiedAccount(deps.auth, deps.db.kysely, {
      input: { email: person.email, name: person.name, password },
      role: person.role,
    });
    if (created) accounts.push({ role: person.role, email: person.email, password });
  }
  return { accounts, repairs };
}

export function describeDemoAccounts(accounts: DemoAccount[]): string {
  if (accounts.length === 0) return '';
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    'Demo accounts (passwords are shown only now):',
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.password}  (${a.role.replace('_', ' ')})`),
  ].join('\n');
}
