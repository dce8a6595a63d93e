import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026-11-27-0001-foundation.js';
import * as partnersRegionsInquiries from './migrations/2026-11-27-0002-partners-regions-inquiries.js';
import * as applications from './migrations/2026-11-27-0003-applications.js';
import * as resources from './migrations/2026-11-27-0004-resources.js';
import * as pressReleases from './migrations/2026-11-27-0005-press-releases.js';
import * as resourceFiles from './migrations/2026-11-27-0006-resource-files.js';
import * as inquiryReads from './migrations/2026-12-01-0007-inquiry-reads.js';
import * as applicationsReview from './migrations/2026-12-01-0008-applications-review.js';
import * as accountsFaq from './migrations/2026-12-01-0010-accounts-faq.js';
import * as invitationRevocation from './migrations/2026-12-02-0011-invitation-revocation.js';
import * as workshopsFacilitators from './migrations/2026-12-02-0012-workshops-facilitators.js';
import * as enrollments from './migrations/2026-12-02-0013-enrollments.js';
import * as reminders from './migrations/2026-12-02-0014-reminders.js';
import * as sharedLimits from './migrations/2026-12-02-0015-shared-limits.js';
import * as mailStaffText from './migrations/2026-12-02-0016-mail-staff-text.js';
import * as schoolDirectory from './migrations/2026-12-02-0017-school-directory.js';
import * as teacherApplications from './migrations/2026-12-02-0018-teacher-applications.js';
import * as recruitment from './migrations/2026-12-02-0019-recruitment.js';
import * as coordinatesDouble from './migrations/2026-12-02-0020-coordinates-double.js';
import * as principalApproval from './migrations/2026-12-02-0021-principal-approval.js';
import * as schoolSearchTerms from './migrations/2026-12-02-0022-school-search-terms.js';

/**
 * Migrations are imported, not read from a folder, so the same list works under tsx and in compiled JS.
 * Names sort by time; add new ones at the end.
 */
const migrations: Record<string, Migration> = {
  '2026-11-27-0001-foundation': foundation,
  '2026-11-27-0002-partners-regions-inquiries': partnersRegionsInquiries,
  '2026-11-27-0003-applications': applications,
  '2026-11-27-0004-resources': resources,
  '2026-11-27-0005-press-releases': pressReleases,
  '2026-11-27-0006-resource-files': resourceFiles,
  '2026-12-01-0007-inquiry-reads': inquiryReads,
  '2026-12-01-0008-applications-review': applicationsReview,
  '2026-12-01-0010-accounts-faq': accountsFaq,
  '2026-12-02-0011-invitation-revocation': invitationRevocation,
  '2026-12-02-0012-workshops-facilitators': workshopsFacilitators,
  '2026-12-02-0013-enrollments': enrollments,
  '2026-12-02-0014-reminders': reminders,
  '2026-12-02-0015-shared-limits': sharedLimits,
  '2026-12-02-0016-mail-staff-text': mailStaffText,
  '2026-12-02-0017-school-directory': schoolDirectory,
  '2026-12-02-0018-teacher-applications': teacherApplications,
  '2026-12-02-0019-recruitment': recruitment,
  '2026-12-02-0020-coordinates-double': coordinatesDouble,
  '2026-12-02-0021-principal-approval': principalApproval,
  '2026-12-02-0022-school-search-terms': schoolSearchTerms,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
