/**
 * Cell meetings: schedule (one or a monthly series), invite the expected members through the
 * notifier, take RSVPs, check in (rotating QR token, 6-digit code, or the secretary for a member:
 * assisted mode), record attendance, evaluate the quorum, record votes against rule 7's
 * denominator, and keep minutes that become final once the chair and the minute-taker approve.
 *
 * Every function reads the acting user from {@link CurrentActor}; a meeting outside the actor's
 * scope answers NotFound, as if it did not exist.
 *
 * @since 0.2.0
 */
import { Clock, Effect } from "effect"
import { type Selectable, sql } from "kysely"
import type { MeetingVotesTable } from "../store/Schema.js"
import { randomBytes, randomInt, randomUUID } from "node:crypto"
import type { Actor } from "../model/Account.js"
import { conflict, type FieldText, forbidden, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import type { Text } from "../model/Locale.js"
import type {
  Channel,
  CheckInRequest,
  Meeting,
  MeetingId,
  MeetingKind,
  MeetingSummary,
  MeetingUpdate,
  Minutes,
  NewMeeting,
  NewMeetingSeries,
  Participant,
  Vote,
  VoteRequest
} from "../model/Meeting.js"
import { type Action, can } from "../rules/Access.js"
import { codeMatches, MAX_CODE_ATTEMPTS, qrToken, verifyQrToken } from "../rules/CheckIn.js"
import { isIsoDate } from "../rules/DateOnly.js"
import { canTransition, isEditable, type MeetingStatus, nextStates } from "../rules/MeetingState.js"
import { qrSvg } from "../rules/QrCode.js"
import { DEFAULT_QUORUM, denominator, evaluateQuorum, evaluateVote, type QuorumPolicy, type VoterFacts, type VoteKind } from "../rules/Votes.js"
import { absenceFlag } from "../rules/Cadence.js"
import { addMonthsLocal, formatInstant, localDate, localParts, parseInstant, periodBounds } from "../rules/VietnamTime.js"
import { prepared, query, transactionally, uuidArray } from "../store/Database.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Inbox from "./Inbox.js"
import * as Organizations from "./Organizations.js"

const MEETING_NOT_FOUND: Text = { vi: "Không tìm thấy cuộc họp", en: "Meeting not found" }
const MEMBER_NOT_FOUND: Text = { vi: "Không tìm thấy đảng viên", en: "Member not found" }

/** Meeting kinds in Vietnamese and English, for invitations and minutes. @since 0.2.0 @category constants */
export const KIND_TEXT: Record<MeetingKind, Text> = {
  regular_monthly: { vi: "sinh hoạt chi bộ thường kỳ", en: "regular monthly cell meeting" },
  thematic: { vi: "sinh hoạt chuyên đề", en: "thematic meeting" },
  extraordinary: { vi: "họp chi bộ bất thường", en: "extraordinary cell meeting" },
  cell_committee: { vi: "họp chi ủy", en: "cell committee meeting" },
  admission_ceremony: { vi: "lễ kết nạp đảng viên", en: "admission ceremony" }
}

const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

// ---------------------------------------------------------------------------------------------
// Loading and authorizing

const meetingColumns = [
  "mt.id",
  "mt.org_id",
  "mt.series_id",
  "mt.kind",
  "mt.status",
  "mt.starts_at",
  "mt.ends_at",
  "mt.place",
  "mt.topic",
  "mt.agenda",
  "mt.chair_id",
  "mt.minute_taker_id",
  "mt.quorum_policy",
  "mt.checkin_secret",
  "mt.checkin_code",
  "mt.cancelled_reason",
  "mt.created_at",
  "mt.updated_at",
  "o.name as org_name",
  "o.path as org_path",
  "o.type as org_type"
] as const

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

const loadRow = (meetingId: string) =>
  Effect.flatMap(
    isUuid(meetingId)
      ? query("load meeting", (db) =>
        db.selectFrom("meetings as mt").innerJoin("organizations as o", "o.id", "mt.org_id").select(meetingColumns)
          .where("mt.id", "=", meetingId).executeTakeFirst())
      : Effect.succeed(undefined),
    (row) => (row ? Effect.succeed(row) : notFound(MEETING_NOT_FOUND))
  )

type MeetingRow = Effect.Effect.Success<ReturnType<typeof loadRow>>

/**
 * Loads a meeting and checks the actor may do `action` to it: hidden answers NotFound, visible but
 * off limits Forbidden. A member expected at a meeting outside their own cell (a temporary
 * placement) may read it and take part.
 *
 * @since 0.2.0
 * @category queries
 */
export const authorize = (meetingId: string, action: Action) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* loadRow(meetingId)
    const decision = can(actor, action, { orgPath: row.org_path })
    // A draft is the secretary's working copy: members see a meeting once it is scheduled.
    if (decision.allowed && decision.view !== "full" && row.status === "draft") return yield* notFound(MEETING_NOT_FOUND)
    if (decision.allowed) return { row, actor, view: decision.view }
    if ((action === "meetings.read" || action === "meeting.attend") && actor.memberId) {
      const participant = yield* participantRow(row.id, actor.memberId)
      if (participant) return { row, actor, view: "self" as const }
    }
    // nor does anything else say that a draft exists to someone who may not manage it
    return yield* decision.hidden || row.status === "draft"
      ? notFound(MEETING_NOT_FOUND)
      : forbidden({ vi: "Bạn không có quyền thực hiện thao tác này", en: "You may not do this here" })
  })

const participantRow = (meetingId: string, memberId: string) =>
  query("load participant", (db) =>
    db.selectFrom("meeting_participants").selectAll().where("meeting_id", "=", meetingId).where("member_id", "=", memberId).executeTakeFirst())

/**
 * Who is expected at a meeting: the one place that decides it. Official and probationary members
 * of the meeting's organization (never exempt, suspended or gone), less those temporarily placed
 * in another cell, plus members temporarily placed here (category `temporary`: they attend, but
 * do not count in the host's headcount); for a cell committee meeting, the members who hold a
 * cell secretary, deputy or committee role there.
 *
 * @since 0.2.0
 * @category queries
 */
export const expectedMembers = (meeting: { readonly org_id: string; readonly kind: string }) =>
  query("expected members", (db) => {
    let q = db
      .selectFrom("members as m")
      .leftJoin("accounts as a", "a.member_id", "m.id")
      .select(["m.id as member_id", "m.status", "m.org_id", "m.phone", "a.id as account_id"])
      .where("m.status", "in", ["official", "probationary"])
      .where((eb) => {
        // A temporary placement (issue 3's transfers): the member attends the host cell's meetings,
        // counted as temporary there, and is away from their own cell's.
        const placed = eb.selectFrom("transfers as t").select("t.id")
          .whereRef("t.member_id", "=", "m.id").where("t.kind", "=", "temporary").where("t.status", "=", "received")
        return eb.or([
          eb.and([eb("m.org_id", "=", meeting.org_id), eb.not(eb.exists(placed))]),
          eb.exists(placed.where("t.to_org_id", "=", meeting.org_id))
        ])
      })
    if (meeting.kind === "cell_committee") {
      q = q.where((eb) =>
        eb.exists(
          eb.selectFrom("role_assignments as r").select("r.id")
            .whereRef("r.account_id", "=", "a.id")
            .where("r.org_id", "=", meeting.org_id)
            .where("r.role", "in", ["cell_secretary", "cell_deputy", "committee_member"])
        )
      )
    }
    return q.orderBy("m.sort_key").orderBy("m.id").execute()
  }).pipe(Effect.map((rows) =>
    rows.map((r) => ({
      memberId: r.member_id,
      category: (r.org_id === meeting.org_id ? r.status : "temporary") as "official" | "probationary" | "temporary",
      accountId: r.account_id,
      phone: r.phone
    }))
  ))

const countsOf = (meetingId: string) =>
  query("meeting counts", (db) =>
    db.selectFrom("meeting_participants").select([
      sql<number>`(count(*) filter (where category in ('official', 'probationary', 'temporary')))::int`.as("expected"),
      sql<number>`(count(invited_at))::int`.as("invited"),
      sql<number>`(count(*) filter (where attendance = 'present'))::int`.as("present"),
      sql<number>`(count(*) filter (where attendance = 'absent_with_reason'))::int`.as("absent_with_reason"),
      sql<number>`(count(*) filter (where attendance = 'absent_without_reason'))::int`.as("absent_without_reason"),
      sql<number>`(count(*) filter (where attendance = 'not_required'))::int`.as("not_required"),
      sql<number>`(count(*) filter (where attendance is null and invited_at is not null))::int`.as("unrecorded"),
      sql<number>`(count(*) filter (where rsvp = 'excused'))::int`.as("excused")
    ]).where("meeting_id", "=", meetingId).executeTakeFirstOrThrow())

const memberName = (id: string | null) =>
  id === null
    ? Effect.succeed(null)
    : Effect.map(query("member name", (db) => db.selectFrom("members").select("full_name").where("id", "=", id).executeTakeFirst()), (r) => r?.full_name ?? null)

