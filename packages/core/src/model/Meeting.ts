/**
 * Cell meetings (domain brief §6, §12.1): meetings, participants (invitation, RSVP, attendance),
 * documents sent before them, votes, minutes, inbox notifications and the participation and
 * cadence reports.
 *
 * Instants travel as ISO 8601 with the `+07:00` offset (Asia/Ho_Chi_Minh); dates as `YYYY-MM-DD`.
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { MemberId, OrgId } from "./Ids.js"
import { DateOnly } from "./Member.js"

/** @since 0.2.0 @category ids */
export const MeetingId = Schema.UUID.pipe(Schema.brand("MeetingId")).annotations({ identifier: "MeetingId" })
/** @since 0.2.0 @category ids */
export type MeetingId = typeof MeetingId.Type

/** @since 0.2.0 @category ids */
export const DocumentId = Schema.UUID.pipe(Schema.brand("DocumentId")).annotations({ identifier: "DocumentId" })
/** @since 0.2.0 @category ids */
export type DocumentId = typeof DocumentId.Type

/** An instant: ISO 8601 with offset, sent as `+07:00`. @since 0.2.0 @category models */
export const Instant = Schema.String.annotations({
  identifier: "Instant",
  description: "An instant, ISO 8601 with offset (sent as +07:00, Asia/Ho_Chi_Minh); input without an offset is read as Vietnam time",
  examples: ["2026-01-15T19:30:00+07:00"]
})

/** @since 0.2.0 @category models */
export const MeetingKind = Schema.Literal("regular_monthly", "thematic", "extraordinary", "cell_committee", "admission_ceremony")
  .annotations({ identifier: "MeetingKind" })
/** @since 0.2.0 @category models */
export type MeetingKind = typeof MeetingKind.Type

/** @since 0.2.0 @category models */
export const MeetingStatus = Schema.Literal("draft", "scheduled", "in_progress", "concluded", "published", "cancelled")
  .annotations({ identifier: "MeetingStatus" })

/** @since 0.2.0 @category models */
export const AttendanceStatus = Schema.Literal("present", "absent_with_reason", "absent_without_reason", "not_required")
  .annotations({ identifier: "AttendanceStatus" })

/** How an assisted record was taken. @since 0.2.0 @category models */
export const Channel = Schema.Literal("app", "paper", "phone", "in_person").annotations({ identifier: "Channel" })
/** @since 0.2.0 @category models */
export type Channel = typeof Channel.Type

/** @since 0.2.0 @category models */
export const QuorumPolicy = Schema.Struct({
  rule: Schema.Literal("none", "more_than_half", "at_least_two_thirds"),
  base: Schema.Literal("eligible_voters", "expected_members")
}).annotations({
  identifier: "QuorumPolicy",
  description: "Configurable: no source confirms a quorum rule for ordinary cell meetings (unverified). Default more_than_half of eligible_voters."
})

/** Text of at most `max` characters with something in it besides spaces (it is stored trimmed). */
const Text = (max: number) =>
  Schema.String.pipe(
    Schema.minLength(1),
    Schema.maxLength(max),
    Schema.filter((text) => text.trim().length > 0 || "must contain more than spaces", { jsonSchema: {} })
  )
const Reason = Schema.String.pipe(Schema.maxLength(1000))

/** @since 0.2.0 @category models */
export const NewMeeting = Schema.Struct({
  kind: MeetingKind,
  startsAt: Schema.String,
  endsAt: Schema.optional(Schema.NullOr(Schema.String)),
  place: Text(300),
  topic: Text(500),
  agenda: Schema.optional(Schema.Array(Text(500)).pipe(Schema.maxItems(50))),
  chairId: Schema.optional(Schema.NullOr(MemberId)),
  minuteTakerId: Schema.optional(Schema.NullOr(MemberId)),
  quorumPolicy: Schema.optional(QuorumPolicy)
}).annotations({ identifier: "NewMeeting", parseOptions: { onExcessProperty: "error" } })
/** @since 0.2.0 @category models */
export type NewMeeting = typeof NewMeeting.Type

