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
import {
  applyToFacilitate,
  contractFacilitator,
  decideApplicationCourse,
} from '../modules/facilitators/facilitators.service.js';
import { importFaqSeed } from '../modules/faq/faq.import.js';
import { replaceFaq } from '../modules/faq/faq.service.js';
import { createPartner } from '../modules/partners/partners.service.js';
import { createPressRelease, submitPressRelease } from '../modules/press-releases/press-releases.service.js';
import { createProgramYear, ensureProgramYear } from '../modules/program-years/program-years.service.js';
import { assignRegion } from '../modules/regions/regions.service.js';
import { assignPresenter, createWorkshop, publishWorkshop } from '../modules/workshops/workshops.service.js';
import { loadDemoRecruitment } from './demo-recruitment.js';
import { loadDemoSchools } from './demo-schools.js';

export const FAQ_SEED_PATH = new URL('../../content/faq-seed.md', import.meta.url);

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
  /** What the account shows beyond its role, in a few words. */
  note?: string;
}

const DEMO_PEOPLE: { role: Role; email: string; name: string; note?: string }[] = [
  { role: 'staff', email: 'staff@demo.test', name: 'Sam Staff' },
  { role: 'program_manager', email: 'manager@demo.test', name: 'Morgan Manager' },
  {
    role: 'facilitator',
    email: 'facilitator@demo.test',
    name: 'Frances Facilitator',
    note: 'contracted by every demo partner',
  },
  { role: 'participant', email: 'teacher@demo.test', name: 'Taylor Teacher' },
  {
    role: 'participant',
    email: 'applicant@demo.test',
    name: 'Alex Applicant',
    note: 'applied to facilitate, waiting for staff',
  },
];

/** A database with no accounts and no FAQ is new: the embedded default fills it with demo data. */
export async function isEmptyDatabase(deps: AppDeps): Promise<boolean> {
  const faq = await deps.db.kysely.selectFrom('faqPage').select('id').executeTakeFirst();
  return faq === undefined && !(await hasAnyAccount(deps.db.kysely));
}

const DEMO_YEAR = '2027-28';

/** A demo workshop's place: a made-up venue at a real ZIP code inside its partner's region. */
interface DemoVenue {
  venue: string;
  address: string;
  zip: string;
}

/**
 * What one demo partner runs in the demo year, one workshop of each kind and both course workshops of a
 * course it offers: its summer workshop, an academic-year one, one for counselors and administrators, and
 * one of its own, online. The dates are set when the demo loads (`demoSchedule`).
 */
interface DemoWorkshops {
  summer: { courseId: 'csd' | 'csp'; title: string; description: string; place: DemoVenue };
  academicYear: { courseId: 'csd' | 'csp'; title: string; description: string; place: DemoVenue };
  counselorAdmin: { title: string; description: string; place: DemoVenue };
  own: { title: string; topic: string; description: string; url: string; presenterName: string };
}

const summerDescription = (course: string, where: string) =>
  [
    `Five days to get ready to teach **${course}** this school year, with teachers from across ${where}.`,
    '',
    '- Work through the units as your students will, then practice teaching a lesson of your own',
    '- Plan your first weeks: pacing, the tools your students use, and how to reach every student',
    '- Meet the teachers you will see again at the academic-year workshops',
    '',
    'No computer science background is needed. Bring a laptop; breakfast and lunch are provided.',
  ].join('\n');

const academicYearDescription = (course: string) =>
  [
    `The second of this year’s **${course}** academic-year workshops, in two Saturday sessions.`,
    '',
    '1. Look back at the units you have taught: what worked, and what you would change',
    '2. Try the activities of the next units yourself, with a facilitator who has taught them',
    '3. Share strategies that keep every student in the room solving problems',
    '',
    'For teachers who came to the summer workshop; teachers new to the course are welcome too.',
  ].join('\n');

const counselorAdminDescription = (where: string) =>
  [
    `A day for school counselors and administrators in ${where} who want more students in computer science.`,
    '',
    '- What the courses cover, from middle school to AP, and who they are for',
    '- Reading your own enrollment data: who takes computer science today, and who does not',
    '- Scheduling, staffing and recruiting, with examples from schools like yours',
    '',
    'Come with a colleague from your school if you can; you leave with a plan for next year.',
  ].join('\n');

