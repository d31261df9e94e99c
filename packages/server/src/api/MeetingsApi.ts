/**
 * The meetings groups of the HTTP contract: meetings and their participation, meeting statistics,
 * and the member's inbox.
 *
 * @since 0.2.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Ids, Meeting } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit, OrgPath } from "./Common.js"

/** The `{meetingId}` path parameter. @since 0.2.0 @category schemas */
export const MeetingPath = Schema.Struct({ meetingId: Meeting.MeetingId })
const MeetingMemberPath = Schema.Struct({ meetingId: Meeting.MeetingId, memberId: Ids.MemberId })
const MeetingDocumentPath = Schema.Struct({ meetingId: Meeting.MeetingId, documentId: Meeting.DocumentId })
const Period = Schema.Struct({
  from: Schema.optional(Schema.String.pipe(Schema.maxLength(20))),
  to: Schema.optional(Schema.String.pipe(Schema.maxLength(20)))
})

/** @since 0.2.0 @category groups */
export class MeetingsApi extends HttpApiGroup.make("meetings")
  .add(
    HttpApiEndpoint.get("listMeetings", "/orgs/:orgId/meetings")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({
        ...Period.fields,
        status: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(Meeting.MeetingPage)
      .annotate(OpenApi.Summary, "Meetings of an organization's subtree in time order (from/to: Vietnam dates)")
  )
  .add(
    HttpApiEndpoint.post("createMeeting", "/orgs/:orgId/meetings")
      .setPath(OrgPath)
      .setPayload(Meeting.NewMeeting)
      .addSuccess(Meeting.Meeting, { status: 201 })
      .annotate(OpenApi.Summary, "Create a meeting (a draft; invite to schedule it)")
  )
  .add(
    HttpApiEndpoint.post("createMeetingSeries", "/orgs/:orgId/meeting-series")
      .setPath(OrgPath)
      .setPayload(Meeting.NewMeetingSeries)
      .addSuccess(Meeting.MeetingSeries, { status: 201 })
      .annotate(OpenApi.Summary, "Create a monthly series of meetings at the same Vietnam local time")
  )
  .add(HttpApiEndpoint.get("getMeeting", "/meetings/:meetingId").setPath(MeetingPath).addSuccess(Meeting.Meeting))
  .add(
    HttpApiEndpoint.patch("updateMeeting", "/meetings/:meetingId")
      .setPath(MeetingPath)
      .setPayload(Meeting.MeetingUpdate)
      .addSuccess(Meeting.Meeting)
      .annotate(OpenApi.Summary, "Change a meeting that has not started (invited members are told of a new time or place)")
  )
  .add(
    HttpApiEndpoint.post("transitionMeeting", "/meetings/:meetingId/transitions")
      .setPath(MeetingPath)
      .setPayload(Meeting.Transition)
      .addSuccess(Meeting.Meeting)
      .annotate(OpenApi.Summary, "Move a meeting: scheduled, in_progress (opens check-in), concluded, cancelled (with a reason)")
  )
  .add(
    HttpApiEndpoint.post("inviteMembers", "/meetings/:meetingId/invitations")
      .setPath(MeetingPath)
      .addSuccess(Meeting.InvitationResult)
      .annotate(OpenApi.Summary, "Invite every expected member not yet invited (notifier and inbox); schedules a draft")
  )
  .add(
    HttpApiEndpoint.get("listParticipants", "/meetings/:meetingId/participants")
      .setPath(MeetingPath)
      .addSuccess(Meeting.ParticipantList)
      .annotate(OpenApi.Summary, "Invitations, answers and attendance, by member")
  )
  .add(
    HttpApiEndpoint.post("rsvp", "/meetings/:meetingId/rsvp")
      .setPath(MeetingPath)
      .setPayload(Meeting.RsvpRequest)
      .addSuccess(Meeting.Participant)
      .annotate(OpenApi.Summary, "Answer an invitation: attending, or excused with a reason (memberId: a secretary for a member)")
  )
  .add(
    HttpApiEndpoint.put("setAttendance", "/meetings/:meetingId/attendance/:memberId")
      .setPath(MeetingMemberPath)
      .setPayload(Meeting.AttendanceUpdate)
      .addSuccess(Meeting.Participant)
      .annotate(OpenApi.Summary, "Record a member's attendance (secretary; assisted mode records the channel)")
  )
  .add(
    HttpApiEndpoint.get("checkInSecrets", "/meetings/:meetingId/check-in")
      .setPath(MeetingPath)
      .addSuccess(Meeting.CheckInSecrets)
      .annotate(OpenApi.Summary, "The rotating QR token and the 6-digit code to show at the meeting")
  )
  .add(
    HttpApiEndpoint.get("checkInQr", "/meetings/:meetingId/check-in/qr.svg")
      .setPath(MeetingPath)
      .addSuccess(HttpApiSchema.Text({ contentType: "image/svg+xml" }))
      .annotate(OpenApi.Summary, "The current check-in QR code as an SVG image, for the screen at the meeting (fetch again at rotatesAt)")
  )
  .add(
    HttpApiEndpoint.post("checkIn", "/meetings/:meetingId/check-in")
      .setPath(MeetingPath)
      .setPayload(Meeting.CheckInRequest)
      .addSuccess(Meeting.CheckInResult)
      .annotate(OpenApi.Summary, "Check in by QR token or code, or (secretary) for a member; idempotent")
  )
  .add(
    HttpApiEndpoint.get("quorum", "/meetings/:meetingId/quorum")
      .setPath(MeetingPath)
      .addSuccess(Meeting.QuorumReport)
      .annotate(OpenApi.Summary, "The quorum verdict under the meeting's (configurable, unverified) policy, with the numbers")
  )
  .add(HttpApiEndpoint.get("listVotes", "/meetings/:meetingId/votes").setPath(MeetingPath).addSuccess(Meeting.VoteList))
  .add(
    HttpApiEndpoint.post("recordVote", "/meetings/:meetingId/votes")
      .setPath(MeetingPath)
      .setPayload(Meeting.VoteRequest)
      .addSuccess(Meeting.Vote, { status: 201 })
      .annotate(OpenApi.Summary, "Record a vote; the denominator and threshold follow the Charter (rule 7)")
  )
  .add(HttpApiEndpoint.get("getMinutes", "/meetings/:meetingId/minutes").setPath(MeetingPath).addSuccess(Meeting.Minutes))
  .add(
    HttpApiEndpoint.put("putMinutes", "/meetings/:meetingId/minutes")
      .setPath(MeetingPath)
      .setPayload(Meeting.MinutesDraft)
      .addSuccess(Meeting.Minutes)
      .annotate(OpenApi.Summary, "Draft the minutes; counts are filled in from attendance and votes. Final minutes are refused (409)")
  )
  .add(
    HttpApiEndpoint.post("approveMinutes", "/meetings/:meetingId/minutes/approve")
      .setPath(MeetingPath)
      .setPayload(Meeting.ApproveMinutes)
      .addSuccess(Meeting.Minutes)
      .annotate(OpenApi.Summary, "Approve as chair or minute-taker; with both the minutes are final and the meeting published")
  )
  .add(
    HttpApiEndpoint.post("amendMinutes", "/meetings/:meetingId/minutes/amendments")
      .setPath(MeetingPath)
      .setPayload(Meeting.NewAmendment)
      .addSuccess(Meeting.Minutes, { status: 201 })
      .annotate(OpenApi.Summary, "Correct final minutes with an amendment; the original is kept")
  )
  .add(HttpApiEndpoint.get("listMeetingDocuments", "/meetings/:meetingId/documents").setPath(MeetingPath).addSuccess(Meeting.MeetingDocumentList))
  .add(
    HttpApiEndpoint.post("attachDocument", "/meetings/:meetingId/documents")
      .setPath(MeetingPath)
      .setPayload(Meeting.AttachDocument)
      .addSuccess(Meeting.MeetingDocumentList)
      .annotate(OpenApi.Summary, "Attach a document (by symbol or id) and deliver it to every invited member")
  )
  .add(
    HttpApiEndpoint.get("documentReceipts", "/meetings/:meetingId/documents/:documentId/receipts")
      .setPath(MeetingDocumentPath)
      .addSuccess(Meeting.DocumentReceiptList)
      .annotate(OpenApi.Summary, "Per member: delivered, opened, acknowledged")
  )
  .add(
    HttpApiEndpoint.post("openDocument", "/meetings/:meetingId/documents/:documentId/open")
      .setPath(MeetingDocumentPath)
      .setPayload(Meeting.ReceiptRequest)
      .addSuccess(Meeting.MeetingDocumentList)
  )
  .add(
    HttpApiEndpoint.post("acknowledgeDocument", "/meetings/:meetingId/documents/:documentId/acknowledge")
      .setPath(MeetingDocumentPath)
      .setPayload(Meeting.ReceiptRequest)
      .addSuccess(Meeting.MeetingDocumentList)
  )
  .add(
    HttpApiEndpoint.post("remindDocuments", "/meetings/:meetingId/documents/reminders")
      .setPath(MeetingPath)
      .addSuccess(Meeting.ReminderResult)
      .annotate(OpenApi.Summary, "Remind the invited members who have not opened the documents")
  )
  .add(
    HttpApiEndpoint.get("invitationHtml", "/meetings/:meetingId/invitation.html")
      .setPath(MeetingPath)
      .setUrlParams(Schema.Struct({ memberId: Schema.optional(Ids.MemberId) }))
      .addSuccess(HttpApiSchema.Text({ contentType: "text/html; charset=utf-8" }))
      .annotate(OpenApi.Summary, "The invitation as a printable page (A4 print stylesheet)")
  )
  .add(
    HttpApiEndpoint.get("invitationIcs", "/meetings/:meetingId/invitation.ics")
      .setPath(MeetingPath)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/calendar; charset=utf-8" }))
      .annotate(OpenApi.Summary, "The meeting as an iCalendar event (Asia/Ho_Chi_Minh)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Meetings")
{}

/** @since 0.2.0 @category groups */
export class MeetingReportsApi extends HttpApiGroup.make("meetingReports")
  .add(
    HttpApiEndpoint.get("participation", "/orgs/:orgId/reports/participation")
      .setPath(OrgPath)
      .setUrlParams(Period)
      .addSuccess(Meeting.ParticipationReport)
      .annotate(OpenApi.Summary, "Participation in the meetings held between two Vietnam dates: subtree, children, members")
  )
  .add(
    HttpApiEndpoint.get("cadence", "/orgs/:orgId/reports/cadence")
      .setPath(OrgPath)
      .setUrlParams(Period)
      .addSuccess(Meeting.CadenceReport)
      .annotate(OpenApi.Summary, "Cells without a regular meeting in a month or a thematic one in a quarter")
  )
  .add(
    HttpApiEndpoint.get("absences", "/orgs/:orgId/reports/absences")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ year: Schema.optional(Schema.String.pipe(Schema.maxLength(10))) }))
      .addSuccess(Meeting.AbsenceReport)
      .annotate(OpenApi.Summary, "Members with 3 or more absences without reason in a calendar year")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Meeting reports")
{}

/** @since 0.2.0 @category groups */
export class InboxApi extends HttpApiGroup.make("inbox")
  .add(
    HttpApiEndpoint.get("listNotifications", "/me/notifications")
      .setUrlParams(Schema.Struct({
        unread: Schema.optional(Schema.BooleanFromString),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(Meeting.NotificationPage)
      .annotate(OpenApi.Summary, "My inbox: invitations, documents, reminders, flags; newest first")
  )
  .add(
    HttpApiEndpoint.post("readNotification", "/me/notifications/:notificationId/read")
      .setPath(Schema.Struct({ notificationId: Schema.UUID }))
      .addSuccess(HttpApiSchema.NoContent)
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Inbox")
{}
