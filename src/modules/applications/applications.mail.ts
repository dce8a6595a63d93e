import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import type { ApplicationStatus } from './applications.schemas.js';

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
      `${application.leadOrganization ?? 'An applicant'} (${application.applicantEmail}) withdrew its application for ${application.programYear}; it was ${from.replace('_', ' ')}.`,
      '',
      `${config.baseUrl}/staff/applications/${application.id}`,
    ].join('\n'),
  };
}