/** Three partners whose regions show every case of the finder: a whole state, counties carved out, ZIP codes. */
const DEMO_PARTNERS: {
  name: string;
  organizations: { name: string; role: string }[];
  regions: string[];
  courses: string[];
  workshops: DemoWorkshops;
}[] = [
  {
    name: 'Cascade Computing Alliance',
    organizations: [
      { name: 'Cascade Education Foundation', role: 'funding' },
      { name: 'Puget Sound University', role: 'professional learning and outreach' },
    ],
    regions: ['WA'],
    courses: ['CS Principles', 'CS Discoveries'],
    workshops: {
      summer: {
        courseId: 'csp',
        title: 'CS Principles Summer Workshop in Tacoma',
        description: summerDescription('CS Principles', 'Washington'),
        place: {
          venue: 'Tideflats Innovation Center',
          address: '1701 Dock Street, Tacoma, WA',
          zip: '98402',
        },
      },
      academicYear: {
        courseId: 'csd',
        title: 'CS Discoveries Academic Year Workshop 2 in Spokane',
        description: academicYearDescription('CS Discoveries'),
        place: {
          venue: 'Riverfront Learning Commons',
          address: '820 West Spokane Falls Boulevard, Spokane, WA',
          zip: '99201',
        },
      },
      counselorAdmin: {
        title: 'Building CS Pathways: A Day for Counselors and Administrators',
        description: counselorAdminDescription('Washington'),
        place: {
          venue: 'Capitol Lakes Conference Center',
          address: '505 Union Avenue SE, Olympia, WA',
          zip: '98501',
        },
      },
      own: {
        title: 'Teaching About AI: An Evening Series',
        topic: 'Artificial intelligence in the classroom',
        description: [
          'Two evenings online on teaching **how AI works** and where it falls short, in any subject.',
          '',
          '- How today’s AI tools are trained, explained without code',
          '- Classroom activities on bias, privacy and checking what a chatbot says',
          '- Writing your own guidelines for students’ use of AI',
          '',
          'The link to join is sent to everyone who registers.',
        ].join('\n'),
        url: 'https://meet.example.org/cascade/teaching-about-ai',
        presenterName: 'Pat Presenter',
      },
    },
  },
  {
    name: 'King County CS Collaborative',
    organizations: [{ name: 'King County Office of Education', role: 'lead' }],
    regions: ['WA:King'],
    courses: ['CS Discoveries'],
    workshops: {
      summer: {
        courseId: 'csd',
        title: 'CS Discoveries Summer Workshop in Seattle',
        description: summerDescription('CS Discoveries', 'King County'),
        place: { venue: 'Elliott Bay Teaching Lab', address: '1200 Third Avenue, Seattle, WA', zip: '98101' },
      },
      academicYear: {
        courseId: 'csd',
        title: 'CS Discoveries Academic Year Workshop 2 in Bellevue',
        description: academicYearDescription('CS Discoveries'),
        place: { venue: 'Eastside STEM Hub', address: '300 112th Avenue NE, Bellevue, WA', zip: '98004' },
      },
      counselorAdmin: {
        title: 'Growing Computer Science in King County Schools',
        description: counselorAdminDescription('King County'),
        place: {
          venue: 'Green River Education Center',
          address: '220 Fourth Avenue South, Kent, WA',
          zip: '98032',
        },
      },
      own: {
        title: 'Physical Computing with Microcontrollers',
        topic: 'Physical computing',
        description: [
          'Two evenings online on bringing **sensors, lights and motors** into a middle school class.',
          '',
          '- Program a microcontroller in the browser, no installs needed',
          '- Three projects your students can finish in a class period',
          '- Buying and sharing kits on a school budget',
          '',
          'Kits are mailed to the first 40 teachers who register.',
        ].join('\n'),
        url: 'https://meet.example.org/kingcounty/physical-computing',
        presenterName: 'Robin Robotics',
      },
    },
  },
  {
    name: 'Portland Metro CS Partners',
    organizations: [{ name: 'Portland Metro Education Service District', role: 'lead' }],
    regions: ['OR:Multnomah', 'OR:Washington', '97035'],
    courses: ['CS Principles', 'Counselor and administrator workshops'],
    workshops: {
      summer: {
        courseId: 'csp',
        title: 'CS Principles Summer Workshop in Portland',
        description: summerDescription('CS Principles', 'the Portland area'),
        place: {
          venue: 'Willamette Learning Center',
          address: '700 SW Fifth Avenue, Portland, OR',
          zip: '97204',
        },
      },
      academicYear: {
        courseId: 'csp',
        title: 'CS Principles Academic Year Workshop 2 in Beaverton',
        description: academicYearDescription('CS Principles'),
        place: {
          venue: 'Tualatin Valley Teaching Hub',
          address: '12500 SW Broadway Street, Beaverton, OR',
          zip: '97005',
        },
      },
      counselorAdmin: {
        title: 'Every Student in CS: A Day for Counselors and Administrators',
        description: counselorAdminDescription('the Portland area'),
        place: { venue: 'Lakeside Commons', address: '380 A Avenue, Lake Oswego, OR', zip: '97035' },
      },
      own: {
        title: 'Culturally Responsive Computer Science',
        topic: 'Inclusive teaching',
        description: [
          'Two evenings online on computer science lessons that **every student sees themselves in**.',
          '',
          '- Projects built on students’ own interests and communities',
          '- Spotting who stays quiet in pair programming, and what to do about it',
          '- Adapting a unit of the course you teach, with feedback from other teachers',
        ].join('\n'),
        url: 'https://meet.example.org/portland/culturally-responsive-cs',
        presenterName: 'Casey Curriculum',
      },
    },
  },
];

