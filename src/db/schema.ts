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
  inquiryReads: InquiryReadsTable;
  applicationQuestions: ApplicationQuestionsTable;
  rubricCriteria: RubricCriteriaTable;
  partnerApplications: PartnerApplicationsTable;
  applicationOrganizations: ApplicationOrganizationsTable;
  applicationRegions: ApplicationRegionsTable;
  applicationStaff: ApplicationStaffTable;
  applicationAnswers: ApplicationAnswersTable;
  applicationEvents: ApplicationEventsTable;
  applicationScores: ApplicationScoresTable;
  applicationNotes: ApplicationNotesTable;
  resources: ResourcesTable;
  resourceFiles: ResourceFilesTable;
  pressReleases: PressReleasesTable;
  pressReleaseVersions: PressReleaseVersionsTable;
  pressReleaseEvents: PressReleaseEventsTable;
  courses: CoursesTable;
  courseSubjects: CourseSubjectsTable;
  workshops: WorkshopsTable;
  workshopSessions: WorkshopSessionsTable;
  workshopFacilitators: WorkshopFacilitatorsTable;
  facilitators: FacilitatorsTable;
  facilitatorApplications: FacilitatorApplicationsTable;
  facilitatorApplicationCourses: FacilitatorApplicationCoursesTable;
  facilitatorQualifications: FacilitatorQualificationsTable;
  facilitatorContracts: FacilitatorContractsTable;
  calendarFeeds: CalendarFeedsTable;
  enrollments: EnrollmentsTable;
  idempotencyKeys: IdempotencyKeysTable;
  rateLimitHits: RateLimitHitsTable;
  serialLocks: SerialLocksTable;
  attendance: AttendanceTable;
  certificates: CertificatesTable;
  reminderRules: ReminderRulesTable;
  workshopReminders: WorkshopRemindersTable;
  reminderDeliveries: ReminderDeliveriesTable;
  districts: DistrictsTable;
  schools: SchoolsTable;
  schoolSearchTerms: SchoolSearchTermsTable;
  recruitmentTargets: RecruitmentTargetsTable;
  targetEvents: TargetEventsTable;
  recruitmentGoals: RecruitmentGoalsTable;
  teacherApplicationForms: TeacherApplicationFormsTable;
  teacherApplicationQuestions: TeacherApplicationQuestionsTable;
  teacherApplications: TeacherApplicationsTable;
  teacherApplicationEvents: TeacherApplicationEventsTable;
  cohortCapacities: CohortCapacitiesTable;
  teacherApplicationSettings: TeacherApplicationSettingsTable;
  principalApprovals: PrincipalApprovalsTable;
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
  /** The text with its private links hidden, as staff read it; null for mail queued before that existed. */
  staffTextBody: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** JSON: [{ filename, contentType, content }], or null for none. */
  attachments: string | null;
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

export type FaqChangeAction = 'import' | 'create' | 'update' | 'move' | 'delete' | 'restore';

