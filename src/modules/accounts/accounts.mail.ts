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
    privateLinks: [url],
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
    privateLinks: [url],
  };
}

/** To the new address: the link that confirms it, after which the account uses it. */
export function newEmailMail({ programName, to, name, url }: AccountMail): OutgoingMail {
  return {
    to,
    subject: `Confirm your new email address for the ${programName}`,
    text: [
      `Hello ${name},`,
      '',
      `You asked to use this email address for your ${programName} account. To confirm it, open this link:`,
      url,
      '',
      'Until you do, the account keeps its current address. The link works for one hour. If you did not ask for this, you can ignore this message.',
    ].join('\n'),
    privateLinks: [url],
  };
}

/** To the current address: a change was asked for, so that its owner hears of one they did not ask for. */
export function emailChangeRequestedMail(options: {
  programName: string;
  to: string;
  name: string;
  newEmail: string;
}): OutgoingMail {
  return {
    to: options.to,
    subject: `Your ${options.programName} email address is about to change`,
    text: [
      `Hello ${options.name},`,
      '',
      `Someone signed in to your account asked to change its email address to ${options.newEmail}. It changes once that address is confirmed; until then, this one stays.`,
      '',
      'If that was not you, sign in and change your password, then sign out everywhere from your account page.',
    ].join('\n'),
  };
}

/** To an address that has an account already, when someone signs up with it: sign-up itself says nothing of it. */
export function existingAccountMail(options: {
  programName: string;
  to: string;
  name: string;
  baseUrl: string;
}): OutgoingMail {
  return {
    to: options.to,
    subject: `You already have a ${options.programName} account`,
    text: [
      `Hello ${options.name},`,
      '',
      `Someone, perhaps you, tried to create a ${options.programName} account with this email address. It has one already. To use it, sign in:`,
      `${options.baseUrl}/sign-in`,
      '',
      'If you have forgotten its password, choose a new one here:',
      `${options.baseUrl}/forgot-password`,
      '',
      'If this was not you, you can ignore this message: nothing has changed.',
    ].join('\n'),
  };
}