const toMeeting = (row: MeetingRow, actor: Actor) =>
  Effect.gen(function*() {
    const c = yield* countsOf(row.id)
    const mine = actor.memberId ? yield* participantRow(row.id, actor.memberId) : undefined
    const t = localParts(row.starts_at)
    const meeting: Meeting = {
      id: row.id as MeetingId,
      orgId: row.org_id as OrgId,
      orgName: row.org_name,
      seriesId: row.series_id,
      kind: row.kind as MeetingKind,
      status: row.status as MeetingStatus,
      nextStates: nextStates(row.status as MeetingStatus),
      startsAt: formatInstant(row.starts_at),
      endsAt: row.ends_at ? formatInstant(row.ends_at) : null,
      localDate: localDate(row.starts_at),
      localTime: `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`,
      timeZone: "Asia/Ho_Chi_Minh",
      place: row.place,
      topic: row.topic,
      agenda: [...row.agenda],
      chairId: row.chair_id as MemberId | null,
      chairName: yield* memberName(row.chair_id),
      minuteTakerId: row.minute_taker_id as MemberId | null,
      minuteTakerName: yield* memberName(row.minute_taker_id),
      quorumPolicy: row.quorum_policy as QuorumPolicy,
      cancelledReason: row.cancelled_reason,
      counts: {
        expected: c.expected,
        invited: c.invited,
        present: c.present,
        absentWithReason: c.absent_with_reason,
        absentWithoutReason: c.absent_without_reason,
        notRequired: c.not_required,
        unrecorded: c.unrecorded,
        excusedInAdvance: c.excused
      },
      me: mine
        ? {
          memberId: mine.member_id as MemberId,
          invitedAt: mine.invited_at ? formatInstant(mine.invited_at) : null,
          rsvp: mine.rsvp as "attending" | "excused" | null,
          attendance: mine.attendance as Participant["attendance"],
          checkedInAt: mine.checked_in_at ? formatInstant(mine.checked_in_at) : null
        }
        : null,
      createdAt: formatInstant(row.created_at),
      updatedAt: formatInstant(row.updated_at)
    }
    return meeting
  })

// ---------------------------------------------------------------------------------------------
// Validation

const timeProblem = (field: string, text: string, at: Date): FieldText | Date => {
  const parsed = parseInstant(text)
  if ("problem" in parsed) {
    return {
      field,
      text: parsed.problem === "format"
        ? { vi: "cần ngày giờ ISO 8601, ví dụ 2026-01-15T19:30:00+07:00", en: "expected an ISO 8601 date-time, e.g. 2026-01-15T19:30:00+07:00" }
        : { vi: `${text} không phải là một ngày giờ có thật`, en: `${text} is not a real date and time` }
    }
  }
  if (parsed.instant.getTime() <= at.getTime()) {
    return { field, text: { vi: "thời gian họp đã qua", en: "the meeting time is in the past" } }
  }
  return parsed.instant
}

const checkMembersOfCell = (orgId: string, ids: ReadonlyArray<{ field: string; id: string | null | undefined }>) =>
  Effect.gen(function*() {
    const wanted = ids.filter((i): i is { field: string; id: string } => typeof i.id === "string")
    if (wanted.length === 0) return [] as Array<FieldText>
    const rows = yield* query("check members", (db) =>
      db.selectFrom("members").select("id").where("id", "in", wanted.map((w) => w.id)).where("org_id", "=", orgId)
        .where("status", "in", ["official", "probationary", "exempt"]).execute())
    const found = new Set(rows.map((r) => r.id))
    return wanted.filter((w) => !found.has(w.id)).map((w): FieldText => ({
      field: w.field,
      text: { vi: "không phải đảng viên của tổ chức này", en: "not a member of this organization" }
    }))
  })

const validateTimes = (input: { readonly startsAt?: string | undefined; readonly endsAt?: string | null | undefined }, current: { startsAt: Date; endsAt: Date | null } | null, at: Date) => {
  const problems: Array<FieldText> = []
  let startsAt = current?.startsAt ?? null
  let endsAt = current?.endsAt ?? null
  if (input.startsAt !== undefined) {
    const r = timeProblem("startsAt", input.startsAt, at)
    if (r instanceof Date) startsAt = r
    else problems.push(r)
  }
  if (input.endsAt !== undefined) {
    if (input.endsAt === null) endsAt = null
    else {
      const r = timeProblem("endsAt", input.endsAt, at)
      if (r instanceof Date) endsAt = r
      else problems.push(r)
    }
  }
  if (problems.length === 0 && startsAt && endsAt && endsAt <= startsAt) {
    problems.push({ field: "endsAt", text: { vi: "giờ kết thúc phải sau giờ bắt đầu", en: "must be after startsAt" } })
  }
  return { problems, startsAt, endsAt }
}

// ---------------------------------------------------------------------------------------------
// Scheduling

const insertMeetings = (orgId: string, input: NewMeeting, months: number) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "meetings.manage")
    if (org.status !== "active") {
      return yield* conflict({
        vi: `Tổ chức đã ${org.status === "merged" ? "hợp nhất vào tổ chức khác" : "giải thể"}: không tổ chức họp ở đây được`,
        en: `The organization was ${org.status === "merged" ? "merged into another" : "dissolved"}: no meetings can be held there`
      })
    }
    const actor = yield* CurrentActor
    const at = yield* now
    const times = validateTimes(input, null, at)
    const people = yield* checkMembersOfCell(org.id, [
      { field: "chairId", id: input.chairId },
      { field: "minuteTakerId", id: input.minuteTakerId }
    ])
    const problems = [...times.problems, ...people]
    if (problems.length > 0) return yield* validationFailed(problems)
    const first = times.startsAt as Date
    const day = localParts(first).day
    const duration = times.endsAt ? times.endsAt.getTime() - first.getTime() : null
    const seriesId = months > 1 ? randomUUID() : null
    const rows = Array.from({ length: months }, (_, i) => {
      const startsAt = i === 0 ? first : addMonthsLocal(first, i, day)
      return {
        id: randomUUID(),
        org_id: org.id,
        province_id: org.province_id,
        series_id: seriesId,
        kind: input.kind,
        status: "draft",
        starts_at: startsAt,
        ends_at: duration === null ? null : new Date(startsAt.getTime() + duration),
        place: input.place.trim(),
        topic: input.topic.trim(),
        agenda: JSON.stringify(input.agenda ?? []),
        chair_id: input.chairId ?? null,
        minute_taker_id: input.minuteTakerId ?? null,
        quorum_policy: JSON.stringify(input.quorumPolicy ?? DEFAULT_QUORUM),
        checkin_secret: randomBytes(32).toString("base64url"),
        created_by: actor.accountId,
        updated_at: at
      }
    })
    yield* transactionally(Effect.gen(function*() {
      yield* query("create meetings", (db) => db.insertInto("meetings").values(rows as never).execute())
      for (const r of rows) {
        yield* Audit.record({ action: "meeting.create", orgId: org.id, targetType: "meeting", targetId: r.id, detail: { kind: r.kind, seriesId } })
      }
    }))
    return rows.map((r) => r.id)
  })

/**
 * Creates a meeting as a draft (invite to schedule it). Its time must be a real date-time in the
 * future; without an offset it is read as Vietnam time.
 *
 * @since 0.2.0
 * @category commands
 */
export const create = (orgId: string, input: NewMeeting) =>
  Effect.flatMap(insertMeetings(orgId, input, 1), ([id]) => get(id!))

/**
 * Creates a monthly series of draft meetings at the same Vietnam local time.
 *
 * @since 0.2.0
 * @category commands
 */
export const createSeries = (orgId: string, input: NewMeetingSeries) =>
  Effect.gen(function*() {
    const { months, ...single } = input
    const ids = yield* insertMeetings(orgId, single, months)
    const items: Array<Meeting> = []
    for (const id of ids) items.push(yield* get(id))
    return { items }
  })

/**
 * One meeting, with its counts and the actor's own invitation and attendance.
 *
 * @since 0.2.0
 * @category queries
 */
export const get = (meetingId: string) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.read")
    return yield* toMeeting(row, actor)
  })

/**
 * Options of a meeting list.
 *
 * @since 0.2.0
 * @category models
 */
export interface ListOptions {
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly status?: string | undefined
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}