export interface FaqChangesTable {
  id: string;
  anchor: string;
  action: FaqChangeAction;
  actorId: string | null;
  actorEmail: string;
  summary: string;
  at: string;
  /** The question changed, for a change of its text (null for imports and older changes). */
  questionId: string | null;
  /** The text the change replaced, which a restore brings back; null where the text did not change. */
  previousQuestion: string | null;
  previousAnswerMarkdown: string | null;
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
  revokedAt: string | null;
  revokedBy: string | null;
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

export interface InquiryReadsTable {
  inquiryId: string;
  userId: string;
  readAt: string;
}

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'interview',
  'accepted',
  'declined',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** A year's narrative questions; replaced ones are retired (active 0) so that earlier answers keep their prompt. */
export interface ApplicationQuestionsTable {
  id: string;
  programYearId: string;
  prompt: string;
  position: number;
  active: number;
}

/** A year's review rubric; retired like the questions, so that earlier scores keep their criterion. */
export interface RubricCriteriaTable {
  id: string;
  programYearId: string;
  title: string;
  maxScore: number;
  position: number;
  active: number;
}

export interface PartnerApplicationsTable {
  id: string;
  programYearId: string;
  /** The account that applied: it alone edits, submits or withdraws, and receives the applicant's emails. */
  applicantId: string;
  status: ApplicationStatus;
  partnerName: string | null;
  contactName: string | null;
  contactEmail: string | null;
  /** The partner it became, once accepted. */
  partnerId: string | null;
  submittedAt: string | null;
  /** The interview's instant (ISO, UTC), when staff set one on moving it to interview. */
  interviewStartsAt: string | null;
  /** The IANA time zone the interview is shown in. */
  interviewTimeZone: string | null;
  /** Staff's notes about the interview; not shown to the applicant. */
  interviewNotes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ApplicationOrganizationsTable {
  id: string;
  applicationId: string;
  name: string;
  role: string;
  country: string;
  state: string;
  /** 0 is the lead organization. */
  position: number;
}

export interface ApplicationRegionsTable {
  id: string;
  applicationId: string;
  unitKind: UnitKind;
  unit: string;
  state: string;
}

export interface ApplicationStaffTable {
  id: string;
  applicationId: string;
  name: string;
  email: string;
  /** FTE in hundredths, so that shares add up exactly. */
  fteHundredths: number;
  position: number;
}

export interface ApplicationAnswersTable {
  applicationId: string;
  questionId: string;
  answer: string;
}

export interface ApplicationEventsTable {
  id: string;
  applicationId: string;
  /** Null for the creation of the draft. */
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actorId: string | null;
  actorEmail: string;
  at: string;
}

export interface ApplicationScoresTable {
  applicationId: string;
  criterionId: string;
  reviewerId: string;
  score: number;
  updatedAt: string;
}

export interface ApplicationNotesTable {
  id: string;
  applicationId: string;
  authorId: string | null;
  authorEmail: string;
  body: string;
  createdAt: string;
}

export const RESOURCE_AUDIENCES = ['public', 'applicants', 'partners', 'facilitators'] as const;
export type ResourceAudience = (typeof RESOURCE_AUDIENCES)[number];

/** A published document: a link (url) or an uploaded file (its row in resource_files, url null). */
export interface ResourcesTable {
  id: string;
  title: string;
  description: string;
  audience: ResourceAudience;
  url: string | null;
  position: number;
  createdAt: string;
  createdBy: string | null;
}

export interface ResourceFilesTable {
  resourceId: string;
  /** Sanitized original name. */
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  createdAt: string;
}

export const PRESS_RELEASE_STATUSES = [
  'draft',
  'submitted',
  'changes_requested',
  'approved',
  'published',
] as const;
export type PressReleaseStatus = (typeof PRESS_RELEASE_STATUSES)[number];

export interface PressReleasesTable {
  id: string;
  partnerId: string;
  title: string;
  /** The working draft; what staff review is the submitted version in pressReleaseVersions. */
  bodyMarkdown: string;
  status: PressReleaseStatus;
  /** YYYY-MM-DD, set with publishedUrl when the partner marks it published. */
  publishedAt: string | null;
  publishedUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PressReleaseVersionsTable {
  id: string;
  pressReleaseId: string;
  version: number;
  title: string;
  bodyMarkdown: string;
  submittedBy: string | null;
  submittedAt: string;
}

export const PRESS_RELEASE_EVENT_KINDS = [
  'created',
  'submitted',
  'comment',
  'changes_requested',
  'approved',
  'published',
] as const;
export type PressReleaseEventKind = (typeof PRESS_RELEASE_EVENT_KINDS)[number];

export interface PressReleaseEventsTable {
  id: string;
  pressReleaseId: string;
  kind: PressReleaseEventKind;
  version: number | null;
  actorId: string | null;
  actorEmail: string | null;
  body: string | null;
  createdAt: string;
}

export type CourseKind = 'course' | 'counselor_admin';

export interface CoursesTable {
  id: string;
  name: string;
  kind: CourseKind;
  position: number;
  /** 1 for a course partners recruit districts and schools for (CS Principles, CS Discoveries, new courses). */
  inRecruitment: Generated<number>;
  createdAt: string;
}

export interface CourseSubjectsTable {
  id: string;
  courseId: string;
  name: string;
  position: number;
}

export const WORKSHOP_KINDS = ['course', 'counselor_admin', 'partner_own'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];
export const WORKSHOP_AUDIENCES = ['teachers', 'counselors', 'administrators'] as const;
export type WorkshopAudience = (typeof WORKSHOP_AUDIENCES)[number];
export type WorkshopStatus = 'draft' | 'published' | 'cancelled';

export interface WorkshopsTable {
  id: string;
  partnerId: string;
  programYearId: string;
  kind: WorkshopKind;
  courseId: string | null;
  subject: string | null;
  title: string;
  topic: string | null;
  descriptionMarkdown: string;
  /** Comma-separated audiences. */
  audience: string;
  capacity: number;
  timeZone: string;
  locationMode: 'in_person' | 'virtual';
  venue: string | null;
  address: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  virtualUrl: string | null;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  visibility: 'public' | 'invitation';
  status: WorkshopStatus;
  cancelReason: string | null;
  cancelledAt: string | null;
  publishedAt: string | null;
  revision: Generated<number>;
  startsAt: string;
  endsAt: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WorkshopSessionsTable {
  id: string;
  workshopId: string;
  position: number;
  startsAt: string;
  endsAt: string;
}

export interface WorkshopFacilitatorsTable {
  id: string;
  workshopId: string;
  facilitatorId: string | null;
  presenterName: string | null;
  assignedBy: string | null;
  createdAt: string;
}

export interface FacilitatorsTable {
  id: string;
  userId: string;
  homeZip: string;
  latitude: number | null;
  longitude: number | null;
  bio: string;
  createdAt: string;
  updatedAt: string;
}

export interface FacilitatorApplicationsTable {
  id: string;
  facilitatorId: string;
  bio: string;
  createdAt: string;
}

export type FacilitatorDecision = 'pending' | 'approved' | 'declined';

export interface FacilitatorApplicationCoursesTable {
  applicationId: string;
  courseId: string;
  decision: FacilitatorDecision;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface FacilitatorQualificationsTable {
  id: string;
  facilitatorId: string;
  courseId: string;
  grantedBy: string | null;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
}

export interface FacilitatorContractsTable {
  id: string;
  partnerId: string;
  facilitatorId: string;
  programYearId: string;
  createdBy: string | null;
  createdAt: string;
  endedBy: string | null;
  endedAt: string | null;
}

export interface CalendarFeedsTable {
  userId: string;
  version: number;
  resetAt: string;
}

export const ENROLLMENT_ROLES = ['teacher', 'counselor', 'administrator'] as const;
export type EnrollmentRole = (typeof ENROLLMENT_ROLES)[number];
export const ENROLLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export interface EnrollmentsTable {
  id: string;
  workshopId: string;
  userId: string | null;
  name: string;
  email: string;
  emailKey: string;
  role: EnrollmentRole;
  school: string | null;
  status: EnrollmentStatus;
  queueNumber: number;
  notCompletedAt: string | null;
  promotedAt: string | null;
  cancelledAt: string | null;
  cancelledBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  createdAt: string;
}

export interface AttendanceTable {
  sessionId: string;
  enrollmentId: string;
  present: number;
  method: 'roster' | 'check_in';
  markedBy: string | null;
  markedAt: string;
}

export interface CertificatesTable {
  id: string;
  enrollmentId: string;
  participantName: string;
  workshopTitle: string;
  partnerName: string;
  dates: string;
  minutesAttended: number;
  issuedAt: string;
}

export interface RateLimitHitsTable {
  scope: string;
  key: string;
  windowStart: string;
  windowEnd: string;
  hits: number;
}

export interface SerialLocksTable {
  name: string;
  takenAt: string;
}

/** A program year's rule: remind those enrolled `daysBefore` days before the first session, at `timeOfDay`. */
export interface ReminderRulesTable {
  id: string;
  programYearId: string;
  daysBefore: number;
  /** HH:MM in each workshop's own zone. */
  timeOfDay: string;
  createdAt: string;
}

export type ReminderKind = 'participants' | 'attendance';

export interface WorkshopRemindersTable {
  id: string;
  workshopId: string;
  kind: ReminderKind;
  /** Days before the first session (participants) or after the last one (attendance). */
  days: number;
  timeOfDay: string;
  sendAt: string;
  sentAt: string | null;
  createdAt: string;
}

export interface ReminderDeliveriesTable {
  reminderId: string;
  /** The address trimmed and lower-cased. */
  recipient: string;
  enrollmentId: string | null;
  createdAt: string;
}

export interface DistrictsTable {
  /** LEAID as published: 7 digits, leading zeros kept. */
  ncesId: string;
  name: string;
  /** The name lower-cased with its spaces collapsed: prefix searches are index ranges. */
  nameKey: string;
  street: string | null;
  city: string | null;
  state: string;
  zip: string | null;
  county: string | null;
  districtType: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SchoolSource = 'nces' | 'staff' | 'demo';

export interface SchoolsTable {
  id: string;
  /** NCESSCH as published: 12 digits, leading zeros kept; null for a school staff added by hand. */
  ncesId: string | null;
  districtNcesId: string | null;
  districtName: string | null;
  name: string;
  nameKey: string;
  street: string | null;
  city: string | null;
  cityKey: string | null;
  state: string;
  zip: string;
  county: string | null;
  gradeLow: string | null;
  gradeHigh: string | null;
  schoolType: string | null;
  charter: number | null;
  closed: Generated<number>;
  source: SchoolSource;
  createdAt: string;
  updatedAt: string;
}

/** One word (or the ZIP code, or the NCES id) a school is found by: see `schoolSearchTerms`. */
export interface SchoolSearchTermsTable {
  term: string;
  schoolId: string;
}

export const RECRUITMENT_STAGES = ['prospect', 'contacted', 'interested', 'committed', 'declined'] as const;
export type RecruitmentStage = (typeof RECRUITMENT_STAGES)[number];
export type TargetKind = 'district' | 'school';

export interface RecruitmentTargetsTable {
  id: string;
  partnerId: string;
  programYearId: string;
  courseId: string;
  kind: TargetKind;
  districtNcesId: string | null;
  schoolId: string | null;
  /** `district:<LEAID>` or `school:<id>`: what the one-target-per-pipeline key compares. */
  targetKey: string;
  stage: RecruitmentStage;
  ownerUserId: string | null;
  notes: string;
  nextStep: string | null;
  /** YYYY-MM-DD. */
  nextStepOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TargetEventsTable {
  id: string;
  targetId: string;
  actorId: string | null;
  actorEmail: string;
  /** Set, with toStage, when the stage moved; fromStage is null for the target's creation. */
  fromStage: RecruitmentStage | null;
  toStage: RecruitmentStage | null;
  /** What changed, in words. */
  note: string;
  at: string;
  /** The event's place in its target's history, from 1. */
  seq: number;
}

export interface RecruitmentGoalsTable {
  id: string;
  partnerId: string;
  programYearId: string;
  courseId: string;
  districtsCommitted: number;
  schoolsCommitted: number;
  teachersAccepted: number;
  updatedBy: string | null;
  updatedAt: string;
}

/** A year offers a course to applying teachers once staff have set its questions (none is a setting too). */
export interface TeacherApplicationFormsTable {
  programYearId: string;
  courseId: string;
  updatedAt: string;
}

export interface TeacherApplicationQuestionsTable {
  id: string;
  programYearId: string;
  courseId: string;
  position: number;
  prompt: string;
  required: number;
}

export const TEACHER_APPLICATION_STATUSES = [
  'submitted',
  'in_review',
  'accepted',
  'waitlisted',
  'declined',
  'withdrawn',
] as const;
export type TeacherApplicationStatus = (typeof TEACHER_APPLICATION_STATUSES)[number];
export type TeacherApplicationMatch = 'zip' | 'county' | 'state' | 'staff';

export interface TeacherApplicationsTable {
  id: string;
  programYearId: string;
  courseId: string;
  userId: string;
  /** A directory school; null when the teacher named one the directory lacks. */
  schoolId: string | null;
  unlistedSchoolName: string | null;
  unlistedSchoolZip: string | null;
  /** Where the school is, as routed. */
  state: string | null;
  county: string | null;
  /** Null while no partner serves the school's location: the application waits in the staff queue. */
  partnerId: string | null;
  matchedBy: TeacherApplicationMatch | null;
  status: TeacherApplicationStatus;
  /** JSON: [{ questionId, prompt, answer }], the prompts as they were asked. */
  answers: string;
  enrollmentId: string | null;
  /** The principal the teacher named; asked for when the partner requires the principal's approval. */
  principalName: string | null;
  principalEmail: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A partner's choices about its teacher applications; no row means none asks for anything extra. */
export interface TeacherApplicationSettingsTable {
  partnerId: string;
  principalApprovalRequired: number;
  updatedBy: string | null;
  updatedAt: string;
}

export const PRINCIPAL_APPROVAL_STATUSES = ['pending', 'approved', 'declined'] as const;
export type PrincipalApprovalStatus = (typeof PRINCIPAL_APPROVAL_STATUSES)[number];

/** The request to an application's principal, and the one answer it takes. */
export interface PrincipalApprovalsTable {
  applicationId: string;
  tokenHash: string;
  status: PrincipalApprovalStatus;
  comment: string | null;
  requestedAt: string;
  answeredAt: string | null;
}

export interface TeacherApplicationEventsTable {
  id: string;
  applicationId: string;
  actorId: string | null;
  actorName: string | null;
  fromStatus: TeacherApplicationStatus | null;
  toStatus: TeacherApplicationStatus;
  note: string | null;
  createdAt: string;
}

export interface CohortCapacitiesTable {
  id: string;
  partnerId: string;
  programYearId: string;
  courseId: string;
  capacity: number;
  revision: Generated<number>;
  updatedAt: string;
}
