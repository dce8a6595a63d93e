import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps.js';
import type { RecruitmentStage } from '../db/schema.js';
import type { Actor } from '../platform/actor.js';
import { createVerifiedAccount, findAccount } from '../modules/accounts/accounts.service.js';
import { setGoals } from '../modules/recruitment/recruitment.goals.service.js';
import { addTarget, changeTarget } from '../modules/recruitment/recruitment.service.js';
import { findSchool } from '../modules/schools/schools.service.js';
import {
  assignWorkshop,
  decideApplication,
  startReview,
  submitApplication,
  withdrawApplication,
} from '../modules/teacher-applications/teacher-applications.service.js';
import {
  setApplicationQuestions,
  setCohortCapacity,
} from '../modules/teacher-applications/teacher-applications.setup.service.js';

/*
 * The demo year's recruitment, through the same domain functions people use: staff's questions for the two
 * recruited courses and the partners' cohort capacities, each partner's goals and pipeline (districts and schools
 * of the demo directory, moved through their stages by their owners, with notes and next steps), and teacher
 * applications in every status, one of them from a school no partner serves, waiting in staff's queue.
 */

type CourseId = 'csp' | 'csd';

const QUESTIONS: Record<CourseId, { prompt: string; required: boolean }[]> = {
  csp: [
    { prompt: 'Why do you want to teach CS Principles?', required: true },
    { prompt: 'Which grades would take it next year, and in how many sections?', required: true },
    { prompt: 'What computer science have you taught or studied before?', required: false },
  ],
  csd: [
    { prompt: 'Why do you want to teach CS Discoveries?', required: true },
    { prompt: 'Which grades would take it next year, and in how many sections?', required: true },
    { prompt: 'Does each student in the class have a computer to use?', required: false },
  ],
};

interface DemoTarget {
  kind: 'district' | 'school';
  /** A district's LEAID or a school's NCES id, from the demo directory (`demo-schools.ts`). */
  ncesId: string;
  /** The stages it moved through after being added as a prospect, each move a line of its history. */
  moves: RecruitmentStage[];
  notes: string;
  nextStep?: { what: string; inDays: number };
}

/** A partner's pipeline for one course: `partner` is its place among the demo partners. */
interface DemoPipeline {
  partner: number;
  courseId: CourseId;
  capacity: number;
  goals: { districtsCommitted: number; schoolsCommitted: number; teachersAccepted: number };
  targets: DemoTarget[];
}

const PIPELINES: DemoPipeline[] = [
  {
    partner: 0,
    courseId: 'csp',
    capacity: 30,
    goals: { districtsCommitted: 3, schoolsCommitted: 8, teachersAccepted: 20 },
    targets: [
      {
        kind: 'district',
        ncesId: '9900001',
        moves: ['contacted', 'interested', 'committed'],
        notes: 'The superintendent signed the letter of commitment for both high schools.',
      },
      {
        kind: 'school',
        ncesId: '990000100002',
        moves: ['contacted', 'interested', 'committed'],
        notes: 'Two math teachers will share the course; the principal added a section for next fall.',
      },
      {
        kind: 'district',
        ncesId: '9900002',
        moves: ['contacted', 'interested'],
        notes: 'The curriculum director wants CS Principles in every high school within two years.',
        nextStep: { what: 'Present to the district’s curriculum council', inDays: 10 },
      },
      {
        kind: 'school',
        ncesId: '990000200002',
        moves: ['contacted'],
        notes: 'A teacher there applied on her own; the principal has not answered yet.',
        nextStep: { what: 'Call the principal about next year’s schedule', inDays: 3 },
      },
      {
        kind: 'district',
        ncesId: '9900003',
        moves: [],
        notes: 'Met their CTE director at the state conference.',
        nextStep: { what: 'Email the CTE director an introduction', inDays: 5 },
      },
    ],
  },
  {
    partner: 0,
    courseId: 'csd',
    capacity: 25,
    goals: { districtsCommitted: 2, schoolsCommitted: 6, teachersAccepted: 15 },
    targets: [
      {
        kind: 'district',
        ncesId: '9900001',
        moves: ['contacted', 'committed'],
        notes: 'Committed together with CS Principles, for its middle schools.',
      },
      {
        kind: 'school',
        ncesId: '990000100001',
        moves: ['contacted', 'interested'],
        notes: 'The science department would teach it as a 7th-grade elective.',
        nextStep: { what: 'Visit a 7th-grade science class with the principal', inDays: 14 },
      },
      {
        kind: 'district',
        ncesId: '9900002',
        moves: ['contacted'],
        notes: 'Asked which of its middle schools have a free elective period next year.',
        nextStep: { what: 'Follow up with the district’s science coordinator', inDays: 6 },
      },
      {
        kind: 'school',
        ncesId: '990000300001',
        moves: ['contacted', 'declined'],
        notes: 'No room in next year’s elective schedule; ask again in the spring.',
      },
    ],
  },
  {
    partner: 1,
    courseId: 'csd',
    capacity: 20,
    goals: { districtsCommitted: 2, schoolsCommitted: 5, teachersAccepted: 12 },
    targets: [
      {
        kind: 'district',
        ncesId: '9900004',
        moves: ['contacted', 'interested', 'committed'],
        notes: 'The district pays for substitutes on the academic-year workshop days.',
      },
      {
        kind: 'school',
        ncesId: '990000400002',
        moves: ['contacted', 'interested', 'committed'],
        notes: 'Three teachers, one per grade.',
      },
      {
        kind: 'school',
        ncesId: '990000500001',
        moves: ['contacted'],
        notes: 'Already teaches a robotics elective; interested in a full course.',
        nextStep: { what: 'Send the course overview to the assistant principal', inDays: 2 },
      },
      { kind: 'district', ncesId: '9900005', moves: [], notes: '' },
    ],
  },
  {
    partner: 2,
    courseId: 'csp',
    capacity: 24,
    goals: { districtsCommitted: 2, schoolsCommitted: 6, teachersAccepted: 15 },
    targets: [
      {
        kind: 'district',
        ncesId: '9900006',
        moves: ['contacted', 'interested'],
        notes: 'Wants the course in its two comprehensive high schools first.',
        nextStep: { what: 'Meet the director of teaching and learning', inDays: 7 },
      },
      {
        kind: 'school',
        ncesId: '990000600001',
        moves: ['contacted', 'interested', 'committed'],
        notes: 'Will offer it as an AP course next fall.',
      },
      {
        kind: 'school',
        ncesId: '990000700001',
        moves: [],
        notes: '',
        nextStep: { what: 'Find out who teaches the programming elective', inDays: 4 },
      },
      {
        kind: 'district',
        ncesId: '9900008',
        moves: ['contacted', 'declined'],
        notes: 'Chose another provider for this year.',
      },
    ],
  },
];

