import { randomBytes } from 'node:crypto';
import { wallTimeInZone } from '../../src/platform/zoned-time.js';
import type { Partner } from '../../src/modules/partners/partners.schemas.js';
import {
  callApi,
  callApiOk,
  loadSeedFaq,
  signedInUser,
  type TestPortal,
  type TestUser,
} from '../helpers/portal.js';
import { seedPartner, seedYears } from '../helpers/seed.js';

/*
 * One small program with a record behind every kind of path parameter, for the access matrix: partner A (Washington)
 * and partner B (Illinois) in the current year, a person of each role, and records that belong to A or to the
 * participant. Built through the API as the people themselves would, so that each record is what the real path makes.
 */

export const ROLES = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface World {
  test: TestPortal;
  users: Record<Exclude<Role, 'anonymous'>, TestUser>;
  partnerA: Partner;
  /** The value of each kind of path parameter, by the route path up to it (see `paramValue`). */
  records: Records;
}

export interface Records {
  partnerA: string;
  regionUnitA: string;
  partnerApplication: string;
  facilitatorApplication: string;
  facilitator: string;
  contract: string;
  faqAnchor: string;
  faqChange: string;
  inquiry: string;
  invitation: string;
  invitationToken: string;
  pressRelease: string;
  target: string;
  resource: string;
  workshop: string;
  session: string;
  presenter: string;
  enrollment: string;
  certificate: string;
  teacherApplication: string;
  subject: string;
  calendarToken: string;
  resetToken: string;
  principalToken: string;
}

export const YEAR = '2027-28';
const ZONE = 'America/Los_Angeles';
/** The form token the matrix's browser holds (its cookie and its forms' hidden field). */
export const CSRF = 'access-matrix-csrf-token-0123456789abc';

/** The private link a mail to `to` carries, matching `pattern` (whose first group is the secret). */
async function linkInMail(test: TestPortal, to: string, pattern: RegExp): Promise<string> {
  const mails = await test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select('textBody')
    .where('toAddress', '=', to)
    .execute();
  for (const { textBody } of mails) {
    const found = pattern.exec(textBody)?.[1];
    if (found) return found;
  }
  throw new Error(`no mail to ${to} matches ${String(pattern)}`);
}