/**
 * A monthly series: `months` meetings, one a month at the same Vietnam local time and day of the
 * month (clamped to the month's last day), the first at `startsAt`.
 *
 * @since 0.2.0
 * @category models
 */
export const NewMeetingSeries = Schema.Struct({
  ...NewMeeting.fields,
  months: Schema.Int.pipe(Schema.between(2, 12))
}).annotations({ identifier: "NewMeetingSeries", parseOptions: { onExcessProperty: "error" } })
/** @since 0.2.0 @category models */
export type NewMeetingSeries = typeof NewMeetingSeries.Type

/** @since 0.2.0 @category models */
export const MeetingUpdate = Schema.Struct({
  startsAt: Schema.optional(Schema.String),
  endsAt: Schema.optional(Schema.NullOr(Schema.String)),
  place: Schema.optional(Text(300)),
  topic: Schema.optional(Text(500)),
  agenda: Schema.optional(Schema.Array(Text(500)).pipe(Schema.maxItems(50))),
  chairId: Schema.optional(Schema.NullOr(MemberId)),
  minuteTakerId: Schema.optional(Schema.NullOr(MemberId)),
  quorumPolicy: Schema.optional(QuorumPolicy)
}).annotations({ identifier: "MeetingUpdate", parseOptions: { onExcessProperty: "error" } })
/** @since 0.2.0 @category models */
export type MeetingUpdate = typeof MeetingUpdate.Type

/** @since 0.2.0 @category models */
export const Transition = Schema.Struct({
  to: Schema.Literal("scheduled", "in_progress", "concluded", "cancelled"),
  reason: Schema.optional(Reason)
}).annotations({ identifier: "MeetingTransition", parseOptions: { onExcessProperty: "error" } })

/** Participation counts of a meeting. @since 0.2.0 @category models */
export const MeetingCounts = Schema.Struct({
  expected: Schema.Int,
  invited: Schema.Int,
  present: Schema.Int,
  absentWithReason: Schema.Int,
  absentWithoutReason: Schema.Int,
  notRequired: Schema.Int,
  unrecorded: Schema.Int,
  excusedInAdvance: Schema.Int
}).annotations({ identifier: "MeetingCounts" })

/** The actor's own part in a meeting. @since 0.2.0 @category models */
export const MyParticipation = Schema.Struct({
  memberId: MemberId,
  invitedAt: Schema.NullOr(Instant),
  rsvp: Schema.NullOr(Schema.Literal("attending", "excused")),
  attendance: Schema.NullOr(AttendanceStatus),
  checkedInAt: Schema.NullOr(Instant)
}).annotations({ identifier: "MyParticipation" })

/** @since 0.2.0 @category models */
export const Meeting = Schema.Struct({
  id: MeetingId,
  orgId: OrgId,
  orgName: Schema.String,
  seriesId: Schema.NullOr(Schema.String),
  kind: MeetingKind,
  status: MeetingStatus,
  nextStates: Schema.Array(MeetingStatus),
  startsAt: Instant,
  endsAt: Schema.NullOr(Instant),
  localDate: DateOnly,
  localTime: Schema.String,
  timeZone: Schema.Literal("Asia/Ho_Chi_Minh"),
  place: Schema.String,
  topic: Schema.String,
  agenda: Schema.Array(Schema.String),
  chairId: Schema.NullOr(MemberId),
  chairName: Schema.NullOr(Schema.String),
  minuteTakerId: Schema.NullOr(MemberId),
  minuteTakerName: Schema.NullOr(Schema.String),
  quorumPolicy: QuorumPolicy,
  cancelledReason: Schema.NullOr(Schema.String),
  counts: MeetingCounts,
  me: Schema.NullOr(MyParticipation),
  createdAt: Instant,
  updatedAt: Instant
}).annotations({ identifier: "Meeting" })
/** @since 0.2.0 @category models */
export type Meeting = typeof Meeting.Type