/**
 * The meetings of an organization's subtree in time order, optionally between two Vietnam dates.
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (orgId: string, options: ListOptions) =>
  Effect.gen(function*() {
    const { org, view } = yield* Organizations.authorize(orgId, "meetings.read")
    const problems: Array<FieldText> = []
    for (const field of ["from", "to"] as const) {
      const v = options[field]
      if (v !== undefined && !isIsoDate(v)) problems.push({ field, text: { vi: `${v} không phải ngày YYYY-MM-DD có thật`, en: `${v} is not a real YYYY-MM-DD date` } })
    }
    const statuses = options.status?.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
    const known = ["draft", "scheduled", "in_progress", "concluded", "published", "cancelled"]
    if (statuses?.some((s) => !known.includes(s))) problems.push({ field: "status", text: { vi: `dùng ${known.join(", ")}`, en: `use ${known.join(", ")}` } })
    if (problems.length > 0) return yield* validationFailed(problems)
    const limit = pageSize(options.limit)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["instant", "uuid"])
    const rows = yield* query("list meetings", (db) => {
      let q = db.selectFrom("meetings as mt").innerJoin("organizations as o", "o.id", "mt.org_id")
        .select(["mt.id", "mt.org_id", "o.name as org_name", "mt.kind", "mt.status", "mt.starts_at", "mt.place", "mt.topic"])
        .where("o.path", "like", `${org.path}%`)
      if (options.from) q = q.where("mt.starts_at", ">=", periodBounds(options.from, options.from).start)
      if (options.to) q = q.where("mt.starts_at", "<", periodBounds(options.to, options.to).end)
      if (statuses && statuses.length > 0) q = q.where("mt.status", "in", statuses)
      if (view !== "full") q = q.where("mt.status", "<>", "draft")
      if (after) q = q.where((eb) => eb(eb.refTuple("mt.starts_at", "mt.id"), ">", eb.tuple(new Date(after[0]!) as never, after[1]! as never)))
      return q.orderBy("mt.starts_at").orderBy("mt.id").limit(limit + 1).execute()
    })
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((r): MeetingSummary => ({
        id: r.id as MeetingId,
        orgId: r.org_id as OrgId,
        orgName: r.org_name,
        kind: r.kind as MeetingKind,
        status: r.status as MeetingStatus,
        startsAt: formatInstant(r.starts_at),
        localDate: localDate(r.starts_at),
        place: r.place,
        topic: r.topic
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.starts_at.toISOString(), last.id]) : null
    }
  })

const inviteText = (row: MeetingRow): Text => {
  const t = localParts(row.starts_at)
  const hhmm = `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`
  const date = `${String(t.day).padStart(2, "0")}/${String(t.month).padStart(2, "0")}/${t.year}`
  const kind = KIND_TEXT[row.kind as MeetingKind]
  return {
    vi: `${row.org_name} mời đồng chí dự ${kind.vi} lúc ${hhmm} ngày ${date} tại ${row.place}. Nội dung: ${row.topic}`,
    en: `${row.org_name} invites you to its ${kind.en} at ${hhmm} on ${date} (Vietnam time), ${row.place}. Topic: ${row.topic}`
  }
}

const recipientsOf = (memberIds: ReadonlyArray<string>) =>
  memberIds.length === 0
    ? Effect.succeed([] as Array<Inbox.InboxRecipient>)
    : query("recipients", (db) =>
      db.selectFrom("members as m").leftJoin("accounts as a", "a.member_id", "m.id").select(["m.id", "m.phone", "a.id as account_id"])
        .where(sql<boolean>`m.id = any(${uuidArray(memberIds)})`).execute()).pipe(
        Effect.map((rows) => rows.map((r) => ({ memberId: r.id, accountId: r.account_id, phone: r.phone })))
      )

/**
 * Invites every expected member not yet invited (see {@link expectedMembers}): keeps the
 * invitation in their inbox, sends it through the notifier, delivers the documents already
 * attached, and schedules a draft meeting. Invitations already sent are not repeated.
 *
 * @since 0.2.0
 * @category commands
 */
export const invite = (meetingId: string) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    if (row.status !== "draft" && row.status !== "scheduled") {
      return yield* conflict({
        vi: "Chỉ gửi giấy mời cho cuộc họp chưa bắt đầu",
        en: "Invitations are sent only for a meeting that has not started"
      })
    }
    const at = yield* now
    if (row.starts_at.getTime() <= at.getTime()) {
      return yield* validationFailed([{ field: "startsAt", text: { vi: "thời gian họp đã qua", en: "the meeting time is in the past" } }])
    }
    const expected = yield* expectedMembers(row)
    const result = yield* transactionally(Effect.gen(function*() {
      // a statement per category, the members as one array: any number of them
      for (const category of new Set(expected.map((e) => e.category))) {
        const memberIds = expected.filter((e) => e.category === category).map((e) => e.memberId)
        yield* query("add participants", (db) =>
          sql`insert into meeting_participants (meeting_id, member_id, category, updated_at)
            select ${row.id}::uuid, p.member_id, ${category}, ${at} from unnest(${uuidArray(memberIds)}) as p(member_id)
            on conflict (meeting_id, member_id) do nothing`.execute(db))
      }
      const newly = yield* query("mark invited", (db) =>
        db.updateTable("meeting_participants").set({ invited_at: at, updated_at: at })
          .where("meeting_id", "=", row.id).where("invited_at", "is", null)
          .where("category", "in", ["official", "probationary", "temporary"])
          .returning("member_id").execute())
      const ids = newly.map((n) => n.member_id)
      if (ids.length > 0) {
        yield* query("deliver attached documents", (db) =>
          sql`insert into document_receipts (meeting_id, document_id, member_id, delivered_at)
            select md.meeting_id, md.document_id, p.member_id, ${at}
            from meeting_documents md cross join unnest(${uuidArray(ids)}) as p(member_id)
            where md.meeting_id = ${row.id}
            on conflict do nothing`.execute(db))
      }
      if (row.status === "draft") {
        yield* query("schedule meeting", (db) => db.updateTable("meetings").set({ status: "scheduled", updated_at: at }).where("id", "=", row.id).execute())
      }
      // kept in the inboxes now, sent once this transaction commits
      const delivery = yield* Inbox.deliver(yield* recipientsOf(ids), {
        kind: "meeting.invitation",
        text: inviteText(row),
        meetingId: row.id
      })
      yield* Audit.record({ action: "meeting.invite", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { invited: ids.length } })
      return { invited: ids.length, delivery }
    }))
    const total = yield* countsOf(row.id)
    return {
      invited: result.invited,
      alreadyInvited: total.invited - result.invited,
      notified: result.delivery.notified,
      meeting: yield* toMeeting(yield* loadRow(row.id), actor)
    }
  })

/**
 * Names the chair or the minute-taker of a meeting under way or concluded, while its minutes are
 * not final. A signer who is replaced loses an approval already given: it was theirs, not the role's.
 */
const renameSigners = (row: MeetingRow, patch: MeetingUpdate, actor: Actor) =>
  Effect.gen(function*() {
    const problems = yield* checkMembersOfCell(row.org_id, [
      { field: "chairId", id: patch.chairId },
      { field: "minuteTakerId", id: patch.minuteTakerId }
    ])
    if (problems.length > 0) return yield* validationFailed(problems)
    const at = yield* now
    const chairChanged = patch.chairId !== undefined && patch.chairId !== row.chair_id
    const takerChanged = patch.minuteTakerId !== undefined && patch.minuteTakerId !== row.minute_taker_id
    yield* transactionally(Effect.gen(function*() {
      const minutes = yield* query("minutes for update", (db) =>
        db.selectFrom("meeting_minutes").select("status").where("meeting_id", "=", row.id).forUpdate().executeTakeFirst())
      if (minutes?.status === "final") {
        return yield* conflict({ vi: "Biên bản đã hoàn tất: không đổi chủ trì, thư ký được nữa", en: "The minutes are final: the chair and minute-taker can no longer change" })
      }
      yield* query("rename signers", (db) =>
        db.updateTable("meetings").set({
          ...(patch.chairId !== undefined ? { chair_id: patch.chairId } : {}),
          ...(patch.minuteTakerId !== undefined ? { minute_taker_id: patch.minuteTakerId } : {}),
          updated_at: at
        }).where("id", "=", row.id).execute())
      if (minutes && (chairChanged || takerChanged)) {
        yield* query("withdraw replaced signers' approvals", (db) =>
          db.updateTable("meeting_minutes").set({
            ...(chairChanged ? { chair_approved_at: null, chair_approval: null } : {}),
            ...(takerChanged ? { minute_taker_approved_at: null, minute_taker_approval: null } : {})
          }).where("meeting_id", "=", row.id).where("status", "=", "draft").execute())
      }
      yield* Audit.record({ action: "meeting.update", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { fields: Object.keys(patch) } })
    }))
    return yield* toMeeting(yield* loadRow(row.id), actor)
  })

/**
 * Changes the time, place, topic, agenda, chair, minute-taker or quorum policy of a meeting that
 * has not started; invited members are told of a new time or place.
 *
 * @since 0.2.0
 * @category commands
 */
