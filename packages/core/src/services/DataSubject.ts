/**
 * Data subject rights under the Personal Data Protection Law (91/2025/QH15): a member downloads
 * everything held about them; an administrator anonymizes a deceased or removed member's
 * personal fields once the retention period has passed, keeping the record (status, cell,
 * gender, dates of admission) so that every count stays right.
 *
 * @since 0.2.0
 */
import { Effect, Schema } from "effect"
import { sql } from "kysely"
import { AuditEntry } from "../model/Audit.js"
import { AccountStatus, Registration, RoleAssignment, SessionInfo } from "../model/Account.js"
import { conflict } from "../model/Errors.js"
import { AccountId, MemberId } from "../model/Ids.js"
import { Instant } from "../model/Meeting.js"
import { Member, MemberListItem } from "../model/Member.js"
import { fold, nameSortKey } from "../rules/VietnameseText.js"
import { formatInstant } from "../rules/VietnamTime.js"
import { query, transactionally } from "../store/Database.js"
import * as Accounts from "./Accounts.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Members from "./Members.js"
import { Settings } from "./Settings.js"

/**
 * Everything held about the caller.
 *
 * @since 0.2.0
 * @category models
 */
export const PersonalData = Schema.Struct({
  exportedAt: Schema.String,
  account: Schema.Struct({
    id: AccountId,
    username: Schema.NullOr(Schema.String),
    status: AccountStatus,
    activatedAt: Schema.NullOr(Schema.String),
    createdAt: Schema.String
  }),
  member: Schema.NullOr(Schema.Union(Member, MemberListItem)),
  roles: Schema.Array(RoleAssignment),
  sessions: Schema.Array(SessionInfo),
  registrations: Schema.Array(Registration),
  /** Every meeting the member was expected at: invitation, answer, attendance and check-in. */
  meetings: Schema.Array(Schema.Struct({
    meetingId: Schema.String,
    orgName: Schema.String,
    kind: Schema.String,
    startsAt: Instant,
    category: Schema.String,
    invitedAt: Schema.NullOr(Instant),
    readAt: Schema.NullOr(Instant),
    rsvp: Schema.NullOr(Schema.String),
    rsvpReason: Schema.NullOr(Schema.String),
    attendance: Schema.NullOr(Schema.String),
    absenceReason: Schema.NullOr(Schema.String),
    checkedInAt: Schema.NullOr(Instant),
    checkInMethod: Schema.NullOr(Schema.String),
    channel: Schema.NullOr(Schema.String)
  })),
  /** The meeting documents sent to the member, and when they were opened and acknowledged. */
  documentReceipts: Schema.Array(Schema.Struct({
    meetingId: Schema.String,
    documentId: Schema.String,
    symbol: Schema.String,
    title: Schema.String,
    deliveredAt: Instant,
    openedAt: Schema.NullOr(Instant),
    acknowledgedAt: Schema.NullOr(Instant),
    remindedAt: Schema.NullOr(Instant)
  })),
  /** The member's inbox: invitations, reminders, flags. */
  notifications: Schema.Array(Schema.Struct({
    id: Schema.String,
    kind: Schema.String,
    text: Schema.Struct({ vi: Schema.String, en: Schema.String }),
    meetingId: Schema.NullOr(Schema.String),
    createdAt: Instant,
    readAt: Schema.NullOr(Instant)
  })),
  auditTrail: Schema.Array(AuditEntry)
}).annotations({ identifier: "PersonalData" })

/** @since 0.2.0 @category models */
export type PersonalData = typeof PersonalData.Type

/**
 * The caller's own data as JSON: account, member record (unmasked), roles, open sessions,
 * registrations, meetings (invitations, answers and their reasons, attendance, check-ins),
 * meeting documents received, the inbox, and the audit entries about them or by them (at most
 * the latest 10,000).
 *
 * @since 0.2.0
 * @category queries
 */