export async function buildWorld(test: TestPortal): Promise<World> {
  const db = test.deps.db.kysely;
  await seedYears(test, [YEAR], YEAR);
  const partnerA = await seedPartner(test, {
    year: YEAR,
    name: 'Cascade Computing Partners',
    regions: ['WA'],
  });
  const partnerB = await seedPartner(test, { year: YEAR, name: 'Prairie CS Alliance', regions: ['IL'] });
  const [staff, pmA, pmB, participant, facilitator] = await Promise.all([
    signedInUser(test, 'staff'),
    signedInUser(test, 'program_manager', partnerA.id),
    signedInUser(test, 'program_manager', partnerB.id),
    signedInUser(test, 'participant'),
    signedInUser(test, 'facilitator'),
  ]);
  const users = { staff, pmA, pmB, participant, facilitator };
  const ok = (method: string, path: string, user: TestUser, body?: unknown) =>
    callApiOk(test, method, path, user, body);

  const regionUnitA = (
    await db
      .selectFrom('regionAssignments')
      .select('unit')
      .where('partnerId', '=', partnerA.id)
      .executeTakeFirstOrThrow()
  ).unit;

  // The FAQ, with one change in its history.
  await loadSeedFaq(test);
  const faqAnchor = (await db.selectFrom('faqQuestions').select('anchor').executeTakeFirstOrThrow()).anchor;
  await ok('PATCH', `/api/v1/faq/questions/${faqAnchor}`, staff, { answerMarkdown: 'An answer, edited.' });
  const faqChange = (
    await db.selectFrom('faqChanges').select('id').orderBy('at', 'desc').executeTakeFirstOrThrow()
  ).id;

  // The participant's partner application, submitted.
  const draft = (await ok('POST', '/api/v1/partner-applications', participant, {})) as {
    id: string;
    questions: { id: string }[];
  };
  const steps: [string, unknown][] = [
    [
      'organizations',
      {
        contactName: 'Ada Lead',
        contactEmail: 'ada@example.org',
        organizations: [
          { name: 'Green Mountain Foundation', role: 'funding', country: 'US', state: 'VT' },
          { name: 'Green Mountain University', role: 'professional learning', country: 'US', state: 'VT' },
        ],
      },
    ],
    ['region', { regions: ['VT'] }],
    ['staffing', { staff: [{ name: 'Pat Manager', email: 'pat@example.org', fte: 0.5 }] }],
    ['narrative', { answers: Object.fromEntries(draft.questions.map((q) => [q.id, 'Our answer.'])) }],
  ];
  for (const [step, body] of steps)
    await ok('PUT', `/api/v1/partner-applications/${draft.id}/${step}`, participant, body);
  await ok('POST', `/api/v1/partner-applications/${draft.id}/submit`, participant);

  // The facilitator, approved for CS Principles and contracted by A; another person's application waits.
  const applied = (await ok('POST', '/api/v1/facilitator-applications', facilitator, {
    courseIds: ['csp'],
    homeZip: '98101',
    bio: 'I taught CS for ten years.',
  })) as { id: string; facilitatorId: string };
  await ok('POST', `/api/v1/facilitator-applications/${applied.id}/decisions`, staff, {
    courseId: 'csp',
    decision: 'approved',
  });
  const contract = (await ok('POST', `/api/v1/partners/${partnerA.id}/facilitator-contracts`, pmA, {
    facilitatorId: applied.facilitatorId,
    programYear: YEAR,
  })) as { id: string };
  const applicant = await signedInUser(test, 'participant');
  const waiting = (await ok('POST', '/api/v1/facilitator-applications', applicant, {
    courseIds: ['csd'],
    homeZip: '98101',
    bio: 'I would like to lead CS Discoveries.',
  })) as { id: string };

  // An inquiry from Seattle, which partner A answers.
  const inquiry = (
    await callApi(test, 'POST', '/api/v1/inquiries', undefined, {
      name: 'Quinn Question',
      email: 'quinn@example.org',
      role: 'teacher',
      zip: '98101',
      message: 'How do I join a workshop near Seattle?',
    })
  ).body as { id: string };

  // An invitation to manage A, sent to someone who is none of the people here.
  const inviteeEmail = `invitee-${randomBytes(3).toString('hex')}@example.org`;
  await ok('POST', `/api/v1/partners/${partnerA.id}/invitations`, staff, { email: inviteeEmail });
  const invitation = await db
    .selectFrom('partnerInvitations')
    .select('id')
    .where('email', '=', inviteeEmail)
    .executeTakeFirstOrThrow();
  const invitationToken = await linkInMail(test, inviteeEmail, /\/invitations\/([A-Za-z0-9_-]{20,})/);

  const pressRelease = (await ok('POST', '/api/v1/press-releases', pmA, {
    partnerId: partnerA.id,
    title: 'Cascade joins the program',
    bodyMarkdown: 'Cascade Computing Partners will lead professional learning in Washington.',
  })) as { id: string };
  await ok('POST', `/api/v1/press-releases/${pressRelease.id}/submit`, pmA);

  // A public document with a file, which anyone may download.
  const upload = new FormData();
  upload.set('_csrf', CSRF);
  upload.set('title', 'Program overview');
  upload.set('audience', 'public');
  upload.set('file', new Blob(['The program, in brief.'], { type: 'text/plain' }), 'overview.txt');
  const uploaded = await fetch(`${test.url}/api/v1/resources`, {
    method: 'POST',
    headers: { origin: test.url, cookie: `${staff.cookie}; portal_csrf=${CSRF}` },
    body: upload,
  });
  if (uploaded.status !== 201) throw new Error(`resource: ${uploaded.status} ${await uploaded.text()}`);
  const resource = (await uploaded.json()) as { id: string };

  await ok('POST', '/api/v1/courses/csp/subjects', staff, { name: 'Access matrix subject' });
  const subject = (
    await db
      .selectFrom('courseSubjects')
      .select('id')
      .where('name', '=', 'Access matrix subject')
      .executeTakeFirstOrThrow()
  ).id;

  // A school in Seattle, on A's recruitment pipeline; CS Principles open to teacher applications.
  const school = (await ok('POST', '/api/v1/schools', staff, {
    name: 'Matrix High School',
    city: 'Seattle',
    zip: '98101',
  })) as { id: string; ncesId?: string };
  const target = (await ok('POST', `/api/v1/partners/${partnerA.id}/recruitment/targets`, pmA, {
    programYear: YEAR,
    courseId: 'csp',
    kind: 'school',
    directoryId: school.id,
  })) as { id: string };
  await ok('PUT', `/api/v1/teacher-application-forms/${YEAR}/csp`, staff, {
    questions: [{ prompt: 'Why do you want to teach CS Principles?', required: false }],
  });
  const teacherApplication = (await ok('POST', '/api/v1/teacher-applications', participant, {
    programYear: YEAR,
    courseId: 'csp',
    school: { id: school.id },
    answers: {},
  })) as { id: string };

  // A asks for the principal's approval: the request for the participant's application is a private link.
  await ok('PUT', `/api/v1/partners/${partnerA.id}/teacher-application-settings`, pmA, {
    principalApprovalRequired: true,
  });
  const principalEmail = `principal-${randomBytes(3).toString('hex')}@example.org`;
  await ok('POST', `/api/v1/teacher-applications/${teacherApplication.id}/principal-request`, pmA, {
    principalName: 'Pat Principal',
    principalEmail,
  });
  const principalToken = await linkInMail(
    test,
    principalEmail,
    /\/principal-approvals\/([A-Za-z0-9_-]{20,})/,
  );

  // A's workshop: the facilitator leads it, the participant attended it, and it is over, so her certificate exists.
  const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const created = (await ok('POST', '/api/v1/workshops', pmA, {
    partnerId: partnerA.id,
    programYear: YEAR,
    kind: 'course',
    courseId: 'csp',
    subject: '5-day Summer',
    title: 'CS Principles summer workshop',
    description: 'Five days of CS Principles.',
    audience: ['teachers'],
    capacity: 30,
    timeZone: ZONE,
    location: { mode: 'in_person', venue: 'Seattle Central Library', address: '1000 4th Ave', zip: '98104' },
    visibility: 'public',
    sessions: [{ date: inAMonth, start: '09:00', end: '16:00' }],
  })) as { id: string };
  const workshop = created.id;
  await ok('POST', `/api/v1/workshops/${workshop}/publish`, pmA);
  const assigned = (await ok('POST', `/api/v1/workshops/${workshop}/facilitators`, pmA, {
    facilitatorId: applied.facilitatorId,
  })) as { facilitators: { id: string }[]; sessions: { id: string }[] };
  const enrollment = (await ok('POST', `/api/v1/workshops/${workshop}/enrollments`, participant, {
    role: 'teacher',
  })) as { id: string };
  const yesterday = wallTimeInZone(new Date(Date.now() - 86_400_000).toISOString(), ZONE).date;
  const moved = (await ok('PATCH', `/api/v1/workshops/${workshop}`, pmA, {
    sessions: [{ date: yesterday, start: '09:00', end: '16:00' }],
  })) as { sessions: { id: string }[] };
  const session = moved.sessions[0]?.id ?? '';
  await ok('PUT', `/api/v1/sessions/${session}/attendance`, pmA, {
    enrollmentId: enrollment.id,
    present: true,
  });
  const pdf = await fetch(`${test.url}/enrollments/${enrollment.id}/certificate.pdf`, {
    headers: { cookie: participant.cookie },
  });
  if (pdf.status !== 200) throw new Error(`certificate: ${pdf.status} ${await pdf.text()}`);
  const certificate = (await db.selectFrom('certificates').select('id').executeTakeFirstOrThrow()).id;

  const feed = (await ok('GET', '/api/v1/me/calendar-feed', participant)) as { url: string };
  const calendarToken = /\/calendars\/([^/.]+)\.ics/.exec(feed.url)?.[1] ?? '';

  // A password reset requested by someone who is none of the people here, for its link.
  const forgetful = await signedInUser(test, 'participant');
  await callApi(test, 'POST', '/api/auth/request-password-reset', undefined, {
    email: forgetful.email,
    redirectTo: '/reset-password',
  });
  const resetToken = await linkInMail(test, forgetful.email, /reset-password\/([A-Za-z0-9_-]{10,})/);

  return {
    test,
    users,
    partnerA,
    records: {
      partnerA: partnerA.id,
      regionUnitA,
      partnerApplication: draft.id,
      facilitatorApplication: waiting.id,
      facilitator: applied.facilitatorId,
      contract: contract.id,
      faqAnchor,
      faqChange,
      inquiry: inquiry.id,
      invitation: invitation.id,
      invitationToken,
      pressRelease: pressRelease.id,
      target: target.id,
      resource: resource.id,
      workshop,
      session,
      presenter: assigned.facilitators[0]?.id ?? '',
      enrollment: enrollment.id,
      certificate,
      teacherApplication: teacherApplication.id,
      subject,
      calendarToken,
      resetToken,
      principalToken,
    },
  };
}