export const update = (meetingId: string, patch: MeetingUpdate) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    if (!isEditable(row.status as MeetingStatus)) {
      // who chairs and who takes the minutes can still be named once the meeting has started,
      // until the minutes are final: they are the ones who approve them
      const namesOnly = Object.keys(patch).length > 0 && Object.keys(patch).every((k) => k === "chairId" || k === "minuteTakerId")
      if (namesOnly && (row.status === "in_progress" || row.status === "concluded")) return yield* renameSigners(row, patch, actor)
      return yield* conflict(
        namesOnly
          ? { vi: "Biên bản đã hoàn tất hoặc cuộc họp đã hủy: không đổi chủ trì, thư ký được nữa", en: "The minutes are final or the meeting was cancelled: the chair and minute-taker can no longer change" }
          : { vi: "Cuộc họp đã bắt đầu hoặc đã hủy: không sửa được (chỉ còn đổi được chủ trì và thư ký)", en: "The meeting has started or was cancelled: it can no longer be changed (only the chair and minute-taker can)" }
      )
    }
    const at = yield* now
    const times = validateTimes(patch, { startsAt: row.starts_at, endsAt: row.ends_at }, at)
    const people = yield* checkMembersOfCell(row.org_id, [
      { field: "chairId", id: patch.chairId },
      { field: "minuteTakerId", id: patch.minuteTakerId }
    ])
    const problems = [...times.problems, ...people]
    if (problems.length > 0) return yield* validationFailed(problems)
    const moved = (patch.startsAt !== undefined && times.startsAt!.getTime() !== row.starts_at.getTime()) ||
      (patch.place !== undefined && patch.place.trim() !== row.place)
    yield* transactionally(Effect.gen(function*() {
      yield* query("update meeting", (db) =>
        db.updateTable("meetings").set({
          starts_at: times.startsAt!,
          ends_at: times.endsAt,
          ...(patch.place !== undefined ? { place: patch.place.trim() } : {}),
          ...(patch.topic !== undefined ? { topic: patch.topic.trim() } : {}),
          ...(patch.agenda !== undefined ? { agenda: JSON.stringify(patch.agenda) } : {}),
          ...(patch.chairId !== undefined ? { chair_id: patch.chairId } : {}),
          ...(patch.minuteTakerId !== undefined ? { minute_taker_id: patch.minuteTakerId } : {}),
          ...(patch.quorumPolicy !== undefined ? { quorum_policy: JSON.stringify(patch.quorumPolicy) } : {}),
          updated_at: at
        } as never).where("id", "=", row.id).execute())
      yield* Audit.record({ action: "meeting.update", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { fields: Object.keys(patch) } })
      if (moved && row.status === "scheduled") {
        const invited = yield* query("invited", (db) =>
          db.selectFrom("meeting_participants").select("member_id").where("meeting_id", "=", row.id).where("invited_at", "is not", null).execute())
        const fresh = yield* loadRow(row.id)
        const text = inviteText(fresh)
        yield* Inbox.deliver(yield* recipientsOf(invited.map((i) => i.member_id)), {
          kind: "meeting.changed",
          text: { vi: `Thay đổi: ${text.vi}`, en: `Changed: ${text.en}` },
          meetingId: row.id
        })
      }
    }))
    return yield* toMeeting(yield* loadRow(row.id), actor)
  })

/**
 * Moves a meeting along its state machine: `scheduled` (same as inviting), `in_progress` (opens
 * check-in and draws the 6-digit code), `concluded` (members still unrecorded become absent: with
 * reason if they excused themselves in advance, otherwise without; flags rule 6), `cancelled`
 * (needs a reason; invited members are told). `published` follows the approval of the minutes.
 *
 * @since 0.2.0
 * @category commands
 */
export const transition = (meetingId: string, to: "scheduled" | "in_progress" | "concluded" | "cancelled", reason: string | undefined) =>
  Effect.gen(function*() {
    if (to === "scheduled") return (yield* invite(meetingId)).meeting
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    const from = row.status as MeetingStatus
    if (!canTransition(from, to)) {
      return yield* conflict({
        vi: `Không thể chuyển cuộc họp từ trạng thái ${from} sang ${to}`,
        en: `A meeting cannot go from ${from} to ${to}`
      })
    }
    if (to === "cancelled" && (reason === undefined || reason.trim() === "")) {
      return yield* validationFailed([{ field: "reason", text: { vi: "cần nêu lý do hủy", en: "a cancellation needs a reason" } }])
    }
    const at = yield* now
    yield* transactionally(Effect.gen(function*() {
      // Guard against a concurrent transition: the update only applies from the state we read.
      const changed = yield* query("transition meeting", (db) =>
        db.updateTable("meetings").set({
          status: to,
          updated_at: at,
          ...(to === "in_progress" ? { checkin_code: String(randomInt(0, 1_000_000)).padStart(6, "0") } : {}),
          ...(to === "cancelled" ? { cancelled_reason: reason!.trim() } : {})
        }).where("id", "=", row.id).where("status", "=", from).executeTakeFirst())
      if (Number(changed.numUpdatedRows) !== 1) {
        return yield* conflict({ vi: "Cuộc họp vừa được người khác thay đổi", en: "The meeting was changed meanwhile" })
      }
      if (to === "concluded") yield* conclude(row, at)
      if (to === "cancelled" && from !== "draft") {
        const invited = yield* query("invited", (db) =>
          db.selectFrom("meeting_participants").select("member_id").where("meeting_id", "=", row.id).where("invited_at", "is not", null).execute())
        const text = inviteText(row)
        yield* Inbox.deliver(yield* recipientsOf(invited.map((i) => i.member_id)), {
          kind: "meeting.cancelled",
          text: { vi: `Hủy: ${text.vi}. Lý do: ${reason!.trim()}`, en: `Cancelled: ${text.en}. Reason: ${reason!.trim()}` },
          meetingId: row.id
        })
      }
      yield* Audit.record({ action: `meeting.${to}`, orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { from } })
    }))
    return yield* toMeeting(yield* loadRow(row.id), actor)
  })

const conclude = (row: MeetingRow, at: Date) =>
  Effect.gen(function*() {
    yield* query("excused become absent with reason", (db) =>
      db.updateTable("meeting_participants")
        .set((eb) => ({ attendance: "absent_with_reason", absence_reason: eb.ref("rsvp_reason"), updated_at: at }))
        .where("meeting_id", "=", row.id).where("attendance", "is", null).where("rsvp", "=", "excused").execute())
    const absent = yield* query("others become absent without reason", (db) =>
      db.updateTable("meeting_participants").set({ attendance: "absent_without_reason", updated_at: at })
        .where("meeting_id", "=", row.id).where("attendance", "is", null).where("invited_at", "is not", null)
        .returning("member_id").execute())
    yield* flagAbsences(row, absent.map((a) => a.member_id))
  })

/**
 * Rule 6: when a member's absences without reason in the meeting's calendar year reach 3 (in a
 * row or not), the organization's secretaries and deputies get a flag in their inbox.
 */
const flagAbsences = (row: MeetingRow, memberIds: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    if (memberIds.length === 0) return
    const year = localParts(row.starts_at).year
    const { start, end } = periodBounds(`${year}-01-01`, `${year}-12-31`)
    const counts = yield* query("absences in year", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("meetings as mt", "mt.id", "p.meeting_id").innerJoin("members as m", "m.id", "p.member_id")
        .select(["p.member_id", "m.full_name", sql<number>`count(*)::int`.as("n")])
        .where(sql<boolean>`p.member_id = any(${uuidArray(memberIds)})`).where("p.attendance", "=", "absent_without_reason")
        .where("mt.status", "in", ["concluded", "published", "in_progress"])
        .where("mt.starts_at", ">=", start).where("mt.starts_at", "<", end)
        .groupBy(["p.member_id", "m.full_name"]).execute())
    const flagged = counts.filter((c) => absenceFlag(c.n))
    if (flagged.length === 0) return
    const secretaries = yield* query("secretaries", (db) =>
      db.selectFrom("role_assignments as r").innerJoin("accounts as a", "a.id", "r.account_id").leftJoin("members as m", "m.id", "a.member_id")
        .select(["a.id as account_id", "a.member_id", "m.phone"]).distinct()
        .where("r.org_id", "=", row.org_id).where("r.role", "in", ["cell_secretary", "cell_deputy"]).execute())
    for (const f of flagged) {
      yield* Inbox.deliver(secretaries.map((s) => ({ memberId: s.member_id, accountId: s.member_id ? null : s.account_id, phone: s.phone })), {
        kind: "member.absence_flag",
        text: {
          vi: `Đồng chí ${f.full_name} đã vắng mặt không lý do ${f.n} lần trong năm ${year}: cần xem xét theo Điều lệ Đảng`,
          en: `${f.full_name} has been absent without reason ${f.n} times in ${year}: to be considered under the Party Charter`
        },
        meetingId: row.id,
        data: { memberId: f.member_id, year, absences: f.n }
      })
    }
  })

// ---------------------------------------------------------------------------------------------
// Participants, RSVP, attendance, check-in

const toParticipant = (r: {
  member_id: string
  full_name: string
  category: string
  invited_at: Date | null
  read_at: Date | null
  rsvp: string | null
  rsvp_reason: string | null
  attendance: string | null
  absence_reason: string | null
  checked_in_at: Date | null
  check_in_method: string | null
  recorded_by: string | null
  on_behalf_of: string | null
  channel: string | null
}, full: boolean, actor: Actor): Participant => {
  const own = r.member_id === actor.memberId
  return {
    memberId: r.member_id as MemberId,
    fullName: r.full_name,
    category: r.category as Participant["category"],
    invitedAt: r.invited_at ? formatInstant(r.invited_at) : null,
    readAt: r.read_at ? formatInstant(r.read_at) : null,
    rsvp: r.rsvp as Participant["rsvp"],
    // Reasons may be about health: only the member and those who manage the cell see them.
    rsvpReason: full || own ? r.rsvp_reason : null,
    attendance: r.attendance as Participant["attendance"],
    absenceReason: full || own ? r.absence_reason : null,
    checkedInAt: r.checked_in_at ? formatInstant(r.checked_in_at) : null,
    checkInMethod: r.check_in_method as Participant["checkInMethod"],
    recordedBy: full ? r.recorded_by : null,
    onBehalfOf: r.on_behalf_of as MemberId | null,
    channel: r.channel as Channel | null
  }
}

/**
 * Everyone expected at (or recorded for) a meeting, in Vietnamese name order.
 *
 * @since 0.2.0
 * @category queries
 */