/** @since 0.2.0 @category models */
export const MeetingSummary = Schema.Struct({
  id: MeetingId,
  orgId: OrgId,
  orgName: Schema.String,
  kind: MeetingKind,
  status: MeetingStatus,
  startsAt: Instant,
  localDate: DateOnly,
  place: Schema.String,
  topic: Schema.String
}).annotations({ identifier: "MeetingSummary" })
/** @since 0.2.0 @category models */
export type MeetingSummary = typeof MeetingSummary.Type

/** @since 0.2.0 @category models */
export const MeetingPage = Schema.Struct({
  items: Schema.Array(MeetingSummary),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "MeetingPage" })

/** @since 0.2.0 @category models */
export const MeetingSeries = Schema.Struct({
  items: Schema.Array(Meeting)
}).annotations({ identifier: "MeetingSeries" })

/** One expected member: invitation, RSVP and attendance. @since 0.2.0 @category models */
export const Participant = Schema.Struct({
  memberId: MemberId,
  fullName: Schema.String,
  category: Schema.Literal("official", "probationary", "temporary", "exempt", "other"),
  invitedAt: Schema.NullOr(Instant),
  readAt: Schema.NullOr(Instant),
  rsvp: Schema.NullOr(Schema.Literal("attending", "excused")),
  rsvpReason: Schema.NullOr(Schema.String),
  attendance: Schema.NullOr(AttendanceStatus),
  absenceReason: Schema.NullOr(Schema.String),
  checkedInAt: Schema.NullOr(Instant),
  checkInMethod: Schema.NullOr(Schema.Literal("qr", "code", "secretary")),
  recordedBy: Schema.NullOr(Schema.String),
  onBehalfOf: Schema.NullOr(MemberId),
  channel: Schema.NullOr(Channel)
}).annotations({ identifier: "Participant" })
/** @since 0.2.0 @category models */
export type Participant = typeof Participant.Type

/** @since 0.2.0 @category models */
export const ParticipantList = Schema.Struct({ items: Schema.Array(Participant) }).annotations({ identifier: "ParticipantList" })

/** @since 0.2.0 @category models */
export const InvitationResult = Schema.Struct({
  invited: Schema.Int,
  alreadyInvited: Schema.Int,
  notified: Schema.Int,
  meeting: Meeting
}).annotations({ identifier: "InvitationResult" })

/** @since 0.2.0 @category models */
export const RsvpRequest = Schema.Struct({
  response: Schema.Literal("attending", "excused"),
  reason: Schema.optional(Reason),
  memberId: Schema.optional(MemberId),
  channel: Schema.optional(Channel)
}).annotations({ identifier: "RsvpRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const AttendanceUpdate = Schema.Struct({
  status: AttendanceStatus,
  reason: Schema.optional(Reason),
  channel: Schema.optional(Channel)
}).annotations({ identifier: "AttendanceUpdate", parseOptions: { onExcessProperty: "error" } })

/**
 * A check-in: by the rotating QR token, by the 6-digit code, or (a secretary, assisted mode) for
 * `memberId` with the channel it was taken through.
 *
 * @since 0.2.0
 * @category models
 */
export const CheckInRequest = Schema.Struct({
  qrToken: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
  code: Schema.optional(Schema.String.pipe(Schema.maxLength(20))),
  memberId: Schema.optional(MemberId),
  channel: Schema.optional(Channel)
}).annotations({ identifier: "CheckInRequest", parseOptions: { onExcessProperty: "error" } })
/** @since 0.2.0 @category models */
export type CheckInRequest = typeof CheckInRequest.Type

/** @since 0.2.0 @category models */
export const CheckInResult = Schema.Struct({
  memberId: MemberId,
  attendance: AttendanceStatus,
  checkedInAt: Instant,
  method: Schema.Literal("qr", "code", "secretary"),
  changed: Schema.Boolean
}).annotations({ identifier: "CheckInResult" })

