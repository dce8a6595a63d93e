import type { Config } from '../../config.js';
import type { TeacherApplicationStatus } from '../../db/schema.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';

/*
 * Mail to the teacher at each step. Its link opens their own list, behind sign-in: nothing in it acts for them
 * without an account, so no private links to hide from staff. The principal's request is the exception: its
 * link answers for the principal, who has no account, so it is a private link.
 */

type MailConfig = Pick<Config, 'programName' | 'baseUrl'>;

export interface ApplicationForMail {
  teacherName: string;
  teacherEmail: string;
  courseName: string;
  programYear: string;
  partnerName: string | null;
}

function cohort(application: ApplicationForMail): string {
  return `${application.courseName} ${application.programYear}`;
}

function footer(config: MailConfig): string[] {
  return [
    '',
    'See your applications at:',
    `${config.baseUrl}/my/teacher-applications`,
    '',
    `— ${config.programName}`,
  ];
}

function who(application: ApplicationForMail): string {
  return application.partnerName ?? 'Program staff';
}

/** The receipt: where the application went, or that staff will find it a partner; whom it asked to approve. */
export function submittedMail(
  config: MailConfig,
  application: ApplicationForMail & { askedPrincipal?: string | undefined },
): OutgoingMail {
  return {
    to: application.teacherEmail,
    subject: `We received your application: ${cohort(application)}`,
    text: [
      `Hello ${application.teacherName},`,
      '',
      `Thank you for applying to ${cohort(application)}.`,
      application.partnerName
        ? `${application.partnerName}, the Regional Partner serving your school, will review it.`
        : 'No Regional Partner serves your school’s area yet, so program staff will find one to review it.',
      ...(application.askedPrincipal
        ? [
            `It asks for your principal’s approval: we emailed ${application.askedPrincipal} a link to approve your application, and will tell you their answer.`,
          ]
        : []),
      ...footer(config),
    ].join('\n'),
  };
}

/**
 * To whoever reviews a new application: the partner's public contact address, or program staff's when no
 * partner serves the school. The teacher's answers stay in the portal, behind sign-in.
 */
export function newApplicationMail(
  config: MailConfig,
  application: ApplicationForMail & { id: string; to: string; reason: string },
): OutgoingMail {
  return {
    to: application.to,
    subject: `A teacher applied: ${cohort(application)}`,
    text: [
      `${application.teacherName} applied to ${cohort(application)}.`,
      application.reason,
      ...(application.partnerName
        ? []
        : ['No Regional Partner serves the school: assign one in the staff queue.']),
      '',
      'Review the application in the portal:',
      `${config.baseUrl}/teacher-applications/${application.id}`,
    ].join('\n'),
  };
}

const STATUS_WORDS: Record<
  Exclude<TeacherApplicationStatus, 'submitted'>,
  (a: ApplicationForMail) => string
> = {
  in_review: (a) => `${who(a)} started reviewing your application.`,
  accepted: (a) =>
    `${who(a)} accepted you into its ${cohort(a)} cohort. They will assign you to one of their workshops.`,
  waitlisted: (a) =>
    `${who(a)} put your application on its waitlist: the cohort is full for now. We will email you if that changes.`,
  declined: (a) => `${who(a)} could not offer you a place in its ${cohort(a)} cohort this year.`,
  withdrawn: () => 'You withdrew your application. Nothing more will happen to it.',
};

export function statusMail(
  config: MailConfig,
  application: ApplicationForMail,
  status: Exclude<TeacherApplicationStatus, 'submitted'>,
): OutgoingMail {
  return {
    to: application.teacherEmail,
    subject: `Your application to ${cohort(application)}: ${status.replace('_', ' ')}`,
    text: [
      `Hello ${application.teacherName},`,
      '',
      STATUS_WORDS[status](application),
      ...footer(config),
    ].join('\n'),
  };
}

/** Staff found the application a partner. */
export function routedMail(config: MailConfig, application: ApplicationForMail): OutgoingMail {
  return {
    to: application.teacherEmail,
    subject: `Your application to ${cohort(application)} has a Regional Partner`,
    text: [
      `Hello ${application.teacherName},`,
      '',
      `Program staff passed your application to ${application.partnerName ?? 'a Regional Partner'}, who will review it.`,
      ...footer(config),
    ].join('\n'),
  };
}

/** The request to the principal: who applied, from which school, for what, and the link that answers it. */
export function principalRequestMail(
  config: MailConfig,
  request: ApplicationForMail & {
    to: string;
    principalName: string;
    schoolName: string;
    url: string;
    /** A request sent again: earlier links stop working. */
    again: boolean;
  },
): OutgoingMail {
  return {
    to: request.to,
    subject: `Please approve ${request.teacherName}’s application to ${cohort(request)}`,
    text: [
      `Hello ${request.principalName},`,
      '',
      `${request.teacherName} (${request.teacherEmail}), a teacher at ${request.schoolName}, applied to ${cohort(request)} of the ${config.programName}` +
        (request.partnerName ? `, run by ${request.partnerName}.` : '.'),
      `${request.partnerName ?? 'The Regional Partner'} asks for your approval before it can accept the application.`,
      '',
      'Approve or decline it (no account needed) at:',
      request.url,
      ...(request.again ? ['', 'This link replaces any earlier one, which no longer works.'] : []),
      '',
      `— ${config.programName}`,
    ].join('\n'),
    privateLinks: [request.url],
  };
}

/** The teacher learns the principal's answer; the principal's comment stays with the reviewers. */
export function principalAnsweredMail(
  config: MailConfig,
  application: ApplicationForMail & { principalName: string },
  answer: 'approved' | 'declined',
): OutgoingMail {
  return {
    to: application.teacherEmail,
    subject: `Your principal ${answer} your application to ${cohort(application)}`,
    text: [
      `Hello ${application.teacherName},`,
      '',
      answer === 'approved'
        ? `${application.principalName} approved your application to ${cohort(application)}. ${who(application)} can now decide on it.`
        : `${application.principalName} declined your application to ${cohort(application)}, so ${who(application)} cannot accept it. Talk with your principal if you think this is a mistake.`,
      ...footer(config),
    ].join('\n'),
  };
}

/** The reviewing partner hears the principal's answer, which an acceptance waits for. */
export function principalAnsweredPartnerMail(
  config: MailConfig,
  application: ApplicationForMail & { id: string; to: string; principalName: string },
  answer: 'approved' | 'declined',
): OutgoingMail {
  return {
    to: application.to,
    subject: `The principal ${answer} ${application.teacherName}’s application: ${cohort(application)}`,
    text: [
      `${application.principalName}, the principal, ${answer} ${application.teacherName}’s application to ${cohort(application)}.`,
      answer === 'approved' ? 'You can now accept it.' : 'It cannot be accepted; waitlist or decline it.',
      '',
      'The application in the portal:',
      `${config.baseUrl}/teacher-applications/${application.id}`,
    ].join('\n'),
  };
}