export const participants = (meetingId: string) =>
  Effect.gen(function*() {
    const { row, actor, view } = yield* authorize(meetingId, "meetings.read")
    const rows = yield* query("participants", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("members as m", "m.id", "p.member_id")
        .select(["p.member_id", "m.full_name", "p.category", "p.invited_at", "p.read_at", "p.rsvp", "p.rsvp_reason", "p.attendance", "p.absence_reason", "p.checked_in_at", "p.check_in_method", "p.recorded_by", "p.on_behalf_of", "p.channel"])
        .where("p.meeting_id", "=", row.id).orderBy("m.sort_key").orderBy("m.id").execute())
    return { items: rows.map((r) => toParticipant(r, view === "full", actor)) }
  })

/**
 * Resolves who a participation write is for: the actor themselves, or (assisted mode) another
 * member, which needs the right to manage the meeting and records the channel.
 */
const subjectOf = (meetingId: string, memberId: string | undefined, channel: Channel | undefined) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    if (memberId === undefined || memberId === actor.memberId) {
      const { row } = yield* authorize(meetingId, "meeting.attend")
      if (!actor.memberId) {
        return yield* validationFailed([{ field: "memberId", text: { vi: "cần chỉ rõ đảng viên", en: "name the member" } }])
      }
      return { row, actor, memberId: actor.memberId as string, assisted: false, channel: channel ?? "app" as Channel }
    }
    const { row } = yield* authorize(meetingId, "meetings.manage")
    return { row, actor, memberId, assisted: true, channel: channel ?? "in_person" as Channel }
  })

/**
 * An invited member answers: attending, or excused with a reason (kept as the reason of absence if
 * they do not come). A secretary may record it for a member (assisted mode).
 *
 * @since 0.2.0
 * @category commands
 */
export const rsvp = (meetingId: string, input: { readonly response: "attending" | "excused"; readonly reason?: string | undefined; readonly memberId?: string | undefined; readonly channel?: Channel | undefined }) =>
  Effect.gen(function*() {
    const s = yield* subjectOf(meetingId, input.memberId, input.channel)
    if (s.row.status !== "scheduled") {
      return yield* conflict({ vi: "Chỉ trả lời giấy mời của cuộc họp đã lên lịch, chưa bắt đầu", en: "Only a scheduled meeting that has not started takes answers" })
    }
    if (input.response === "excused" && (input.reason === undefined || input.reason.trim() === "")) {
      return yield* validationFailed([{ field: "reason", text: { vi: "cần nêu lý do vắng mặt", en: "an excused absence needs a reason" } }])
    }
    const at = yield* now
    const updated = yield* query("rsvp", (db) =>
      db.updateTable("meeting_participants").set({
        rsvp: input.response,
        rsvp_reason: input.response === "excused" ? input.reason!.trim() : null,
        rsvp_at: at,
        read_at: at,
        recorded_by: s.actor.accountId,
        on_behalf_of: s.assisted ? s.memberId : null,
        channel: s.channel,
        updated_at: at
      }).where("meeting_id", "=", s.row.id).where("member_id", "=", s.memberId).where("invited_at", "is not", null).executeTakeFirst())
    if (Number(updated.numUpdatedRows) === 0) {
      return yield* s.assisted ? notFound(MEMBER_NOT_FOUND) : forbidden({ vi: "Đồng chí không có trong danh sách mời", en: "You are not invited to this meeting" })
    }
    yield* Audit.record({ action: "meeting.rsvp", orgId: s.row.org_id, targetType: "meeting", targetId: s.row.id, detail: { memberId: s.memberId, response: input.response, assisted: s.assisted, channel: s.channel } })
    return yield* participantOf(s.row.id, s.memberId, s.actor, true)
  })

const participantOf = (meetingId: string, memberId: string, actor: Actor, full: boolean) =>
  Effect.map(
    query("participant", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("members as m", "m.id", "p.member_id")
        .select(["p.member_id", "m.full_name", "p.category", "p.invited_at", "p.read_at", "p.rsvp", "p.rsvp_reason", "p.attendance", "p.absence_reason", "p.checked_in_at", "p.check_in_method", "p.recorded_by", "p.on_behalf_of", "p.channel"])
        .where("p.meeting_id", "=", meetingId).where("p.member_id", "=", memberId).executeTakeFirstOrThrow()),
    (r) => toParticipant(r, full, actor)
  )

const categoryOf = (status: string) =>
  status === "official" || status === "probationary" || status === "exempt" ? status : "other"

/** Adds a member of the meeting's organization who was not expected (an exempt member who came). */
const ensureParticipant = (row: MeetingRow, memberId: string, at: Date) =>
  Effect.gen(function*() {
    const existing = yield* participantRow(row.id, memberId)
    if (existing) return existing
    const member = yield* query("member of cell", (db) =>
      db.selectFrom("members").select(["id", "status"]).where("id", "=", memberId).where("org_id", "=", row.org_id)
        .where("status", "in", ["official", "probationary", "exempt", "suspended"]).executeTakeFirst())
    if (!member) return yield* notFound(MEMBER_NOT_FOUND)
    yield* query("add participant", (db) =>
      db.insertInto("meeting_participants").values({ meeting_id: row.id, member_id: memberId, category: categoryOf(member.status), updated_at: at })
        .onConflict((oc) => oc.columns(["meeting_id", "member_id"]).doNothing()).execute())
    return (yield* participantRow(row.id, memberId))!
  })

const ATTENDANCE_OPEN: ReadonlyArray<string> = ["scheduled", "in_progress", "concluded"]

/**
 * The secretary records a member's attendance: present, absent with a reason, absent without, or
 * not required (temporarily away). Records carry who entered them, for whom and by which channel.
 * Open from scheduling until the minutes are final.
 *
 * @since 0.2.0
 * @category commands
 */
/** A member id the actor may not see answers 404 first, whatever else is wrong with the request. */
const memberVisible = (memberId: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const member = isUuid(memberId)
      ? yield* query("load member scope", (db) =>
        db.selectFrom("members as m").innerJoin("organizations as o", "o.id", "m.org_id").select(["m.id", "o.path"]).where("m.id", "=", memberId).executeTakeFirst())
      : undefined
    if (!member || !can(actor, "member.read", { orgPath: member.path, memberId: member.id }).allowed) return yield* notFound(MEMBER_NOT_FOUND)
  })

export const setAttendance = (meetingId: string, memberId: string, input: { readonly status: Participant["attendance"] & string; readonly reason?: string | undefined; readonly channel?: Channel | undefined }) =>
  Effect.gen(function*() {
    yield* memberVisible(memberId)
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    if (!ATTENDANCE_OPEN.includes(row.status)) {
      return yield* conflict(row.status === "cancelled"
        ? { vi: "Cuộc họp đã bị hủy", en: "The meeting was cancelled" }
        : { vi: "Biên bản đã được thông qua: điểm danh không sửa được nữa", en: "Attendance can no longer change (draft, or minutes final)" })
    }
    if (row.status === "scheduled" && input.status === "present") {
      return yield* conflict({ vi: "Cuộc họp chưa bắt đầu", en: "The meeting has not started" })
    }
    if (input.status === "absent_with_reason" && (input.reason === undefined || input.reason.trim() === "")) {
      return yield* validationFailed([{ field: "reason", text: { vi: "cần nêu lý do vắng mặt", en: "an absence with reason needs the reason" } }])
    }
    if (!isUuid(memberId)) return yield* notFound(MEMBER_NOT_FOUND)
    const at = yield* now
    yield* transactionally(Effect.gen(function*() {
      const before = yield* ensureParticipant(row, memberId, at)
      yield* query("set attendance", (db) =>
        db.updateTable("meeting_participants").set({
          attendance: input.status,
          absence_reason: input.status === "absent_with_reason" ? input.reason!.trim() : input.status === "not_required" ? (input.reason?.trim() || null) : null,
          checked_in_at: input.status === "present" ? (before.checked_in_at ?? at) : null,
          check_in_method: input.status === "present" ? (before.attendance === "present" ? before.check_in_method : "secretary") : null,
          recorded_by: actor.accountId,
          on_behalf_of: memberId,
          channel: input.channel ?? "in_person",
          updated_at: at
        }).where("meeting_id", "=", row.id).where("member_id", "=", memberId).execute())
      yield* Audit.record({ action: "meeting.attendance", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { memberId, status: input.status, channel: input.channel ?? "in_person" } })
    }))
    return yield* participantOf(row.id, memberId, actor, true)
  })

/** Why check-in is not open, by the meeting's state: not started yet, cancelled, or over. */
const checkInClosed = (status: string) =>
  status === "cancelled"
    ? { vi: "Cuộc họp đã bị hủy", en: "The meeting was cancelled" }
    : status === "draft" || status === "scheduled"
    ? { vi: "Điểm danh mở khi cuộc họp bắt đầu", en: "Check-in opens when the meeting starts" }
    : { vi: "Cuộc họp đã kết thúc: điểm danh đã đóng", en: "The meeting is over: check-in is closed" }

/**
 * What the screen at the meeting shows: the current QR token (rotating every minute) and the
 * 6-digit code to read out. Only while the meeting is in progress.
 *
 * @since 0.2.0
 * @category queries
 */
export const checkInSecrets = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.manage")
    if (row.status !== "in_progress" || !row.checkin_code) return yield* conflict(checkInClosed(row.status))
    const t = qrToken(row.checkin_secret, row.id, yield* Clock.currentTimeMillis)
    return {
      qrToken: t.token,
      qrPayload: `sotay:checkin:${row.id}:${t.token}`,
      rotatesAt: formatInstant(t.rotatesAt),
      validUntil: formatInstant(t.validUntil),
      code: row.checkin_code
    }
  })