/** What the screen at the meeting shows. @since 0.2.0 @category models */
export const CheckInSecrets = Schema.Struct({
  qrToken: Schema.String,
  qrPayload: Schema.String,
  rotatesAt: Instant,
  validUntil: Instant,
  code: Schema.String
}).annotations({ identifier: "CheckInSecrets" })

/** Rule 7's denominator, with each exclusion. @since 0.2.0 @category models */
export const Denominator = Schema.Struct({
  officialMembers: Schema.Int,
  excludedTemporarilyAway: Schema.Int,
  excludedAbsentExempt: Schema.Int,
  excludedSuspended: Schema.Int,
  excludedAbsentWithReason: Schema.Int,
  probationaryNotVoting: Schema.Int,
  eligible: Schema.Int,
  presentEligible: Schema.Int
}).annotations({ identifier: "Denominator" })

/** @since 0.2.0 @category models */
export const QuorumReport = Schema.Struct({
  meetingId: MeetingId,
  policy: QuorumPolicy,
  base: Schema.Int,
  present: Schema.Int,
  required: Schema.Int,
  met: Schema.Boolean,
  verified: Schema.Literal(false),
  note: Schema.String,
  expected: Schema.Int,
  presentExpected: Schema.Int,
  denominator: Denominator
}).annotations({ identifier: "QuorumReport" })

/** @since 0.2.0 @category models */
export const VoteKind = Schema.Literal("ordinary", "admission", "official_recognition", "probationary_removal")
  .annotations({ identifier: "VoteKind" })

/** @since 0.2.0 @category models */
export const VoteRequest = Schema.Struct({
  subject: Text(500),
  kind: VoteKind,
  subjectMemberId: Schema.optional(MemberId),
  yes: Schema.Int,
  no: Schema.Int,
  abstain: Schema.Int
}).annotations({ identifier: "VoteRequest", parseOptions: { onExcessProperty: "error" } })
/** @since 0.2.0 @category models */
export type VoteRequest = typeof VoteRequest.Type

/** @since 0.2.0 @category models */
export const Vote = Schema.Struct({
  id: Schema.String,
  subject: Schema.String,
  kind: VoteKind,
  subjectMemberId: Schema.NullOr(MemberId),
  eligible: Schema.Int,
  yes: Schema.Int,
  no: Schema.Int,
  abstain: Schema.Int,
  threshold: Schema.Literal("more_than_half", "at_least_two_thirds"),
  yesNeeded: Schema.Int,
  passed: Schema.Boolean,
  denominator: Denominator,
  recordedAt: Instant
}).annotations({ identifier: "Vote" })
/** @since 0.2.0 @category models */
export type Vote = typeof Vote.Type

/** @since 0.2.0 @category models */
export const VoteList = Schema.Struct({ items: Schema.Array(Vote) }).annotations({ identifier: "VoteList" })

/** The membership and attendance counts of the minutes template (§6.2). @since 0.2.0 @category models */
export const MinutesCounts = Schema.Struct({
  totalMembers: Schema.Int,
  official: Schema.Int,
  probationary: Schema.Int,
  temporary: Schema.Int,
  exempt: Schema.Int,
  temporarilyAway: Schema.Int,
  attended: Schema.Int,
  attendedOfficial: Schema.Int,
  attendedProbationary: Schema.Int,
  attendedTemporary: Schema.Int,
  absent: Schema.Int,
  absentWithReason: Schema.Int,
  absentWithoutReason: Schema.Int,
  absencesWithReason: Schema.Array(Schema.Struct({ memberId: MemberId, fullName: Schema.String, reason: Schema.String })),
  absencesWithoutReason: Schema.Array(Schema.Struct({ memberId: MemberId, fullName: Schema.String }))
}).annotations({ identifier: "MinutesCounts" })

