import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AppDeps } from '../app-deps.js';
import type { Role } from '../db/schema.js';
import type { Actor } from '../platform/actor.js';
import type { ApplicationStep } from '../modules/applications/applications.schemas.js';
import {
  createApplication,
  saveApplicationStep,
  submitApplication,
} from '../modules/applications/applications.drafts.service.js';
import { createVerifiedAccount, findAccount, hasAnyAccount } from '../modules/accounts/accounts.service.js';
import { importFaqSeed } from '../modules/faq/faq.import.js';
import { replaceFaq } from '../modules/faq/faq.service.js';
import { createPartner } from '../modules/partners/partners.service.js';
import { createPressRelease, submitPressRelease } from '../modules/press-releases/press-releases.service.js';
import { createProgramYear, ensureProgramYear } from '../modules/program-years/program-years.service.js';
import { assignRegion } from '../modules/regions/regions.service.js';

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
  return faq === undefined && !(await hasAnyAccount(deps.db.kysely));
}

const DEMO_YEAR = '2027-28';

/** Three partners whose regions show every case of the finder: a whole state, counties carved out, ZIP codes. */
const DEMO_PARTNERS = [
  {
    name: 'Cascade Computing Alliance',
    organizations: [
      { name: 'Cascade Education Foundation', role: 'funding' },
      { name: 'Puget Sound University', role: 'professional learning and outreach' },
    ],
    regions: ['WA'],
    courses: ['CS Principles', 'CS Discoveries'],
  },
  {
    name: 'King County CS Collaborative',
    organizations: [{ name: 'King County Office of Education', role: 'lead' }],
    regions: ['WA:King'],
    courses: ['CS Discoveries'],
  },
  {
    name: 'Portland Metro CS Partners',
    organizations: [{ name: 'Portland Metro Education Service District', role: 'lead' }],
    regions: ['OR:Multnomah', 'OR:Washington', '97035'],
    courses: ['CS Principles', 'Counselor and administrator workshops'],
  },
];

/**
 * The program FAQ from its seed, a current program year with demo partners and regions, one account per role
 * with a random password (printed once, since the embedded default listens on every interface), a submitted
 * partner application and a press release waiting for review.
 * Minimal mode loads the FAQ and the staff account only.
 */
export async function loadDemoData(deps: AppDeps, options: { minimal: boolean }) {
  const { faq, repairs } = importFaqSeed(readFileSync(FAQ_SEED_PATH, 'utf8'));
  await replaceFaq(deps, { faq, actor: null, source: 'the demo seed' });
  const accounts: DemoAccount[] = [];
  const addAccount = async (person: (typeof DEMO_PEOPLE)[number], partnerId: string | null = null) => {
    const password = randomBytes(9).toString('base64url');
    const { created } = await createVerifiedAccount(deps.auth, deps.db.kysely, {
      input: { email: person.email, name: person.name, password },
      role: person.role,
      partnerId,
    });
    if (created) accounts.push({ role: person.role, email: person.email, password });
  };
  const [staffPerson, ...others] = DEMO_PEOPLE;
  if (staffPerson) await addAccount(staffPerson);
  if (options.minimal || !staffPerson) return { accounts, repairs };

  const staff = await demoStaffActor(deps, staffPerson.email);
  const firstPartnerId = await loadDemoPartners(deps, staff);
  for (const person of others)
    await addAccount(person, person.role === 'program_manager' ? firstPartnerId : null);
  if (firstPartnerId) {
    await loadDemoApplication(deps, await demoActor(deps, 'teacher@demo.test', []));
    await loadDemoPressRelease(deps, await demoActor(deps, 'manager@demo.test', [firstPartnerId]));
  }
  return { accounts, repairs };
}

async function demoStaffActor(deps: AppDeps, email: string): Promise<Actor> {
  const user = await findAccount(deps.db.kysely, email);
  if (!user) throw new Error('the demo staff account is missing');
  return { ...user, roles: ['staff'], partnerIds: [] };
}