/**
 * The current QR token as an SVG image, for the screen at the meeting: scanned by members' phones
 * (it encodes `qrPayload`). Rotates with the token: fetch it again at `rotatesAt`.
 *
 * @since 0.3.0
 * @category queries
 */
export const checkInQrSvg = (meetingId: string) =>
  Effect.map(checkInSecrets(meetingId), (secrets) => qrSvg(secrets.qrPayload))

/**
 * Checks in: a member by the QR token or the code, or a secretary for a member (assisted mode,
 * `memberId` and the channel). Idempotent: checking in again changes nothing and says so.
 *
 * @since 0.2.0
 * @category commands
 */
export const checkIn = (meetingId: string, input: CheckInRequest) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const self = input.memberId === undefined || input.memberId === actor.memberId
    // The hot path (a member checking in): meeting, organization and the member's own invitation
    // in one query.
    const s = self ? yield* selfCheckIn(meetingId, input.channel) : yield* subjectOf(meetingId, input.memberId, input.channel)
    const row = s.row
    if (row.status !== "in_progress") return yield* conflict(checkInClosed(row.status))
    const at = yield* now
    let method: "qr" | "code" | "secretary" = "secretary"
    if (!s.assisted) {
      const participant = "participant" in s ? (s.participant as SelfParticipant | undefined) : undefined
      if (!participant || participant.invited_at === null) {
        return yield* forbidden({ vi: "Đồng chí không có trong danh sách mời", en: "You are not invited to this meeting" })
      }
      if (participant.attendance === "present") return result(participant, false)
      if (input.qrToken !== undefined) {
        method = "qr"
        const verdict = verifyQrToken(row.checkin_secret, row.id, input.qrToken, at.getTime())
        if (verdict !== "valid") {
          return yield* validationFailed([{
            field: "qrToken",
            text: verdict === "expired"
              ? { vi: "mã QR đã hết hạn; quét lại mã đang hiển thị", en: "the QR token has expired; scan the one on screen now" }
              : { vi: "mã QR không phải của cuộc họp này", en: "not this meeting's QR token" }
          }])
        }
      } else if (input.code !== undefined) {
        method = "code"
        if (participant.failed_code_attempts >= MAX_CODE_ATTEMPTS) {
          return yield* forbidden({ vi: "Nhập sai mã quá nhiều lần; đề nghị đồng chí bí thư điểm danh", en: "Too many wrong codes; ask the secretary to check you in" })
        }
        if (!row.checkin_code || !codeMatches(row.checkin_code, input.code)) {
          yield* query("count wrong code", (db) =>
            db.updateTable("meeting_participants").set((eb) => ({ failed_code_attempts: eb("failed_code_attempts", "+", 1) }))
              .where("meeting_id", "=", row.id).where("member_id", "=", s.memberId).execute())
          return yield* validationFailed([{ field: "code", text: { vi: "mã điểm danh không đúng", en: "wrong check-in code" } }])
        }
      } else {
        return yield* validationFailed([{ field: "qrToken", text: { vi: "cần mã QR hoặc mã 6 số", en: "give the QR token or the 6-digit code" } }])
      }
    } else {
      const participant = yield* ensureParticipant(row, s.memberId, at)
      if (participant.attendance === "present") return result(participant, false)
    }
    // One statement, conditional on not being present yet: concurrent or repeated check-ins
    // leave exactly one record and the first time; the audit entry is written by the same
    // statement, for the row it changed (none when nothing changed).
    const audit = yield* Audit.rowOf({ action: "meeting.check_in", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { memberId: s.memberId, method, assisted: s.assisted, channel: s.channel } })
    const [updated] = yield* checkInWrite({
      meetingId: row.id,
      memberId: s.memberId,
      at,
      method,
      recordedBy: s.actor.accountId,
      onBehalfOf: s.assisted ? s.memberId as MemberId : null,
      channel: s.channel,
      audit
    })
    if (!updated) return result((yield* participantRow(row.id, s.memberId))!, false)
    return result(updated, true)
  })

const NIL = "00000000-0000-0000-0000-000000000000"

interface SelfParticipant {
  readonly member_id: string
  readonly invited_at: Date | null
  readonly attendance: string | null
  readonly checked_in_at: Date | null
  readonly check_in_method: string | null
  readonly failed_code_attempts: number
}

/**
 * The write of a check-in, in one statement: present, unless present already (concurrent or
 * repeated check-ins leave exactly one record, and the first time), and the audit entry for the
 * row it changed (none when nothing changed).
 */
const checkInWrite = (() => {
  const write = prepared("check in", (db, p: {
    meetingId: string
    memberId: string
    at: Date
    method: string
    recordedBy: string
    onBehalfOf: MemberId | null
    channel: string
    auditActor: string | null
    auditOrg: string | null
    auditOnBehalfOf: Audit.AuditRow["on_behalf_of"]
    auditChannel: Audit.AuditRow["channel"]
    auditDetail: string
  }) =>
    db.with("checked", (qc) =>
      qc.updateTable("meeting_participants").set({
        attendance: "present",
        absence_reason: null,
        checked_in_at: p.at,
        check_in_method: p.method,
        recorded_by: p.recordedBy,
        on_behalf_of: p.onBehalfOf,
        channel: p.channel,
        updated_at: p.at
      }).where("meeting_id", "=", p.meetingId).where("member_id", "=", p.memberId)
        .where((eb) => eb.or([eb("attendance", "is", null), eb("attendance", "<>", "present")]))
        .returning(["member_id", "attendance", "checked_in_at", "check_in_method"]))
      .with("audited", (qc) =>
        Audit.appendFrom(qc, "checked", {
          actor_account_id: p.auditActor,
          action: "meeting.check_in",
          org_id: p.auditOrg,
          target_type: "meeting",
          target_id: p.meetingId,
          on_behalf_of: p.auditOnBehalfOf,
          channel: p.auditChannel,
          detail: p.auditDetail
        }))
      .selectFrom("checked").selectAll())
  return (input: Omit<Parameters<typeof write>[0], `audit${string}`> & { readonly audit: Audit.AuditRow }) => {
    const { audit, ...rest } = input
    return write({
      ...rest,
      auditActor: audit.actor_account_id,
      auditOrg: audit.org_id,
      auditOnBehalfOf: audit.on_behalf_of,
      auditChannel: audit.channel,
      auditDetail: audit.detail
    })
  }
})()

/** The hot path of a check-in: the meeting, its organization and the member's own invitation. */
const meetingForCheckIn = prepared("load meeting for check-in", (db, p: { meetingId: string; memberId: string }) =>
  db.selectFrom("meetings as mt").innerJoin("organizations as o", "o.id", "mt.org_id")
    .leftJoin("meeting_participants as p", (j) => j.onRef("p.meeting_id", "=", "mt.id").on("p.member_id", "=", p.memberId))
    .select([
      ...meetingColumns,
      "p.member_id as p_member_id",
      "p.invited_at as p_invited_at",
      "p.attendance as p_attendance",
      "p.checked_in_at as p_checked_in_at",
      "p.check_in_method as p_check_in_method",
      "p.failed_code_attempts as p_failed_code_attempts"
    ])
    .where("mt.id", "=", p.meetingId))

/** A member checking themselves in: the meeting and their invitation, authorized, in one query. */
const selfCheckIn = (meetingId: string, channel: Channel | undefined) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const r = isUuid(meetingId) ? (yield* meetingForCheckIn({ meetingId, memberId: actor.memberId ?? NIL }))[0] : undefined
    if (!r) return yield* notFound(MEETING_NOT_FOUND)
    const decision = can(actor, "meeting.attend", { orgPath: r.org_path })
    // a draft is the secretary's working copy (see authorize): not there for its members yet
    if (r.status === "draft" && !can(actor, "meetings.manage", { orgPath: r.org_path }).allowed) return yield* notFound(MEETING_NOT_FOUND)
    // A meeting outside the actor's scope answers 404 before anything else is said about the request.
    if (!decision.allowed && decision.hidden && r.p_member_id === null) return yield* notFound(MEETING_NOT_FOUND)
    if (!actor.memberId) return yield* validationFailed([{ field: "memberId", text: { vi: "cần chỉ rõ đảng viên", en: "name the member" } }])
    if (!decision.allowed && r.p_member_id === null) {
      return yield* forbidden({ vi: "Bạn không có quyền thực hiện thao tác này", en: "You may not do this here" })
    }
    const { p_member_id, p_invited_at, p_attendance, p_checked_in_at, p_check_in_method, p_failed_code_attempts, ...row } = r
    const participant: SelfParticipant | undefined = p_member_id === null ? undefined : {
      member_id: p_member_id,
      invited_at: p_invited_at,
      attendance: p_attendance,
      checked_in_at: p_checked_in_at,
      check_in_method: p_check_in_method,
      failed_code_attempts: p_failed_code_attempts ?? 0
    }
    return { row: row as MeetingRow, actor, memberId: actor.memberId as string, assisted: false, channel: channel ?? ("app" as Channel), participant }
  })