/**
 * The program FAQ from its seed, a current program year with demo partners and regions, one account per role
 * with a random password (printed once, since the embedded default listens on every interface), a submitted
 * partner application and a press release waiting for review, an approved facilitator whom every demo partner
 * contracts, a facilitator application waiting for staff, each partner's published workshops of every kind,
 * a small made-up school directory in the partners' regions, and the year's recruitment: teacher application
 * questions, cohorts, goals, pipelines and teacher applications in every status (`demo-recruitment.ts`).
 * Minimal mode loads the FAQ and the staff account only.
 */
export async function loadDemoData(deps: AppDeps, options: { minimal: boolean }) {
  const { faq, repairs } = importFaqSeed(readFileSync(FAQ_SEED_PATH, 'utf8'));
  await replaceFaq(deps, { faq, actor: null, source: 'the demo seed' });
  const accounts: DemoAccount[] = [];
  const addAccount = async (
    person: (typeof DEMO_PEOPLE)[number],
    partnerId: string | null = null,
  ): Promise<DemoAccount | null> => {
    const password = randomBytes(9).toString('base64url');
    const { created } = await createVerifiedAccount(deps.auth, deps.db.kysely, {
      input: { email: person.email, name: person.name, password },
      role: person.role,
      partnerId,
    });
    if (!created) return null;
    return {
      role: person.role,
      email: person.email,
      password,
      ...(person.note ? { note: person.note } : {}),
    };
  };
  const [staffPerson, ...others] = DEMO_PEOPLE;
  const staffAccount = staffPerson && (await addAccount(staffPerson));
  if (staffAccount) accounts.push(staffAccount);
  if (options.minimal || !staffPerson) return { accounts, repairs };

  const staff = await demoStaffActor(deps, staffPerson.email);
  const partnerIds = await loadDemoPartners(deps, staff);
  await loadDemoSchools(deps);
  const firstPartnerId = partnerIds[0] ?? null;
  // At once: each password's hash takes tens of milliseconds of a core, most of the accounts' time.
  const created = await Promise.all(
    others.map((person) => addAccount(person, person.role === 'program_manager' ? firstPartnerId : null)),
  );
  accounts.push(...created.filter((account) => account !== null));
  if (firstPartnerId) {
    const manager = await demoActor(deps, 'manager@demo.test', [firstPartnerId]);
    await loadDemoApplication(deps, await demoActor(deps, 'teacher@demo.test', []));
    await loadDemoPressRelease(deps, manager);
    const facilitatorId = await loadDemoFacilitators(deps, staff);
    // The partners' workshops at once (on PostgreSQL, several connections work): the demo manager runs the
    // first partner's program; staff stand in for the others' managers.
    const workshops = await Promise.all(
      partnerIds.map(async (partnerId, index) => {
        const demo = DEMO_PARTNERS[index];
        const organizer = partnerId === firstPartnerId ? manager : staff;
        return demo ? loadDemoWorkshops(deps, organizer, { partnerId, index, facilitatorId, demo }) : [];
      }),
    );
    await loadDemoRecruitment(deps, {
      year: DEMO_YEAR,
      staff,
      manager,
      partnerIds,
      workshops: workshops.flat(),
    });
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

/** Creates the demo year and partners unless the year already has them; returns the partners' ids, in order. */
async function loadDemoPartners(deps: AppDeps, actor: Actor): Promise<string[]> {
  const existing = await deps.db.kysely
    .selectFrom('programYears')
    .select('id')
    .where('name', '=', DEMO_YEAR)
    .executeTakeFirst();
  if (existing) return [];
  await createProgramYear(deps, { actor, input: { name: DEMO_YEAR, makeCurrent: true } });
  const partnerIds: string[] = [];
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
    partnerIds.push(partner.id);
    for (const region of demo.regions)
      await assignRegion(deps, { actor, partnerId: partner.id, input: { region } });
  }
  await ensureProgramYear(deps.db.kysely, '2028-29');
  return partnerIds;
}

/**
 * The demo facilitator applies for CS Principles, CS Discoveries and counselor/administrator workshops and staff
 * approve each (the approval mails wait in the outbox); the demo applicant's application waits for staff.
 * Returns the approved facilitator's id.
 */
async function loadDemoFacilitators(deps: AppDeps, staff: Actor): Promise<string> {
  const courseIds = ['csp', 'csd', 'counselor-admin'];
  const approved = await applyToFacilitate(deps, {
    actor: await demoActor(deps, 'facilitator@demo.test', []),
    input: {
      courseIds,
      homeZip: '98405',
      bio: 'Taught CS Principles and CS Discoveries at a Tacoma high school for eight years; has led summer and academic-year workshops across the Pacific Northwest since 2022.',
    },
  });
  for (const courseId of courseIds) {
    await decideApplicationCourse(deps, {
      actor: staff,
      id: approved.id,
      input: { courseId, decision: 'approved' },
    });
  }
  await applyToFacilitate(deps, {
    actor: await demoActor(deps, 'applicant@demo.test', []),
    input: {
      courseIds: ['csd'],
      homeZip: '97214',
      bio: 'Middle school science teacher in Portland, in my third year teaching CS Discoveries. I would like to help teachers who are new to the course get started.',
    },
  });
  return approved.facilitatorId;
}

/**
 * A partner's demo workshops, published: it contracts the demo facilitator for the demo year, who leads its
 * course and counselor/administrator workshops; its own workshop names a presenter of its own. Returns them all.
 */
async function loadDemoWorkshops(
  deps: AppDeps,
  actor: Actor,
  options: { partnerId: string; index: number; facilitatorId: string; demo: (typeof DEMO_PARTNERS)[number] },
): Promise<{ id: string; partnerId: string; courseId: string | null }[]> {
  const { partnerId, facilitatorId, demo } = options;
  await contractFacilitator(deps, { actor, partnerId, input: { facilitatorId, programYear: DEMO_YEAR } });
  const schedule = demoSchedule(Date.now(), options.index);
  const { summer, academicYear, counselorAdmin, own } = demo.workshops;
  const inPerson = (place: DemoVenue) => ({ mode: 'in_person', ...place });
  const workshops: { input: Record<string, unknown>; presenter: Record<string, string> }[] = [
    {
      input: {
        kind: 'course',
        courseId: summer.courseId,
        subject: '5-day Summer',
        title: summer.title,
        description: summer.description,
        audience: ['teachers'],
        capacity: 30,
        location: inPerson(summer.place),
        sessions: schedule.summer,
      },
      presenter: { facilitatorId },
    },
    {
      input: {
        kind: 'course',
        courseId: academicYear.courseId,
        subject: 'Academic Year Workshop 2',
        title: academicYear.title,
        description: academicYear.description,
        audience: ['teachers'],
        capacity: 25,
        location: inPerson(academicYear.place),
        sessions: schedule.academicYear,
      },
      presenter: { facilitatorId },
    },
    {
      input: {
        kind: 'counselor_admin',
        title: counselorAdmin.title,
        description: counselorAdmin.description,
        audience: ['counselors', 'administrators'],
        capacity: 40,
        location: inPerson(counselorAdmin.place),
        sessions: schedule.counselorAdmin,
      },
      presenter: { facilitatorId },
    },
    {
      input: {
        kind: 'partner_own',
        title: own.title,
        topic: own.topic,
        description: own.description,
        audience: ['teachers'],
        capacity: 100,
        location: { mode: 'virtual', url: own.url },
        sessions: schedule.own,
      },
      presenter: { presenterName: own.presenterName },
    },
  ];
  const created = [];
  for (const { input, presenter } of workshops) {
    // No time zone: the partner's state's. Public, with registration open from publishing to the first session.
    const workshop = await createWorkshop(deps, {
      actor,
      input: { partnerId, programYear: DEMO_YEAR, visibility: 'public', ...input },
    });
    await assignPresenter(deps, { actor, id: workshop.id, input: presenter });
    await publishWorkshop(deps, { actor, id: workshop.id });
    created.push({ id: workshop.id, partnerId, courseId: workshop.courseId });
  }
  return created;
}

const DAY_MS = 86_400_000;
type DemoSession = { date: string; start: string; end: string };

/** Late December to early January: no workshop then. */
function isWinterBreak(day: number): boolean {
  const date = new Date(day);
  return (
    (date.getUTCMonth() === 11 && date.getUTCDate() >= 20) ||
    (date.getUTCMonth() === 0 && date.getUTCDate() <= 3)
  );
}

/** The `n`th (from 0) day of the week (0 Sunday to 6 Saturday) at least `days` days after `from`, outside the winter break. */
function nthWeekday(from: number, days: number, weekday: number, n: number): number {
  let day =
    Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate()) +
    days * DAY_MS;
  day += ((weekday - new Date(day).getUTCDay() + 7) % 7) * DAY_MS;
  for (let found = 0; ; day += 7 * DAY_MS) {
    if (isWinterBreak(day)) continue;
    if (found === n) return day;
    found++;
  }
}