type DemoOutcome = 'submitted' | 'in_review' | 'accepted' | 'waitlisted' | 'declined' | 'withdrawn';

/** A teacher's application: at a demo school by its NCES id, or at a school the directory lacks. */
interface DemoApplication {
  teacher: { name: string; email: string };
  courseId: CourseId;
  school: { ncesId: string } | { name: string; zip: string };
  outcome: DemoOutcome;
  note?: string;
}

/** The demo teacher (an account of `loadDemoData`) and made-up teachers who have no sign-in of their own. */
const APPLICATIONS: DemoApplication[] = [
  {
    teacher: { name: 'Taylor Teacher', email: 'teacher@demo.test' },
    courseId: 'csd',
    school: { ncesId: '990000100001' },
    outcome: 'submitted',
  },
  {
    teacher: { name: 'Blake Binary', email: 'blake.binary@demo.test' },
    courseId: 'csp',
    school: { ncesId: '990000100002' },
    outcome: 'in_review',
  },
  {
    teacher: { name: 'Avery Algorithm', email: 'avery.algorithm@demo.test' },
    courseId: 'csp',
    school: { ncesId: '990000200002' },
    outcome: 'accepted',
  },
  {
    teacher: { name: 'Devon Debug', email: 'devon.debug@demo.test' },
    courseId: 'csd',
    school: { ncesId: '990000400001' },
    outcome: 'waitlisted',
    note: 'Applied after the cohort’s interviews; first in line if a place opens.',
  },
  {
    teacher: { name: 'Emery Encoder', email: 'emery.encoder@demo.test' },
    courseId: 'csp',
    school: { ncesId: '990000600001' },
    outcome: 'accepted',
  },
  {
    teacher: { name: 'Harper Hex', email: 'harper.hex@demo.test' },
    courseId: 'csp',
    school: { ncesId: '990000700001' },
    outcome: 'declined',
    note: 'Teaches at the school only until June.',
  },
  {
    teacher: { name: 'Quinn Queue', email: 'quinn.queue@demo.test' },
    courseId: 'csd',
    school: { ncesId: '990000500001' },
    outcome: 'withdrawn',
  },
  {
    teacher: { name: 'Rowan Recursion', email: 'rowan.recursion@demo.test' },
    courseId: 'csp',
    // In Boise, which no demo partner serves: the application waits in staff's queue.
    school: { name: 'Demo Snake River Academy', zip: '83702' },
    outcome: 'submitted',
  },
];

const ANSWERS = [
  'More of our students ask for computer science than we have classes for, and I want to be the one to teach it.',
  'Grades 9 to 12, two sections.',
  'I taught a unit on spreadsheets and block programming last year.',
];

const DAY_MS = 86_400_000;

export interface DemoRecruitmentOptions {
  year: string;
  staff: Actor;
  /** The demo program manager, who runs the first partner's program; staff stand in for the others'. */
  manager: Actor;
  partnerIds: string[];
  /** The partners' published course workshops, where accepted teachers are assigned. */
  workshops: { id: string; partnerId: string; courseId: string | null }[];
}