const result = (p: { member_id: string; checked_in_at: Date | null; check_in_method: string | null; attendance: string | null }, changed: boolean) => ({
  memberId: p.member_id as MemberId,
  attendance: "present" as const,
  checkedInAt: formatInstant(p.checked_in_at ?? new Date(0)),
  method: (p.check_in_method ?? "secretary") as "qr" | "code" | "secretary",
  changed
})

// ---------------------------------------------------------------------------------------------
// Quorum and votes

/** The facts rule 7 needs: every member of the cell and every participant, with attendance. */
const voterFacts = (row: MeetingRow) =>
  Effect.map(
    query("voter facts", (db) =>
      db.selectFrom("members as m")
        .leftJoin("meeting_participants as p", (j) => j.onRef("p.member_id", "=", "m.id").on("p.meeting_id", "=", row.id))
        .select(["m.id", "m.status", "p.attendance", "p.category", "p.rsvp"])
        .where((eb) => eb.or([eb("m.org_id", "=", row.org_id), eb("p.meeting_id", "=", row.id)]))
        .where("m.status", "in", ["official", "probationary", "exempt", "suspended"])
        .execute()),
    (rows) =>
      rows.map((r): VoterFacts => ({
        status: r.status,
        // Members placed elsewhere for a while are marked not required for this meeting.
        temporarilyAway: r.attendance === "not_required",
        // An excused absence announced in advance counts as absent with reason until recorded.
        attendance: (r.attendance ?? (r.rsvp === "excused" ? "absent_with_reason" : null)) as VoterFacts["attendance"]
      }))
  )

const quorumOf = (row: MeetingRow) =>
  Effect.gen(function*() {
    const facts = yield* voterFacts(row)
    const d = denominator(facts)
    const c = yield* countsOf(row.id)
    const expected = c.expected - c.not_required
    const presentExpected = yield* query("present expected", (db) =>
      db.selectFrom("meeting_participants").select(sql<number>`count(*)::int`.as("n"))
        .where("meeting_id", "=", row.id).where("attendance", "=", "present").where("category", "in", ["official", "probationary", "temporary"])
        .executeTakeFirstOrThrow())
    const q = evaluateQuorum(row.quorum_policy as QuorumPolicy, { eligible: d.eligible, presentEligible: d.presentEligible, expected, presentExpected: presentExpected.n })
    return { d, q, expected, presentExpected: presentExpected.n }
  })

/**
 * The quorum verdict of a meeting under its policy, with the numbers. No source confirms a
 * quorum rule for cell meetings: the verdict says it is unverified.
 *
 * @since 0.2.0
 * @category queries
 */
export const quorum = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.read")
    const { d, q, expected, presentExpected } = yield* quorumOf(row)
    return {
      meetingId: row.id as MeetingId,
      policy: q.policy,
      base: q.base,
      present: q.present,
      required: q.required,
      met: q.met,
      verified: false as const,
      note: "Quorum policy is configurable; no source confirms a quorum rule for ordinary cell meetings (domain brief §6.3).",
      expected,
      presentExpected,
      denominator: d
    }
  })

const voteOf = (r: Omit<Selectable<MeetingVotesTable>, "meeting_id" | "recorded_by">): Vote => ({
  id: r.id,
  subject: r.subject,
  kind: r.kind as Vote["kind"],
  subjectMemberId: r.subject_member_id as MemberId | null,
  eligible: r.eligible,
  yes: r.yes,
  no: r.no,
  abstain: r.abstain,
  threshold: r.threshold as Vote["threshold"],
  yesNeeded: r.yes_needed,
  passed: r.passed,
  denominator: r.denominator as unknown as Vote["denominator"],
  recordedAt: formatInstant(r.created_at)
})

/**
 * Records a vote: yes/no/abstain counts against rule 7's eligible denominator, with the threshold
 * of its kind. Counts above the eligible members, or above those present, are refused.
 *
 * @since 0.2.0
 * @category commands
 */
export const recordVote = (meetingId: string, input: VoteRequest) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.manage")
    if (row.status !== "in_progress" && row.status !== "concluded") {
      return yield* conflict({ vi: "Chỉ biểu quyết trong cuộc họp đang diễn ra", en: "Votes are taken during the meeting" })
    }
    const final = yield* query("minutes final?", (db) => db.selectFrom("meeting_minutes").select("status").where("meeting_id", "=", row.id).executeTakeFirst())
    if (final?.status === "final") return yield* conflict({ vi: "Biên bản đã được thông qua", en: "The minutes are final" })
    // the vote's subject, when given, is a member of the cell; a recognition or a removal from
    // probation needs one, on probation
    const subject = input.subjectMemberId
      ? yield* query("vote subject", (db) =>
        db.selectFrom("members").select("status").where("id", "=", input.subjectMemberId!).where("org_id", "=", row.org_id).executeTakeFirst())
      : undefined
    if (input.kind === "official_recognition" || input.kind === "probationary_removal") {
      if (!subject || subject.status !== "probationary") {
        return yield* validationFailed([{ field: "subjectMemberId", text: { vi: "cần một đảng viên dự bị của chi bộ", en: "must be a probationary member of the cell" } }])
      }
    } else if (input.subjectMemberId && !subject) {
      return yield* validationFailed([{ field: "subjectMemberId", text: { vi: "không phải đảng viên của chi bộ", en: "not a member of the cell" } }])
    }
    const facts = yield* voterFacts(row)
    const d = denominator(facts)
    const verdict = evaluateVote(input, input.kind as VoteKind, d)
    if (!verdict.valid) {
      const total = input.yes + input.no + input.abstain
      const text: Text = verdict.reason === "negative"
        ? { vi: "số phiếu phải là số nguyên không âm", en: "counts must be whole and not negative" }
        : verdict.reason === "exceeds_eligible"
        ? { vi: `tổng số phiếu ${total} vượt quá ${d.eligible} đảng viên có quyền biểu quyết`, en: `${total} votes exceed the ${d.eligible} eligible members` }
        : verdict.reason === "exceeds_present"
        ? { vi: `tổng số phiếu ${total} vượt quá ${d.presentEligible} đảng viên có quyền biểu quyết có mặt`, en: `${total} votes exceed the ${d.presentEligible} eligible members present` }
        : { vi: "không có đảng viên nào có quyền biểu quyết", en: "no member is eligible to vote" }
      return yield* validationFailed([{ field: verdict.field, text }])
    }
    const actor = yield* CurrentActor
    const vote = {
      id: randomUUID(),
      meeting_id: row.id,
      subject: input.subject.trim(),
      kind: input.kind,
      subject_member_id: input.subjectMemberId ?? null,
      eligible: verdict.eligible,
      yes: input.yes,
      no: input.no,
      abstain: input.abstain,
      threshold: verdict.threshold,
      yes_needed: verdict.yesNeeded,
      passed: verdict.passed,
      denominator: JSON.stringify(d),
      recorded_by: actor.accountId
    }
    const stored = yield* transactionally(Effect.gen(function*() {
      const r = yield* query("record vote", (db) => db.insertInto("meeting_votes").values(vote).returningAll().executeTakeFirstOrThrow())
      yield* Audit.record({ action: "meeting.vote", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { voteId: vote.id, kind: vote.kind, passed: vote.passed } })
      return r
    }))
    return voteOf(stored)
  })

const votesOf = (meetingId: string) =>
  Effect.map(query("votes", (db) => db.selectFrom("meeting_votes").selectAll().where("meeting_id", "=", meetingId).orderBy("created_at").orderBy("id").execute()), (rows) => rows.map(voteOf))

/**
 * The votes of a meeting, in the order taken.
 *
 * @since 0.2.0
 * @category queries
 */
export const votes = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.read")
    return { items: yield* votesOf(row.id) }
  })

// ---------------------------------------------------------------------------------------------
// Minutes

const minutesCounts = (row: MeetingRow) =>
  Effect.gen(function*() {
    const m = yield* query("membership counts", (db) =>
      db.selectFrom("members").select([
        sql<number>`(count(*) filter (where status = 'official'))::int`.as("official"),
        sql<number>`(count(*) filter (where status = 'probationary'))::int`.as("probationary"),
        sql<number>`(count(*) filter (where status = 'exempt'))::int`.as("exempt")
      ]).where("org_id", "=", row.org_id).executeTakeFirstOrThrow())
    const ps = yield* query("participants for minutes", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("members as m", "m.id", "p.member_id")
        .select(["p.member_id", "m.full_name", "p.category", "p.attendance", "p.absence_reason"])
        .where("p.meeting_id", "=", row.id).orderBy("m.sort_key").orderBy("m.id").execute())
    const present = ps.filter((p) => p.attendance === "present")
    const withReason = ps.filter((p) => p.attendance === "absent_with_reason")
    const withoutReason = ps.filter((p) => p.attendance === "absent_without_reason")
    return {
      totalMembers: m.official + m.probationary + m.exempt,
      official: m.official,
      probationary: m.probationary,
      temporary: ps.filter((p) => p.category === "temporary").length,
      exempt: m.exempt,
      temporarilyAway: ps.filter((p) => p.attendance === "not_required").length,
      attended: present.length,
      attendedOfficial: present.filter((p) => p.category === "official").length,
      attendedProbationary: present.filter((p) => p.category === "probationary").length,
      attendedTemporary: present.filter((p) => p.category === "temporary").length,
      absent: withReason.length + withoutReason.length,
      absentWithReason: withReason.length,
      absentWithoutReason: withoutReason.length,
      absencesWithReason: withReason.map((p) => ({ memberId: p.member_id as MemberId, fullName: p.full_name, reason: p.absence_reason ?? "" })),
      absencesWithoutReason: withoutReason.map((p) => ({ memberId: p.member_id as MemberId, fullName: p.full_name }))
    }
  })

