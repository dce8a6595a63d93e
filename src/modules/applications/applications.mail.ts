import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { formatDateTime } from '../../platform/ui/date.js';
import { statusWords, type ApplicationStatus } from './applications.lifecycle.js';

/*
 * Subjects use the portal's own words and the program year (set by staff) only: an organization's name, which
 * the applicant types, never reaches a mail header. It appears in the plain-text bodies.
 */

type MailConfig = Pick<Config, 'programName' | 'programContactEmail' | 'baseUrl'>;

export interface ApplicationForMail {
  id: string;
  programYear: string;
  applicantEmail: string;
  /** The lead organization's name, when the applicant has given one. */
  leadOrganization: string | null;
}

function described(application: ApplicationForMail): string {
  return application.leadOrganization
    ? `the application of ${application.leadOrganization}`
    : 'your application';
}

/** To the applicant: the application is in, and what happens next. */
export function submittedApplicantMail(config: MailConfig, application: ApplicationForMail): OutgoingMail {
  return {
    to: application.applicantEmail,
    subject: `We received your Regional Partner application for ${application.programYear}`,
    text: [
      `Thank you: ${described(application)} to be a Regional Partner of the ${config.programName} for ${application.programYear} is submitted and can no longer be edited.`,
      '',
      'What happens next:',
      '- Program staff review it against the rubric for the year.',
      '- If it moves forward, we invite you to an interview.',
      '- We email you the decision. If it is accepted, the partner is set up at once and each program manager it names receives an invitation to the portal.',
      '',
      'You can follow it, or withdraw it until a decision, in the portal:',
      `${config.baseUrl}/applications/${application.id}`,
      '',
      `Questions: ${config.programContactEmail}`,
    ].join('\n'),
  };
}

/** To program staff: an application is waiting for review. */
export function submittedStaffMail(config: MailConfig, application: ApplicationForMail): OutgoingMail {
  return {
    to: config.programContactEmail,
    subject: `A Regional Partner application for ${application.programYear} is ready for review`,
    text: [
      `${application.leadOrganization ?? 'An applicant'} submitted an application to be a Regional Partner for ${application.programYear} (from ${application.applicantEmail}).`,
      '',
      'Review it in the portal:',
      `${config.baseUrl}/staff/applications/${application.id}`,
    ].join('\n'),
  };
}

/** To the applicant: the withdrawal is recorded. */
export function withdrawnApplicantMail(config: MailConfig, application: ApplicationForMail): OutgoingMail {
  return {
    to: application.applicantEmail,
    subject: `Your Regional Partner application for ${application.programYear} is withdrawn`,
    text: [
      `As you asked, ${described(application)} for ${application.programYear} is withdrawn. Program staff will not review it further.`,
      '',
      'It stays readable in the portal:',
      `${config.baseUrl}/applications/${application.id}`,
      '',
      `If this was a mistake, start a new application or write to ${config.programContactEmail}.`,
    ].join('\n'),
  };
}

/** To program staff: an application they had received (or were reviewing) is withdrawn. */
export function withdrawnStaffMail(
  config: MailConfig,
  application: ApplicationForMail,
  from: ApplicationStatus,
): OutgoingMail {
  return {
    to: config.programContactEmail,
    subject: `A Regional Partner application for ${application.programYear} was withdrawn`,
    text: [
      `${application.leadOrganization ?? 'An applicant'} (${application.applicantEmail}) withdrew its application for ${application.programYear}; it was ${statusWords(from)}.`,
      '',
      `${config.baseUrl}/staff/applications/${application.id}`,
    ].join('\n'),
  };
}

/** What the decision and interview emails say to the applicant by default; staff see and may edit it first. */
export interface DraftEmail {
  subject: string;
  body: string;
}

interface ForDecision {
  programYear: string;
  contactName: string | null;
  leadOrganization: string | null;
}

function greeting(application: ForDecision): string {
  return application.contactName ? `Hello ${application.contactName},` : 'Hello,';
}

export function defaultDecisionEmail(
  config: Pick<MailConfig, 'programName'>,
  application: ForDecision,
  decision: 'accepted' | 'declined',
): DraftEmail {
  const lead = application.leadOrganization ?? 'your organization';
  if (decision === 'accepted') {
    return {
      subject: `Your Regional Partner application for ${application.programYear} is accepted`,
      body: [
        greeting(application),
        '',
        `We are delighted to tell you that ${lead} is accepted as a Regional Partner of the ${config.programName} for ${application.programYear}.`,
        '',
        'Each program manager named in the application receives an invitation to the portal by email.',
      ].join('\n'),
    };
  }
  return {
    subject: `Your Regional Partner application for ${application.programYear}`,
    body: [
      greeting(application),
      '',
      `Thank you for applying to be a Regional Partner of the ${config.programName}. We are sorry that we cannot accept the application of ${lead} for ${application.programYear}.`,
    ].join('\n'),
  };
}

export function defaultInterviewEmail(
  config: Pick<MailConfig, 'programName'>,
  application: ForDecision,
): DraftEmail {
  const lead = application.leadOrganization ?? 'your organization';
  return {
    subject: `Your Regional Partner application for ${application.programYear}: an interview`,
    body: [
      greeting(application),
      '',
      `Thank you for the application of ${lead} to be a Regional Partner of the ${config.programName} for ${application.programYear}. We would like to meet you to talk about it.`,
      '',
      'Please reply to this email to confirm, or to suggest another time.',
    ].join('\n'),
  };
}

/**
 * The interview email as sent: what staff wrote, then the interview's time in its zone when they set one, so
 * that the time in the email is always the one stored.
 */
export function interviewMail(
  to: string,
  email: DraftEmail,
  interview: { startsAt: string | null; timeZone: string | null },
): OutgoingMail {
  const when =
    interview.startsAt && interview.timeZone
      ? `\n\nWhen: ${formatDateTime(interview.startsAt, interview.timeZone)}`
      : '';
  return { to, subject: email.subject, text: `${email.body}${when}` };
}
