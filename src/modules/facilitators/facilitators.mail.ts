import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';

type MailConfig = Pick<Config, 'programName' | 'baseUrl'>;

/** To the applicant, after staff decide one course of their application. */
export function decisionMail(
  config: MailConfig,
  to: { name: string; email: string },
  decision: { courseName: string; decision: 'approved' | 'declined' },
): OutgoingMail {
  const approved = decision.decision === 'approved';
  return {
    to: to.email,
    subject: approved
      ? `You are approved to facilitate ${decision.courseName}`
      : `Your application to facilitate ${decision.courseName}`,
    text: [
      `Hello ${to.name},`,
      '',
      approved
        ? `Program staff approved you to facilitate ${decision.courseName} for the ${config.programName}. Regional Partners near you can now contract you for a program year.`
        : `Program staff did not approve you to facilitate ${decision.courseName} this time. You are welcome to apply again later.`,
      '',
      'Your applications and their decisions are in the portal:',
      `${config.baseUrl}/facilitate`,
    ].join('\n'),
  };
}