/** A demo person acting as their own roles would give them: applicants need no role, a manager one partner. */
async function demoActor(deps: AppDeps, email: string, partnerIds: string[]): Promise<Actor> {
  const user = await findAccount(deps.db.kysely, email);
  if (!user) throw new Error(`the demo account ${email} is missing`);
  return { ...user, roles: partnerIds.length > 0 ? ['program_manager'] : ['participant'], partnerIds };
}

/**
 * A joint application from an unserved state, submitted and waiting in the staff queue: two organizations and
 * two people sharing the program manager's 0.5 FTE, as the FAQ describes.
 */
async function loadDemoApplication(deps: AppDeps, applicant: Actor): Promise<void> {
  const application = await createApplication(deps, {
    actor: applicant,
    input: { programYear: DEMO_YEAR },
  });
  const save = (step: ApplicationStep, input: unknown) =>
    saveApplicationStep(deps, { actor: applicant, id: application.id, step, input });
  await save('organizations', {
    contactName: applicant.name,
    contactEmail: applicant.email,
    organizations: [
      {
        name: 'Gem State CS Coalition',
        role: 'professional learning and outreach',
        country: 'US',
        state: 'ID',
      },
      { name: 'Snake River Education Foundation', role: 'funding', country: 'US', state: 'ID' },
    ],
  });
  await save('region', { regions: ['ID'] });
  await save('staffing', {
    staff: [
      { name: 'Avery Lee', email: 'avery.lee@gemstate-cs.example.org', fte: 0.25 },
      { name: 'Jordan Park', email: 'jordan.park@gemstate-cs.example.org', fte: 0.25 },
    ],
  });
  await save('narrative', {
    answers: Object.fromEntries(
      application.questions.map((question) => [
        question.id,
        'We run summer computer science institutes for Idaho teachers and will build on that network.',
      ]),
    ),
  });
  await submitApplication(deps, { actor: applicant, id: application.id });
}

/** A press release from the first demo partner, submitted and waiting for staff review. */
async function loadDemoPressRelease(deps: AppDeps, manager: Actor): Promise<void> {
  const release = await createPressRelease(deps, {
    actor: manager,
    input: {
      title: 'Cascade Computing Alliance becomes the Regional Partner for Washington',
      bodyMarkdown: [
        'SEATTLE — **Cascade Computing Alliance** will bring computer science professional learning to',
        'teachers across Washington as its Regional Partner.',
        '',
        '- Summer workshops for CS Principles and CS Discoveries',
        '- Sessions for counselors and administrators',
      ].join('\n'),
    },
  });
  await submitPressRelease(deps, { actor: manager, id: release.id });
}

/** Creates the demo year and partners unless the year already has them; returns the first partner's id. */
async function loadDemoPartners(deps: AppDeps, actor: Actor): Promise<string | null> {
  const existing = await deps.db.kysely
    .selectFrom('programYears')
    .select('id')
    .where('name', '=', DEMO_YEAR)
    .executeTakeFirst();
  if (existing) return null;
  await createProgramYear(deps, { actor, input: { name: DEMO_YEAR, makeCurrent: true } });
  let firstPartnerId: string | null = null;
  for (const demo of DEMO_PARTNERS) {
    const slug = demo.name.toLowerCase().replace(/[^a-z]+/g, '-');
    const partner = await createPartner(deps, {
      actor,
      input: {
        programYear: DEMO_YEAR,
        name: demo.name,
        contactName: 'Program Manager',
        contactEmail: `pm@${slug}.example.org`,
        website: `https://${slug}.example.org`,
        coursesOffered: demo.courses,
        organizations: demo.organizations,
      },
    });
    firstPartnerId ??= partner.id;
    for (const region of demo.regions)
      await assignRegion(deps, { actor, partnerId: partner.id, input: { region } });
  }
  await ensureProgramYear(deps.db.kysely, '2028-29');
  return firstPartnerId;
}

export function describeDemoAccounts(accounts: DemoAccount[]): string {
  if (accounts.length === 0) return '';
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    'Demo accounts (passwords are shown only now):',
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.password}  (${a.role.replace('_', ' ')})`),
  ].join('\n');
}
