/**
 * The Kysely table interfaces. Columns are snake_case as in SQL; date-only columns are strings
 * (`YYYY-MM-DD`), instants are `Date`, counts are numbers.
 *
 * @since 0.1.0
 */
import type { ColumnType, Generated, JSONColumnType } from "kysely"

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

/** @since 0.1.0 @category models */
export interface OrganizationsTable {
  id: string
  code: string
  name: string
  type: string
  parent_id: string | null
  /** Materialized path: the ids from the root down to this node, each followed by "/". */
  path: string
  depth: number
  /** The province-level ancestor (or itself): the sharding key of every member-scaled table. */
  province_id: string | null
  committee_abbr: string | null
  status: Generated<string>
  /** The organization this one was merged into (status `merged`). */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  created_at: Generated<Date>
}

/** @since 0.1.0 @category models */
export interface MembersTable {
  id: string
  org_id: string
  province_id: string | null
  full_name: string
  name_folded: string
  sort_key: string
  date_of_birth: string
  gender: string
  ethnicity: string | null
  admission_date: string | null
  official_date: string | null
  party_card_number: string | null
  citizen_id: string
  phone: string | null
  status: string
  admission_decision_date: ColumnType<string | null, string | null | undefined, string | null>
  /** The date of the one readmission a member may have (domain brief §5.2). */
  readmitted_on: ColumnType<string | null, string | null | undefined, string | null>
  email: ColumnType<string | null, string | null | undefined, string | null>
  address: ColumnType<string | null, string | null | undefined, string | null>
  created_at: Generated<Date>
  updated_at: Timestamp
  /** When `status` last changed (kept by a trigger). */
  status_changed_at: Generated<Date>
  anonymized_at: Date | null
}

/** @since 0.1.0 @category models */
export interface AccountsTable {
  id: string
  member_id: string | null
  username: string | null
  status: string
  password_hash: string | null
  activated_at: Date | null
  created_at: Generated<Date>
  updated_at: Timestamp
  disabled_reason: Generated<string | null>
  /** The member's province when the account was created or activated (set by a trigger). */
  province_id: Generated<string | null>
}

/** @since 0.1.0 @category models */
export interface SessionsTable {
  token_hash: string
  account_id: string
  created_at: Generated<Date>
  expires_at: Date
  revoked_at: Date | null
  id: Generated<string>
  client_address: Generated<string | null>
  user_agent: Generated<string | null>
}

/** @since 0.1.0 @category models */
export interface RoleAssignmentsTable {
  id: string
  account_id: string
  org_id: string
  role: string
  created_at: Generated<Date>
}

/** @since 0.1.0 @category models */
export interface AuditLogTable {
  id: Generated<number>
  at: Generated<Date>
  actor_account_id: string | null
  action: string
  org_id: string | null
  target_type: string | null
  target_id: string | null
  detail: JSONColumnType<Record<string, unknown>>
  on_behalf_of: Generated<string | null>
  channel: Generated<string | null>
  /** The chain: null until the sealer reaches the entry (migration 0005). */
  seq: Generated<number | null>
  prev_hash: Generated<string | null>
  hash: Generated<string | null>
}

/** @since 0.3.0 @category models */
export interface IdempotencyKeysTable {
  key_hash: string
  request_hash: string
  /** Null while the first request runs. */
  status: number | null
  content_type: string | null
  body: Uint8Array | null
  created_at: Generated<Date>
}

/** @since 0.2.0 @category models */
export interface OneTimeCodesTable {
  id: string
  purpose: string
  subject_id: string
  code_hash: string
  attempts: Generated<number>
  expires_at: Date
  consumed_at: Date | null
  created_at: Generated<Date>
}

/** @since 0.2.0 @category models */
export interface RegistrationsTable {
  id: string
  org_id: string
  member_id: string | null
  full_name: string
  date_of_birth: string
  citizen_id: string
  party_card_number: string | null
  phone: string
  password_hash: string | null
  status: string
  reason: string | null
  decided_by: string | null
  decided_at: Date | null
  account_id: string | null
  created_at: Generated<Date>
  updated_at: Timestamp
}

/** @since 0.2.0 @category models */
export interface LoginThrottleTable {
  key: string
  failures: number
  window_start: Date
  blocked_until: Date | null
}

/** @since 0.2.0 @category models */
export interface MemberTransitionsTable {
  id: string
  member_id: string
  org_id: string
  kind: string
  from_status: string | null
  to_status: string
  effective_date: string
  decision_symbol: string | null
  decision_date: string | null
  reason: string | null
  votes_for: number | null
  votes_eligible: number | null
  recorded_at: Generated<Date>
  recorded_by: string | null
}

