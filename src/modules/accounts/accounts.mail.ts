import type { OutgoingMail } from '../../platform/mail/outbox.js';

interface AccountMail {
  programName: string;
  to: string;
  name: string;
  url: string;
}

export function verificationMail({ programName, to, name, url }: AccountMail): OutgoingMail {
  return {
    to,
    subject: `Confirm your email address for the ${programName}`,
    text: [
      `Hello ${name},`,
      '',
      `Please confirm your email address for your ${programName} account by opening this link:`,
      url,
      '',
      'The link works for one hour. If you did not create an account, you can ignore this message.',
    ].join('\n'),
  };
}

export function passwordResetMail({ programName, to, name, url }: AccountMail): OutgoingMail {
  return {
    to,
    subject: `Reset your ${programName} password`,
    text: [
      `Hello ${name},`,
      '',
      'Someone asked to reset the password of your account. To choose a new password, open this link:',
      url,
      '',
      'The link works for one hour. If you did not ask for this, you can ignore this message; your password stays as it is.',
    ].join('\n'),
  };
}
