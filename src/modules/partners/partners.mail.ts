import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';

type MailConfig = Pick<Config, 'programName'>;

/**
 * The invitation to manage a partner. `why` is the sentence that says how the person came to be invited
 * (staff invited them, or the accepted application names them).
 */
export function invitationMail(
  config: MailConfig,
  invitation: { to: string; personName?: string | undefined; partnerName: string; why: string; url: string },
  validDays: number,
): OutgoingMail {
  return {
    to: invitation.to,
    subject: `You are invited to manage ${invitation.partnerName} in the ${config.programName}`,
    text: [
      invitation.personName ? `Hello ${invitation.personName},` : 'Hello,',
      '',
      invitation.why,
      '',
      'To accept, open this link, then sign in or create an account:',
      invitation.url,
      '',
      `The link works once, for ${validDays} days.`,
    ].join('\n'),
    privateLinks: [invitation.url],
  };
}