export const exportSelf = Effect.gen(function*() {
  const actor = yield* CurrentActor
  const account = yield* query("load account", (db) =>
    db.selectFrom("accounts").select(["id", "username", "status", "activated_at", "created_at"]).where("id", "=", actor.accountId).executeTakeFirstOrThrow())
  const member = actor.memberId ? yield* Members.get(actor.memberId) : null
  const me = yield* Accounts.me
  const sessions = yield* Accounts.listSessions
  const registrations = actor.memberId
    ? yield* query("own registrations", (db) =>
      db.selectFrom("registrations as r").innerJoin("organizations as o", "o.id", "r.org_id")
        .select(["r.id", "r.org_id", "o.name as org_name", "r.member_id", "r.full_name", "r.date_of_birth", "r.citizen_id", "r.party_card_number", "r.phone", "r.status", "r.reason", "r.created_at", "r.decided_at"])
        .where((eb) => eb.or([eb("r.member_id", "=", actor.memberId!), eb("r.account_id", "=", actor.accountId)]))
        .orderBy("r.created_at").execute())
    : []
  const instant = (d: Date | string | null) => (d === null ? null : formatInstant(new Date(d)))
  const meetings = actor.memberId
    ? yield* query("own meetings", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("meetings as mt", "mt.id", "p.meeting_id").innerJoin("organizations as o", "o.id", "mt.org_id")
        .select(["p.meeting_id", "o.name as org_name", "mt.kind", "mt.starts_at", "p.category", "p.invited_at", "p.read_at", "p.rsvp", "p.rsvp_reason",
          "p.attendance", "p.absence_reason", "p.checked_in_at", "p.check_in_method", "p.channel"])
        .where("p.member_id", "=", actor.memberId!).orderBy("mt.starts_at").orderBy("p.meeting_id").execute())
    : []
  const receipts = actor.memberId
    ? yield* query("own document receipts", (db) =>
      db.selectFrom("document_receipts as r").innerJoin("documents as d", "d.id", "r.document_id")
        .select(["r.meeting_id", "r.document_id", "d.symbol", "d.title", "r.delivered_at", "r.opened_at", "r.acknowledged_at", "r.reminded_at"])
        .where("r.member_id", "=", actor.memberId!).orderBy("r.delivered_at").orderBy("r.document_id").execute())
    : []
  // addressed to the member or to the account (before a registration was matched to a member)
  const inbox = yield* query("own notifications", (db) =>
    db.selectFrom("notifications").select(["id", "kind", "text", "meeting_id", "created_at", "read_at"])
      .where((eb) => eb.or([eb("account_id", "=", actor.accountId), ...(actor.memberId ? [eb("member_id", "=", actor.memberId)] : [])]))
      .orderBy("created_at").orderBy("id").execute())
  const trail = yield* query("own audit trail", (db) =>
    db.selectFrom("audit_log as l").select(Audit.columns)
      .where((eb) => eb.or([
        eb("l.actor_account_id", "=", actor.accountId),
        eb("l.target_id", "=", actor.accountId),
        ...(actor.memberId ? [eb("l.target_id", "=", actor.memberId), eb("l.on_behalf_of", "=", actor.memberId)] : [])
      ]))
      .orderBy("l.id", "desc").limit(10_000).execute())
  yield* Audit.record({ action: "personal_data.exported", orgId: actor.memberOrg?.id ?? null, targetType: "account", targetId: actor.accountId })
  const result: PersonalData = {
    exportedAt: new Date().toISOString(),
    account: {
      id: account.id as AccountId,
      username: account.username,
      status: account.status as AccountStatus,
      activatedAt: account.activated_at ? new Date(account.activated_at).toISOString() : null,
      createdAt: new Date(account.created_at).toISOString()
    },
    member,
    roles: me.roles,
    sessions,
    registrations: registrations.map((r) => ({
      id: r.id as Registration["id"],
      orgId: r.org_id as Registration["orgId"],
      orgName: r.org_name,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      citizenId: r.citizen_id,
      partyCardNumber: r.party_card_number,
      phone: r.phone,
      status: r.status as Registration["status"],
      registryMemberId: r.member_id as MemberId | null,
      reason: r.reason,
      createdAt: new Date(r.created_at).toISOString(),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null
    })),
    meetings: meetings.map((m) => ({
      meetingId: m.meeting_id,
      orgName: m.org_name,
      kind: m.kind,
      startsAt: instant(m.starts_at)!,
      category: m.category,
      invitedAt: instant(m.invited_at),
      readAt: instant(m.read_at),
      rsvp: m.rsvp,
      rsvpReason: m.rsvp_reason,
      attendance: m.attendance,
      absenceReason: m.absence_reason,
      checkedInAt: instant(m.checked_in_at),
      checkInMethod: m.check_in_method,
      channel: m.channel
    })),
    documentReceipts: receipts.map((r) => ({
      meetingId: r.meeting_id,
      documentId: r.document_id,
      symbol: r.symbol,
      title: r.title,
      deliveredAt: instant(r.delivered_at)!,
      openedAt: instant(r.opened_at),
      acknowledgedAt: instant(r.acknowledged_at),
      remindedAt: instant(r.reminded_at)
    })),
    notifications: inbox.map((n) => ({
      id: n.id,
      kind: n.kind,
      text: n.text,
      meetingId: n.meeting_id,
      createdAt: instant(n.created_at)!,
      readAt: instant(n.read_at)
    })),
    auditTrail: trail.map((r) => Audit.toEntry(r as never))
  }
  return result
})

