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