/**
 * The record a path parameter names, from the route's path up to and including it. The first pattern that matches
 * the end of that prefix decides, so the specific ones come first.
 */
const PARAMETERS: [RegExp, (records: Records) => string][] = [
  [/\/regions\/:unit$/, (r) => r.regionUnitA],
  [/\/(facilitator-)?contracts\/:contractId$/, (r) => r.contract],
  [/\/facilitators\/:presenterId$/, (r) => r.presenter],
  [/\/qualifications\/:courseId$/, () => 'csp'],
  [/\/subjects\/:subjectId$/, (r) => r.subject],
  [/\/applications\/:id\/:step$/, () => 'organizations'],
  [/\/applications\/:id\/:move$/, () => 'interview'],
  [/\/facilitators\/applications\/:id$|\/facilitator-applications\/:id$/, (r) => r.facilitatorApplication],
  [/\/teacher-applications\/:id$/, (r) => r.teacherApplication],
  [/\/(partner-)?applications\/:id$/, (r) => r.partnerApplication],
  [/\/partner\/facilitators\/:id$/, (r) => r.partnerA],
  [/\/facilitators\/:id$/, (r) => r.facilitator],
  [/\/faq\/history\/:id$/, (r) => r.faqChange],
  [/\/faq\/(questions\/)?:anchor$/, (r) => r.faqAnchor],
  [/\/(inbox|inquiries)\/:id$/, (r) => r.inquiry],
  [/\/invitations\/accepted\/:id$/, (r) => r.partnerA],
  [/\/invitations\/:token$/, (r) => r.invitationToken],
  [/\/invitations\/:id$/, (r) => r.invitation],
  [/\/partner\/listing\/:id$/, (r) => r.partnerA],
  [/\/press-releases\/:id$/, (r) => r.pressRelease],
  [/\/recruitment\/targets\/:id$/, (r) => r.target],
  [/\/resources\/:id$/, (r) => r.resource],
  [/\/partners\/:id$/, (r) => r.partnerA],
  [/\/workshops\/:id$/, (r) => r.workshop],
  [/\/sessions\/:id$/, (r) => r.session],
  [/\/enrollments\/:id$/, (r) => r.enrollment],
  [/\/certificates\/:id$/, (r) => r.certificate],
  [/\/courses\/:id$/, () => 'csp'],
  [/\/(years|program-years)\/:name$/, () => YEAR],
  [/\/teacher-application-forms\/:programYear$/, () => YEAR],
  [/\/teacher-application-forms\/:programYear\/:courseId$/, () => 'csp'],
  [/\/calendars\/:token$/, (r) => r.calendarToken],
  [/\/reset-password\/:token$/, (r) => r.resetToken],
  [/\/principal-approvals\/:token$/, (r) => r.principalToken],
  [/\/teacher-application-settings\/:id$/, (r) => r.partnerA],
];

