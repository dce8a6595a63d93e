// TRANSITIONAL: re-exports for modules not yet moved to src/platform/ui; removed once none imports it.
import { defineNotices } from './notices.js';
export { ErrorPage, Layout, NotBuiltYetPage, renderPage, type PageContext } from './ui/layout.js';

export const NOTICES = {
  welcome: 'Welcome! Your account is ready. We have sent you a link to confirm your email address.',
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password is changed. Sign in with the new one.',
  'faq-added': 'The question is added.',
  'faq-saved': 'Your changes are saved and published.',
  'faq-removed': 'The question is removed.',
  'import-done': 'The import is saved.',
  'partner-saved': 'The partner is saved.',
  'region-added': 'The region is assigned.',
  'region-removed': 'The region is removed.',
  'invitation-sent': 'The invitation is sent.',
  'year-saved': 'The program year is saved.',
  'eligibility-connected':
    'Thank you: your message is sent to the Regional Partner. We have emailed you a confirmation.',
  'resource-added': 'The resource is added.',
  'resource-removed': 'The resource is removed.',
  'press-release-created': 'The draft is saved. Submit it for review when it is ready.',
  'press-release-saved': 'The draft is saved.',
  'press-release-submitted': 'The press release is submitted, and program staff are emailed to review it.',
  'press-release-commented': 'Your comment is saved and emailed to the partner.',
  'press-release-changes-requested': 'Changes are requested, and the partner is emailed.',
  'press-release-approved': 'The press release is approved, and the partner is emailed.',
  'press-release-published': 'The press release is marked published, and program staff are emailed.',
  'application-saved': 'Your application is saved as a draft. You can come back to it from any device.',
  'application-submitted': 'Your application is submitted. We will email you when it is decided.',
  'application-withdrawn': 'Your application is withdrawn.',
  'application-updated': 'The application is updated.',
  'application-config-saved': 'The questions and the rubric are saved.',
} as const;
export type NoticeCode = keyof typeof NOTICES;
defineNotices(NOTICES);