/** @since 0.2.0 @category models */
export interface TransfersTable {
  id: string
  member_id: string
  kind: string
  from_org_id: string
  to_org_id: string
  status: string
  letter_symbol: string | null
  issued_on: string
  until: string | null
  received_on: string | null
  ended_on: string | null
  created_at: Generated<Date>
  updated_at: Timestamp
}

/** A member's placements: the official one (members.org_id) and an active temporary one. @since 0.2.0 @category models */
export interface MemberPlacementsView {
  member_id: string
  org_id: string
  kind: string
  since: string | null
  until: string | null
  transfer_id: string | null
}

/** @since 0.2.0 @category models */
export interface DocumentsTable {
  id: string
  symbol: string
  kind: string
  issuing_organ: string
  issued_on: string
  title: string
  confidentiality: string
  created_at: Generated<Date>
}

/** @since 0.2.0 @category models */
export interface MeetingsTable {
  id: string
  org_id: string
  province_id: string | null
  series_id: string | null
  kind: string
  status: string
  starts_at: Timestamp
  ends_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  place: string
  topic: string
  agenda: JSONColumnType<ReadonlyArray<string>>
  chair_id: string | null
  minute_taker_id: string | null
  quorum_policy: JSONColumnType<{ rule: string; base: string }>
  checkin_secret: string
  checkin_code: string | null
  cancelled_reason: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Timestamp
}

type Instant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>

/** @since 0.2.0 @category models */
export interface MeetingParticipantsTable {
  meeting_id: string
  member_id: string
  category: string
  invited_at: Instant
  read_at: Instant
  rsvp: string | null
  rsvp_reason: string | null
  rsvp_at: Instant
  attendance: string | null
  absence_reason: string | null
  checked_in_at: Instant
  check_in_method: string | null
  failed_code_attempts: Generated<number>
  recorded_by: string | null
  on_behalf_of: string | null
  channel: string | null
  updated_at: Timestamp
}

/** @since 0.2.0 @category models */
export interface MeetingDocumentsTable {
  meeting_id: string
  document_id: string
  attached_at: Generated<Date>
  attached_by: string | null
}

/** @since 0.2.0 @category models */
export interface DocumentReceiptsTable {
  meeting_id: string
  document_id: string
  member_id: string
  delivered_at: Timestamp
  opened_at: Instant
  acknowledged_at: Instant
  reminded_at: Instant
  recorded_by: string | null
  on_behalf_of: string | null
  channel: string | null
}

/** @since 0.2.0 @category models */
export interface MeetingVotesTable {
  id: string
  meeting_id: string
  subject: string
  kind: string
  subject_member_id: string | null
  eligible: number
  yes: number
  no: number
  abstain: number
  threshold: string
  yes_needed: number
  passed: boolean
  denominator: JSONColumnType<Record<string, number>>
  recorded_by: string | null
  created_at: Generated<Date>
}

/** @since 0.2.0 @category models */
export interface MeetingMinutesTable {
  meeting_id: string
  status: string
  contents: string
  opinions: string
  conclusions: string
  guests: JSONColumnType<ReadonlyArray<string>>
  counts: JSONColumnType<Record<string, unknown>>
  chair_approved_at: Instant
  chair_approval: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  minute_taker_approved_at: Instant
  minute_taker_approval: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  finalized_at: Instant
  updated_by: string | null
  updated_at: Timestamp
}

/** @since 0.2.0 @category models */
export interface MeetingMinutesAmendmentsTable {
  id: string
  meeting_id: string
  text: string
  reason: string
  recorded_by: string | null
  created_at: Generated<Date>
}

/** @since 0.2.0 @category models */
export interface NotificationsTable {
  id: string
  member_id: string | null
  account_id: string | null
  kind: string
  text: JSONColumnType<{ vi: string; en: string }>
  meeting_id: string | null
  data: JSONColumnType<Record<string, unknown>>
  delivered: Generated<boolean>
  created_at: Generated<Date>
  read_at: Instant
}

/**
 * The whole database.
 *
 * @since 0.1.0
 * @category models
 */
export interface DB {
  organizations: OrganizationsTable
  members: MembersTable
  accounts: AccountsTable
  sessions: SessionsTable
  role_assignments: RoleAssignmentsTable
  audit_log: AuditLogTable
  one_time_codes: OneTimeCodesTable
  registrations: RegistrationsTable
  login_throttle: LoginThrottleTable
  member_transitions: MemberTransitionsTable
  transfers: TransfersTable
  member_placements: MemberPlacementsView
  documents: DocumentsTable
  meetings: MeetingsTable
  meeting_participants: MeetingParticipantsTable
  meeting_documents: MeetingDocumentsTable
  document_receipts: DocumentReceiptsTable
  meeting_votes: MeetingVotesTable
  meeting_minutes: MeetingMinutesTable
  meeting_minutes_amendments: MeetingMinutesAmendmentsTable
  notifications: NotificationsTable
  idempotency_keys: IdempotencyKeysTable
}