/** Statuses whose personal fields may be anonymized after the retention period. @since 0.2.0 @category constants */
export const ANONYMIZABLE: ReadonlySet<string> = new Set(["deceased", "removed"])

/** What stands in for the name of an anonymized member. @since 0.2.0 @category constants */
export const ANONYMIZED_NAME = "Đã ẩn danh"

/**
 * The result of an anonymization.
 *
 * @since 0.2.0
 * @category models
 */
export const Anonymized = Schema.Struct({
  memberId: MemberId,
  anonymizedAt: Schema.String
}).annotations({ identifier: "Anonymized" })

/**
 * Anonymizes a deceased or removed member once `retentionDays` have passed since the status
 * changed: name, date of birth (the year is kept), citizen id, Party card number and phone are
 * replaced; the account is disabled and its credentials, sessions and codes are deleted; their
 * registrations are cleared, and so are the reasons they gave for meeting absences (the
 * attendance itself stays). Status, cell, gender, ethnicity and admission dates stay, so every
 * count (headcount, adoption, reports by year) is unchanged. The audit trail holds ids only.
 *
 * @since 0.2.0
 * @category commands
 */
export const anonymize = (memberId: string) =>
  transactionally(Effect.gen(function*() {
    const settings = yield* Settings
    const row = yield* Accounts.authorizeMember(memberId, "member.anonymize")
    if (row.anonymized_at !== null) return yield* conflict({ vi: "Hồ sơ đã được ẩn danh", en: "The record is already anonymized" })
    if (!ANONYMIZABLE.has(row.member_status)) {
      return yield* conflict({ vi: "Chỉ ẩn danh đảng viên đã từ trần hoặc đã bị xóa tên", en: "Only a deceased or removed member is anonymized" })
    }
    const until = new Date(new Date(row.status_changed_at).getTime() + settings.retentionDays * 86_400_000)
    if (until.getTime() > Date.now()) {
      const day = until.toISOString().slice(0, 10)
      return yield* conflict({ vi: `Chưa hết thời hạn lưu trữ (đến ${day})`, en: `The retention period runs until ${day}` })
    }
    const now = new Date()
    yield* query("anonymize member", (db) =>
      db.updateTable("members").set({
        full_name: ANONYMIZED_NAME,
        name_folded: fold(ANONYMIZED_NAME),
        sort_key: `${nameSortKey(ANONYMIZED_NAME)}`,
        date_of_birth: sql<string>`make_date(extract(year from date_of_birth)::int, 1, 1)`,
        citizen_id: `anonymized:${memberId}`,
        party_card_number: null,
        phone: null,
        anonymized_at: now,
        updated_at: sql<Date>`now()`
      }).where("id", "=", memberId).execute())
    if (row.account_id) {
      yield* query("disable account", (db) =>
        db.updateTable("accounts").set({ status: "disabled", disabled_reason: "anonymized", password_hash: null, username: null, updated_at: sql<Date>`now()` })
          .where("id", "=", row.account_id!).execute())
      yield* query("delete sessions", (db) => db.deleteFrom("sessions").where("account_id", "=", row.account_id!).execute())
      yield* query("delete codes", (db) => db.deleteFrom("one_time_codes").where("subject_id", "=", row.account_id!).execute())
      yield* query("delete roles", (db) => db.deleteFrom("role_assignments").where("account_id", "=", row.account_id!).execute())
    }
    yield* query("clear registrations", (db) =>
      db.updateTable("registrations").set({ full_name: ANONYMIZED_NAME, citizen_id: "", party_card_number: null, phone: "", password_hash: null, reason: null, date_of_birth: sql<string>`make_date(extract(year from date_of_birth)::int, 1, 1)` })
        .where("member_id", "=", memberId).execute())
    // the reasons given for an absence may say why (illness): the fact stays, the text goes
    yield* query("clear meeting reasons", (db) =>
      db.updateTable("meeting_participants").set({
        rsvp_reason: sql<string | null>`case when rsvp_reason is null then null else ${ANONYMIZED_NAME} end`,
        absence_reason: sql<string | null>`case when absence_reason is null then null else ${ANONYMIZED_NAME} end`
      }).where("member_id", "=", memberId).execute())
    yield* Audit.record({ action: "member.anonymized", orgId: row.org_id, targetType: "member", targetId: memberId })
    return { memberId: memberId as MemberId, anonymizedAt: now.toISOString() }
  }))