/** The address of a route in the world, or an error naming the parameter that has no record yet. */
export function addressOf(url: string, records: Records): string {
  // A wildcard (the assets, the account API's unknown endpoints) is any file or name: one that exists.
  const concrete = url.endsWith('/*')
    ? `${url.slice(0, -1)}${url.startsWith('/assets/') ? 'site.css' : 'list-sessions'}`
    : url;
  return concrete.replace(/:([A-Za-z]+)/g, (parameter: string, _name: string, offset: number) => {
    const prefix = concrete.slice(0, offset + parameter.length);
    const found = PARAMETERS.find(([pattern]) => pattern.test(prefix));
    if (!found)
      throw new Error(`No record for ${parameter} in ${url}: add one to PARAMETERS in tests/access/world.ts`);
    return encodeURIComponent(found[1](records));
  });
}

/**
 * What a request to a route says beside its address, where an empty one could not tell people apart: a query the
 * route's schema requires, or the partner a new record is for (partner A, so that B's managers are refused).
 */
export const REQUEST_EXTRAS: Record<
  string,
  (records: Records) => { query?: string; body?: Record<string, string> }
> = {
  'GET /api/v1/press-releases/:id/diff': () => ({ query: 'version=1' }),
  'POST /api/v1/workshops': (r) => ({ body: { partnerId: r.partnerA } }),
  'POST /workshops/new': (r) => ({ body: { partnerId: r.partnerA } }),
};

/** The partner pages of recruitment name the partner they show: A's. */
export function extrasOf(
  method: string,
  url: string,
  records: Records,
): { query?: string; body?: Record<string, string> } {
  const extras = REQUEST_EXTRAS[`${method} ${url}`]?.(records) ?? {};
  if (url.startsWith('/partner/recruitment')) return { ...extras, query: `partner=${records.partnerA}` };
  return extras;
}
