import type { ColumnType, Generated } from 'kysely';

/**
 * Table types, in the camelCase that queries use (CamelCasePlugin maps them to snake_case columns).
 * Our own timestamps are ISO-8601 UTC strings on both databases: they sort as text and need no per-dialect parsing.
 * The auth tables belong to better-auth, which writes its own date and boolean types per dialect.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  userRoles: UserRolesTable;
  mailOutbox: MailOutboxTable;
  faqPage: FaqPageTable;
  faqSections: FaqSectionsTable;
  faqQuestions: FaqQuestionsTable;
  faqChanges: FaqChangesTable;
  programYears: ProgramYearsTable;
  partners: PartnersTable;
  partnerOrganizations: PartnerOrganizationsTable;
  regionAssignments: RegionAssignmentsTable;
  partnerInvitations: PartnerInvitationsTable;
  inquiries: InquiriesTable;
  inquiryEvents: InquiryEventsTable;
}

type AuthDate = ColumnType<Date | string, Date | string, Date | string>;
type AuthBoolean = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface UsersTable {
  id: string;
  name: string;
  email: string;
  emailVerified: AuthBoolean;
  image: string | null;
  createdAt: AuthDate;
  updatedAt: AuthDate;
}

export interface SessionsTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: AuthDate;
}

export const ROLES = ['staff', 'program_manager', 'facilitator', 'participant'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRolesTable {
  id: string;
  userId: string;
  role: Role;
  /** Set only for program_manager: the partner whose data this grant covers. */
  partnerId: string | null;
  createdAt: string;
}

export type MailStatus = 'queued' | 'held' | 'sending' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  status: MailStatus;
  attempts: Generated<number>;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface FaqPageTable {
  id: string;
  title: string;
  introMarkdown: string;
  updatedAt: string;
}

export interface FaqSectionsTable {
  id: string;
  title: string;
  position: number;
}

export interface FaqQuestionsTable {
  id: string;
  sectionId: string;
  anchor: string;
  question: string;
  answerMarkdown: string;
  position: number;
  updatedAt: string;
}

export type FaqChangeAction = 'import' | 'create' | 'update' | 'move' | 'delete';

export interface FaqChangesTable {
  id: string;
  anchor: string;
  action: FaqChangeAction;
  actorId: string | null;
  actorEmail: string;
  summary: string;
  at: string;
}

export interface ProgramYearsTable {
  id: string;
  name: string;
  isCurrent: number;
  pmFteHundredths: number;
  createdAt: string;
}

export interface PartnersTable {
  id: string;
  programYearId: string;
  name: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  website: string | null;
  address: string | null;
  /** Course names, one per line. */
  coursesOffered: string;
  active: number;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerOrganizationsTable {
  id: string;
  partnerId: string;
  name: string;
  role: string;
  position: number;
}

export type UnitKind = 'state' | 'county' | 'zip';

export interface RegionAssignmentsTable {
  id: string;
  programYearId: string;
  partnerId: string;
  unitKind: UnitKind;
  unit: string;
  state: string;
  createdAt: string;
}

export interface PartnerInvitationsTable {
  id: string;
  partnerId: string;
  email: string;
  tokenHash: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedBy: string | null;
  createdBy: string | null;
  createdAt: string;
}

export const INQUIRY_ROLES = ['teacher', 'counselor', 'administrator', 'organization', 'other'] as const;
export type InquiryRole = (typeof INQUIRY_ROLES)[number];
export type InquiryStatus = 'open' | 'answered' | 'closed';

export interface InquiriesTable {
  id: string;
  name: string;
  email: string;
  role: InquiryRole;
  zip: string | null;
  state: string | null;
  message: string;
  programYearId: string | null;
  partnerId: string | null;
  status: InquiryStatus;
  createdAt: string;
  updatedAt: string;
}

export type InquiryEventKind = 'received' | 'reply' | 'rerouted' | 'closed' | 'reopened';

export interface InquiryEventsTable {
  id: string;
  inquiryId: string;
  kind: InquiryEventKind;
  actorId: string | null;
  actorEmail: string | null;
  body: string | null;
  createdAt: string;
}