/** The second Monday of July and `week` weeks more, in the first summer at least three weeks away. */
function summerMonday(from: number, week: number): number {
  for (let year = new Date(from).getUTCFullYear(); ; year++) {
    const july = Date.UTC(year, 6, 1);
    const monday = july + (((8 - new Date(july).getUTCDay()) % 7) + 7 * (1 + week)) * DAY_MS;
    if (monday - from >= 21 * DAY_MS) return monday;
  }
}

const dateOf = (day: number) => new Date(day).toISOString().slice(0, 10);

/**
 * The demo partners' sessions, from the day the demo loads: the academic-year, counselor/administrator and
 * online workshops three to ten weeks ahead, the summer workshop in the coming summer. Partner `index` gets
 * its own week or day for each, so that the facilitator they share is never in two places at once.
 */
function demoSchedule(
  now: number,
  index: number,
): Record<'summer' | 'academicYear' | 'counselorAdmin' | 'own', DemoSession[]> {
  const monday = summerMonday(now, index);
  const summer = [0, 1, 2, 3, 4].map((offset) => ({
    date: dateOf(monday + offset * DAY_MS),
    start: '09:00',
    end: offset === 4 ? '15:00' : '16:00',
  }));
  const saturday = (n: number) => ({ date: dateOf(nthWeekday(now, 21, 6, n)), start: '09:00', end: '15:00' });
  const wednesday = nthWeekday(now, 28, 3, index);
  const tuesday = nthWeekday(now, 42, 2, index);
  return {
    summer,
    academicYear: [saturday(index), saturday(index + 3)],
    counselorAdmin: [{ date: dateOf(wednesday), start: '08:30', end: '15:00' }],
    own: [
      { date: dateOf(tuesday), start: '16:30', end: '18:00' },
      { date: dateOf(tuesday + 2 * DAY_MS), start: '16:30', end: '18:00' },
    ],
  };
}

export function describeDemoAccounts(accounts: DemoAccount[]): string {
  if (accounts.length === 0) return '';
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    'Demo accounts (passwords are shown only now):',
    ...accounts.map(
      (a) =>
        `  ${a.email.padEnd(width)}  ${a.password}  (${a.role.replace('_', ' ')}${a.note ? `: ${a.note}` : ''})`,
    ),
  ].join('\n');
}