export async function loadDemoRecruitment(deps: AppDeps, options: DemoRecruitmentOptions): Promise<void> {
  const { year, staff } = options;
  const questionIds = new Map<CourseId, string[]>();
  for (const courseId of ['csp', 'csd'] as const) {
    const form = await setApplicationQuestions(deps, {
      actor: staff,
      programYear: year,
      courseId,
      input: { questions: QUESTIONS[courseId] },
    });
    questionIds.set(
      courseId,
      form.questions.map((question) => question.id),
    );
  }
  const actorOf = (partner: number) => (partner === 0 ? options.manager : staff);
  for (const pipeline of PIPELINES) {
    const partnerId = options.partnerIds[pipeline.partner];
    if (!partnerId) continue;
    await setCohortCapacity(deps, {
      actor: staff,
      partnerId,
      input: { programYear: year, courseId: pipeline.courseId, capacity: pipeline.capacity },
    });
    const actor = actorOf(pipeline.partner);
    await setGoals(deps, { actor, partnerId, input: { courseId: pipeline.courseId, ...pipeline.goals } });
    for (const target of pipeline.targets) await loadTarget(deps, { actor, partnerId, pipeline, target });
  }
  await loadApplications(deps, options, questionIds);
}

async function loadTarget(
  deps: AppDeps,
  options: { actor: Actor; partnerId: string; pipeline: DemoPipeline; target: DemoTarget },
): Promise<void> {
  const { actor, partnerId, pipeline, target } = options;
  const directoryId = target.kind === 'district' ? target.ncesId : await demoSchoolId(deps, target.ncesId);
  const added = await addTarget(deps, {
    actor,
    partnerId,
    input: { courseId: pipeline.courseId, kind: target.kind, directoryId, notes: target.notes },
  });
  // The demo manager owns the first partner's targets; the other partners have no program manager yet.
  const owner = pipeline.partner === 0 ? actor.id : undefined;
  const nextStep = target.nextStep && {
    nextStep: target.nextStep.what,
    nextStepOn: new Date(Date.now() + target.nextStep.inDays * DAY_MS).toISOString().slice(0, 10),
  };
  if (owner || nextStep) {
    await changeTarget(deps, { actor, id: added.id, input: { ...(owner ? { owner } : {}), ...nextStep } });
  }
  for (const stage of target.moves) await changeTarget(deps, { actor, id: added.id, input: { stage } });
}

async function demoSchoolId(deps: AppDeps, ncesId: string): Promise<string> {
  const school = await findSchool(deps.db.kysely, { ncesId });
  if (!school) throw new Error(`the demo school ${ncesId} is missing`);
  return school.id;
}

/** Each teacher applies, then their partner (or the teacher) takes the application where the demo shows it. */
async function loadApplications(
  deps: AppDeps,
  options: DemoRecruitmentOptions,
  questionIds: Map<CourseId, string[]>,
): Promise<void> {
  // At once: each new account's password hash takes tens of milliseconds of a core.
  const teachers = await Promise.all(
    APPLICATIONS.map((application) => demoTeacher(deps, application.teacher)),
  );
  for (const [index, application] of APPLICATIONS.entries()) {
    const teacher = teachers[index] as Actor;
    const answers = Object.fromEntries(
      (questionIds.get(application.courseId) ?? []).map((id, position) => [id, ANSWERS[position] ?? '']),
    );
    const submitted = await submitApplication(deps, {
      actor: teacher,
      input: {
        programYear: options.year,
        courseId: application.courseId,
        school: application.school,
        answers,
      },
    });
    const reviewer = submitted.partner?.id === options.partnerIds[0] ? options.manager : options.staff;
    const id = submitted.id;
    switch (application.outcome) {
      case 'submitted':
        break;
      case 'in_review':
        await startReview(deps, { actor: reviewer, id });
        break;
      case 'withdrawn':
        await withdrawApplication(deps, { actor: teacher, id });
        break;
      case 'accepted': {
        await startReview(deps, { actor: reviewer, id });
        await decideApplication(deps, { actor: reviewer, id, input: { decision: 'accepted' } });
        const workshop = options.workshops.find(
          (one) => one.partnerId === submitted.partner?.id && one.courseId === application.courseId,
        );
        if (workshop) await assignWorkshop(deps, { actor: reviewer, id, input: { workshopId: workshop.id } });
        break;
      }
      case 'waitlisted':
      case 'declined':
        await startReview(deps, { actor: reviewer, id });
        await decideApplication(deps, {
          actor: reviewer,
          id,
          input: { decision: application.outcome, note: application.note },
        });
        break;
    }
  }
}

/** The demo teacher's own account, or a made-up teacher's, whose password nobody is shown: it is never used. */
async function demoTeacher(deps: AppDeps, person: { name: string; email: string }): Promise<Actor> {
  await createVerifiedAccount(deps.auth, deps.db.kysely, {
    input: { ...person, password: randomBytes(12).toString('base64url') },
    role: 'participant',
  });
  const user = await findAccount(deps.db.kysely, person.email);
  if (!user) throw new Error(`the demo account ${person.email} is missing`);
  return { ...user, roles: ['participant'], partnerIds: [] };
}
