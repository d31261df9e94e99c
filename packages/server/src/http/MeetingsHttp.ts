/**
 * Handlers of the meetings, meeting reports and inbox groups.
 *
 * @since 0.2.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Inbox, MeetingDocuments, MeetingReports, Meetings } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.2.0 @category layers */
export const MeetingsLive = HttpApiBuilder.group(SotayApi, "meetings", (handlers) =>
  handlers
    .handle("listMeetings", ({ path, urlParams }) => inRequest(Meetings.list(path.orgId, urlParams)))
    .handle("createMeeting", ({ path, payload }) => inRequest(Meetings.create(path.orgId, payload)))
    .handle("createMeetingSeries", ({ path, payload }) => inRequest(Meetings.createSeries(path.orgId, payload)))
    .handle("getMeeting", ({ path }) => inRequest(Meetings.get(path.meetingId)))
    .handle("updateMeeting", ({ path, payload }) => inRequest(Meetings.update(path.meetingId, payload)))
    .handle("transitionMeeting", ({ path, payload }) => inRequest(Meetings.transition(path.meetingId, payload.to, payload.reason)))
    .handle("inviteMembers", ({ path }) => inRequest(Meetings.invite(path.meetingId)))
    .handle("listParticipants", ({ path }) => inRequest(Meetings.participants(path.meetingId)))
    .handle("rsvp", ({ path, payload }) => inRequest(Meetings.rsvp(path.meetingId, payload)))
    .handle("setAttendance", ({ path, payload }) => inRequest(Meetings.setAttendance(path.meetingId, path.memberId, payload)))
    .handle("checkInSecrets", ({ path }) => inRequest(Meetings.checkInSecrets(path.meetingId)))
    .handle("checkInQr", ({ path }) => inRequest(Meetings.checkInQrSvg(path.meetingId)))
    .handle("checkIn", ({ path, payload }) => inRequest(Meetings.checkIn(path.meetingId, payload)))
    .handle("quorum", ({ path }) => inRequest(Meetings.quorum(path.meetingId)))
    .handle("listVotes", ({ path }) => inRequest(Meetings.votes(path.meetingId)))
    .handle("recordVote", ({ path, payload }) => inRequest(Meetings.recordVote(path.meetingId, payload)))
    .handle("getMinutes", ({ path }) => inRequest(Meetings.getMinutes(path.meetingId)))
    .handle("putMinutes", ({ path, payload }) => inRequest(Meetings.putMinutes(path.meetingId, payload)))
    .handle("approveMinutes", ({ path, payload }) => inRequest(Meetings.approveMinutes(path.meetingId, payload)))
    .handle("amendMinutes", ({ path, payload }) => inRequest(Meetings.amendMinutes(path.meetingId, payload)))
    .handle("listMeetingDocuments", ({ path }) => inRequest(MeetingDocuments.list(path.meetingId)))
    .handle("attachDocument", ({ path, payload }) => inRequest(MeetingDocuments.attach(path.meetingId, payload)))
    .handle("documentReceipts", ({ path }) => inRequest(MeetingDocuments.receipts(path.meetingId, path.documentId)))
    .handle("openDocument", ({ path, payload }) => inRequest(MeetingDocuments.mark(path.meetingId, path.documentId, "opened", payload)))
    .handle("acknowledgeDocument", ({ path, payload }) =>
      inRequest(MeetingDocuments.mark(path.meetingId, path.documentId, "acknowledged", payload)))
    .handle("remindDocuments", ({ path }) => inRequest(MeetingDocuments.remind(path.meetingId)))
    .handle("invitationHtml", ({ path, urlParams }) => inRequest(MeetingDocuments.invitationHtml(path.meetingId, urlParams.memberId)))
    .handle("invitationIcs", ({ path }) => inRequest(MeetingDocuments.ics(path.meetingId))))

/** @since 0.2.0 @category layers */
export const MeetingReportsLive = HttpApiBuilder.group(SotayApi, "meetingReports", (handlers) =>
  handlers
    .handle("participation", ({ path, urlParams }) => inRequest(MeetingReports.participation(path.orgId, urlParams.from, urlParams.to)))
    .handle("cadence", ({ path, urlParams }) => inRequest(MeetingReports.cadence(path.orgId, urlParams.from, urlParams.to)))
    .handle("absences", ({ path, urlParams }) => inRequest(MeetingReports.absences(path.orgId, urlParams.year))))

/** @since 0.2.0 @category layers */
export const InboxLive = HttpApiBuilder.group(SotayApi, "inbox", (handlers) =>
  handlers
    .handle("listNotifications", ({ urlParams }) => inRequest(Inbox.list(urlParams)))
    .handle("readNotification", ({ path }) => inRequest(Inbox.markRead(path.notificationId))))