/** @since 0.2.0 @category models */
export const MinutesDraft = Schema.Struct({
  contents: Text(50_000),
  opinions: Schema.optional(Schema.String.pipe(Schema.maxLength(100_000))),
  conclusions: Schema.optional(Schema.String.pipe(Schema.maxLength(50_000))),
  guests: Schema.optional(Schema.Array(Text(200)).pipe(Schema.maxItems(100)))
}).annotations({ identifier: "MinutesDraft", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const Approval = Schema.Struct({
  at: Instant,
  memberId: MemberId,
  recordedBy: Schema.String,
  channel: Channel
}).annotations({ identifier: "MinutesApproval" })

/** @since 0.2.0 @category models */
export const Amendment = Schema.Struct({
  id: Schema.String,
  text: Schema.String,
  reason: Schema.String,
  recordedBy: Schema.NullOr(Schema.String),
  recordedAt: Instant
}).annotations({ identifier: "MinutesAmendment" })

/** @since 0.2.0 @category models */
export const Minutes = Schema.Struct({
  meetingId: MeetingId,
  status: Schema.Literal("draft", "final"),
  heading: Schema.String,
  orgName: Schema.String,
  startsAt: Instant,
  place: Schema.String,
  chair: Schema.NullOr(Schema.String),
  minuteTaker: Schema.NullOr(Schema.String),
  counts: MinutesCounts,
  votes: Schema.Array(Vote),
  documents: Schema.Array(Schema.String),
  contents: Schema.String,
  opinions: Schema.String,
  conclusions: Schema.String,
  guests: Schema.Array(Schema.String),
  chairApproval: Schema.NullOr(Approval),
  minuteTakerApproval: Schema.NullOr(Approval),
  finalizedAt: Schema.NullOr(Instant),
  amendments: Schema.Array(Amendment)
}).annotations({ identifier: "Minutes" })
/** @since 0.2.0 @category models */
export type Minutes = typeof Minutes.Type

/** @since 0.2.0 @category models */
export const ApproveMinutes = Schema.Struct({
  as: Schema.Literal("chair", "minute_taker"),
  channel: Schema.optional(Channel)
}).annotations({ identifier: "ApproveMinutes", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const NewAmendment = Schema.Struct({
  text: Text(50_000),
  reason: Text(1000)
}).annotations({ identifier: "NewAmendment", parseOptions: { onExcessProperty: "error" } })

/** A Party document, as attached to a meeting. @since 0.2.0 @category models */
export const DocumentSummary = Schema.Struct({
  id: DocumentId,
  symbol: Schema.String,
  kind: Schema.String,
  issuingOrgan: Schema.String,
  issuedOn: DateOnly,
  title: Schema.String,
  confidentiality: Schema.Literal("PUBLIC", "INTERNAL")
}).annotations({ identifier: "DocumentSummary" })

/** @since 0.2.0 @category models */
export const MeetingDocument = Schema.Struct({
  document: DocumentSummary,
  attachedAt: Instant,
  delivered: Schema.Int,
  opened: Schema.Int,
  acknowledged: Schema.Int,
  mine: Schema.NullOr(Schema.Struct({ deliveredAt: Instant, openedAt: Schema.NullOr(Instant), acknowledgedAt: Schema.NullOr(Instant) }))
}).annotations({ identifier: "MeetingDocument" })

/** @since 0.2.0 @category models */
export const MeetingDocumentList = Schema.Struct({ items: Schema.Array(MeetingDocument) }).annotations({ identifier: "MeetingDocumentList" })

/** @since 0.2.0 @category models */
export const AttachDocument = Schema.Struct({
  documentId: Schema.optional(DocumentId),
  symbol: Schema.optional(Schema.String.pipe(Schema.maxLength(50)))
}).annotations({ identifier: "AttachDocument", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const DocumentReceipt = Schema.Struct({
  memberId: MemberId,
  fullName: Schema.String,
  deliveredAt: Instant,
  openedAt: Schema.NullOr(Instant),
  acknowledgedAt: Schema.NullOr(Instant),
  remindedAt: Schema.NullOr(Instant),
  channel: Schema.NullOr(Channel),
  onBehalfOf: Schema.NullOr(MemberId)
}).annotations({ identifier: "DocumentReceipt" })

/** @since 0.2.0 @category models */
export const DocumentReceiptList = Schema.Struct({ items: Schema.Array(DocumentReceipt) }).annotations({ identifier: "DocumentReceiptList" })

/** Opening or acknowledging a document, for oneself or (assisted) for a member. @since 0.2.0 @category models */
export const ReceiptRequest = Schema.Struct({
  memberId: Schema.optional(MemberId),
  channel: Schema.optional(Channel)
}).annotations({ identifier: "ReceiptRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export const ReminderResult = Schema.Struct({ reminded: Schema.Int }).annotations({ identifier: "ReminderResult" })

/** One message in a member's inbox. @since 0.2.0 @category models */
export const Notification = Schema.Struct({
  id: Schema.String,
  kind: Schema.String,
  text: Schema.String,
  meetingId: Schema.NullOr(MeetingId),
  createdAt: Instant,
  readAt: Schema.NullOr(Instant)
}).annotations({ identifier: "Notification" })

/** @since 0.2.0 @category models */
export const NotificationPage = Schema.Struct({
  items: Schema.Array(Notification),
  nextCursor: Schema.NullOr(Schema.String),
  unread: Schema.Int
}).annotations({ identifier: "NotificationPage" })

/** Participation figures of an organization's subtree or one member. @since 0.2.0 @category models */
export const ParticipationRow = Schema.Struct({
  orgId: OrgId,
  name: Schema.String,
  meetingsHeld: Schema.Int,
  invited: Schema.Int,
  present: Schema.Int,
  absentWithReason: Schema.Int,
  absentWithoutReason: Schema.Int,
  notRequired: Schema.Int,
  attendanceRate: Schema.Number
}).annotations({ identifier: "ParticipationRow" })

/** @since 0.2.0 @category models */
export const MemberParticipation = Schema.Struct({
  memberId: MemberId,
  fullName: Schema.String,
  invited: Schema.Int,
  present: Schema.Int,
  absentWithReason: Schema.Int,
  absentWithoutReason: Schema.Int,
  notRequired: Schema.Int,
  attendanceRate: Schema.Number,
  flaggedYears: Schema.Array(Schema.Int)
}).annotations({ identifier: "MemberParticipation" })

/** @since 0.2.0 @category models */
export const ParticipationReport = Schema.Struct({
  ...ParticipationRow.fields,
  from: DateOnly,
  to: DateOnly,
  denominators: Schema.Struct({ attendanceRate: Schema.String, absenceFlag: Schema.String }),
  children: Schema.Array(ParticipationRow),
  members: Schema.Array(MemberParticipation)
}).annotations({ identifier: "ParticipationReport" })

/** @since 0.2.0 @category models */
export const CellCadence = Schema.Struct({
  orgId: OrgId,
  name: Schema.String,
  regularHeld: Schema.Int,
  thematicHeld: Schema.Int,
  monthsWithoutRegular: Schema.Array(Schema.String),
  quartersWithoutThematic: Schema.Array(Schema.String),
  compliant: Schema.Boolean
}).annotations({ identifier: "CellCadence" })

/** @since 0.2.0 @category models */
export const CadenceReport = Schema.Struct({
  orgId: OrgId,
  name: Schema.String,
  from: DateOnly,
  to: DateOnly,
  months: Schema.Array(Schema.String),
  quarters: Schema.Array(Schema.String),
  cellsChecked: Schema.Int,
  compliantCells: Schema.Int,
  cellsWithoutRegular: Schema.Int,
  cellsWithoutThematic: Schema.Int,
  note: Schema.String,
  cells: Schema.Array(CellCadence)
}).annotations({ identifier: "CadenceReport" })

/** Members flagged for the secretary (rule 6). @since 0.2.0 @category models */
export const AbsenceReport = Schema.Struct({
  orgId: OrgId,
  year: Schema.Int,
  threshold: Schema.Int,
  flagged: Schema.Array(Schema.Struct({
    memberId: MemberId,
    fullName: Schema.String,
    orgId: OrgId,
    absencesWithoutReason: Schema.Int
  }))
}).annotations({ identifier: "AbsenceReport" })