const approvalOf = (a: Record<string, unknown> | null) =>
  a === null ? null : ({ at: a.at as string, memberId: a.memberId as MemberId, recordedBy: a.recordedBy as string, channel: a.channel as Channel })

const readMinutes = (row: MeetingRow) =>
  Effect.gen(function*() {
    const m = yield* query("minutes", (db) => db.selectFrom("meeting_minutes").selectAll().where("meeting_id", "=", row.id).executeTakeFirst())
    if (!m) return yield* notFound({ vi: "Cuộc họp chưa có biên bản", en: "The meeting has no minutes yet" })
    const amendments = yield* query("amendments", (db) =>
      db.selectFrom("meeting_minutes_amendments").selectAll().where("meeting_id", "=", row.id).orderBy("created_at").orderBy("id").execute())
    const documents = yield* query("documents disseminated", (db) =>
      db.selectFrom("meeting_documents as md").innerJoin("documents as d", "d.id", "md.document_id").select("d.symbol")
        .where("md.meeting_id", "=", row.id).orderBy("md.attached_at").execute())
    const t = localParts(row.starts_at)
    const minutes: Minutes = {
      meetingId: row.id as MeetingId,
      status: m.status as "draft" | "final",
      heading: row.kind === "regular_monthly"
        ? `BIÊN BẢN HỌP CHI BỘ THÁNG ${t.month} NĂM ${t.year}`
        : `BIÊN BẢN ${KIND_TEXT[row.kind as MeetingKind].vi.toUpperCase()}`,
      orgName: row.org_name,
      startsAt: formatInstant(row.starts_at),
      place: row.place,
      chair: yield* memberName(row.chair_id),
      minuteTaker: yield* memberName(row.minute_taker_id),
      counts: m.counts as unknown as Minutes["counts"],
      votes: yield* votesOf(row.id),
      documents: documents.map((d) => d.symbol),
      contents: m.contents,
      opinions: m.opinions,
      conclusions: m.conclusions,
      guests: [...m.guests],
      chairApproval: approvalOf(m.chair_approval),
      minuteTakerApproval: approvalOf(m.minute_taker_approval),
      finalizedAt: m.finalized_at ? formatInstant(m.finalized_at) : null,
      amendments: amendments.map((a) => ({ id: a.id, text: a.text, reason: a.reason, recordedBy: a.recorded_by, recordedAt: formatInstant(a.created_at) }))
    }
    return minutes
  })

/**
 * The minutes of a meeting, with the counts filled in from attendance and the votes.
 *
 * @since 0.2.0
 * @category queries
 */
export const getMinutes = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.read")
    return yield* readMinutes(row)
  })

const FINAL: Text = {
  vi: "Biên bản đã được thông qua và không sửa được; hãy thêm bản đính chính",
  en: "The minutes are final and cannot change; add an amendment"
}

/**
 * Drafts (or redrafts) the minutes: the text is the secretary's, the counts are recomputed from
 * attendance and votes. Redrafting withdraws earlier approvals. Final minutes are refused.
 *
 * @since 0.2.0
 * @category commands
 */
export const putMinutes = (meetingId: string, input: { readonly contents: string; readonly opinions?: string | undefined; readonly conclusions?: string | undefined; readonly guests?: ReadonlyArray<string> | undefined }) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    const existing = yield* query("minutes", (db) => db.selectFrom("meeting_minutes").select("status").where("meeting_id", "=", row.id).executeTakeFirst())
    if (existing?.status === "final" || row.status === "published") return yield* conflict(FINAL)
    if (row.status !== "in_progress" && row.status !== "concluded") {
      return yield* conflict({ vi: "Biên bản được lập trong và sau cuộc họp", en: "Minutes are drafted during and after the meeting" })
    }
    const at = yield* now
    const counts = yield* minutesCounts(row)
    const values = {
      status: "draft",
      contents: input.contents,
      opinions: input.opinions ?? "",
      conclusions: input.conclusions ?? "",
      guests: JSON.stringify(input.guests ?? []),
      counts: JSON.stringify(counts),
      chair_approved_at: null,
      chair_approval: null,
      minute_taker_approved_at: null,
      minute_taker_approval: null,
      updated_by: actor.accountId,
      updated_at: at
    }
    yield* transactionally(Effect.gen(function*() {
      yield* query("draft minutes", (db) =>
        db.insertInto("meeting_minutes").values({ meeting_id: row.id, ...values })
          .onConflict((oc) => oc.column("meeting_id").doUpdateSet(values).where("meeting_minutes.status", "=", "draft")).execute())
      yield* Audit.record({ action: "meeting.minutes.draft", orgId: row.org_id, targetType: "meeting", targetId: row.id })
    }))
    return yield* readMinutes(row)
  })

/**
 * The chair or the minute-taker approves the minutes (or the secretary records their signature on
 * paper, assisted mode). Once both have approved, the minutes are final, their counts frozen, and
 * the meeting published. Approving needs the meeting concluded.
 *
 * @since 0.2.0
 * @category commands
 */
export const approveMinutes = (meetingId: string, input: { readonly as: "chair" | "minute_taker"; readonly channel?: Channel | undefined }) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.read")
    const m = yield* query("minutes", (db) => db.selectFrom("meeting_minutes").select(["status", "chair_approval", "minute_taker_approval"]).where("meeting_id", "=", row.id).executeTakeFirst())
    if (!m) return yield* conflict({ vi: "Cuộc họp chưa có biên bản", en: "The meeting has no minutes yet" })
    if (m.status === "final") return yield* conflict(FINAL)
    if (row.status !== "concluded") {
      return yield* conflict({ vi: "Biên bản được thông qua sau khi cuộc họp kết thúc", en: "Minutes are approved once the meeting has concluded" })
    }
    const signer = input.as === "chair" ? row.chair_id : row.minute_taker_id
    if (!signer) {
      return yield* validationFailed([{ field: input.as === "chair" ? "chairId" : "minuteTakerId", text: { vi: "cuộc họp chưa có người này", en: "the meeting names nobody in this role" } }])
    }
    const assisted = actor.memberId !== signer
    if (assisted) {
      const decision = can(actor, "meetings.manage", { orgPath: row.org_path })
      if (!decision.allowed) return yield* forbidden({ vi: "Chỉ chủ trì hoặc thư ký cuộc họp thông qua biên bản", en: "Only the chair or the minute-taker approves the minutes" })
    }
    const at = yield* now
    const approval = JSON.stringify({ at: formatInstant(at), memberId: signer, recordedBy: actor.accountId, channel: input.channel ?? (assisted ? "paper" : "app") })
    yield* transactionally(Effect.gen(function*() {
      const updated = yield* query("approve minutes", (db) =>
        db.updateTable("meeting_minutes").set(input.as === "chair" ? { chair_approved_at: at, chair_approval: approval } : { minute_taker_approved_at: at, minute_taker_approval: approval })
          .where("meeting_id", "=", row.id).where("status", "=", "draft").returning(["chair_approved_at", "minute_taker_approved_at"]).executeTakeFirst())
      if (!updated) return yield* conflict(FINAL)
      yield* Audit.record({ action: "meeting.minutes.approve", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { as: input.as, assisted } })
      if (updated.chair_approved_at && updated.minute_taker_approved_at) {
        const counts = yield* minutesCounts(row)
        yield* query("finalize minutes", (db) =>
          db.updateTable("meeting_minutes").set({ status: "final", finalized_at: at, counts: JSON.stringify(counts), updated_at: at })
            .where("meeting_id", "=", row.id).execute())
        yield* query("publish meeting", (db) =>
          db.updateTable("meetings").set({ status: "published", updated_at: at }).where("id", "=", row.id).where("status", "=", "concluded").execute())
        yield* Audit.record({ action: "meeting.published", orgId: row.org_id, targetType: "meeting", targetId: row.id })
      }
    }))
    return yield* readMinutes(yield* loadRow(row.id))
  })

/**
 * A correction to final minutes, kept beside the original (which never changes).
 *
 * @since 0.2.0
 * @category commands
 */
export const amendMinutes = (meetingId: string, input: { readonly text: string; readonly reason: string }) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    const m = yield* query("minutes", (db) => db.selectFrom("meeting_minutes").select("status").where("meeting_id", "=", row.id).executeTakeFirst())
    if (!m || m.status !== "final") {
      return yield* conflict({ vi: "Chỉ đính chính biên bản đã thông qua; bản nháp thì sửa trực tiếp", en: "Only final minutes take amendments; edit a draft directly" })
    }
    yield* transactionally(Effect.gen(function*() {
      const id = randomUUID()
      yield* query("amend minutes", (db) =>
        db.insertInto("meeting_minutes_amendments").values({ id, meeting_id: row.id, text: input.text, reason: input.reason, recorded_by: actor.accountId }).execute())
      yield* Audit.record({ action: "meeting.minutes.amend", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { amendmentId: id } })
    }))
    return yield* readMinutes(row)
  })

/** @internal */
export const _internal = { loadRow, inviteText, recipientsOf, participantRow, now }
export type { MeetingRow }
