/**
 * Transfers of Party activities: the releasing organization issues an introduction letter, the
 * receiving one accepts it. An official transfer moves the member (and so their access) on
 * acceptance, not before; a temporary one places them in the host until an end date, outside the
 * host's headcount but in its meeting attendance.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { type Kysely, sql } from "kysely"
import type { DB } from "../store/Schema.js"
import { conflict, forbidden, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import { isCell, type OrgType } from "../model/Organization.js"
import type { Transfer, TransferRequest } from "../model/Transfer.js"
import { can } from "../rules/Access.js"
import { todayInVietnam } from "../rules/DateOnly.js"
import { checkUntil, isOverdue } from "../rules/Transfers.js"
import { query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Organizations from "./Organizations.js"

const MEMBER_NOT_FOUND = { vi: "Không tìm thấy đảng viên", en: "Member not found" }
const NOT_FOUND = { vi: "Không tìm thấy thư giới thiệu", en: "Transfer not found" }
const ORG_NOT_FOUND = { vi: "Không tìm thấy tổ chức đảng nhận", en: "Receiving organization not found" }

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const selectTransfers = (db: Kysely<DB>) =>
      db
        .selectFrom("transfers as t")
        .innerJoin("members as m", "m.id", "t.member_id")
        .innerJoin("organizations as f", "f.id", "t.from_org_id")
        .innerJoin("organizations as d", "d.id", "t.to_org_id")
        .select([
          "t.id",
          "t.member_id",
          "m.full_name",
          "t.kind",
          "t.status",
          "t.from_org_id",
          "f.name as from_name",
          "f.path as from_path",
          "t.to_org_id",
          "d.name as to_name",
          "d.path as to_path",
          "d.province_id as to_province",
          "t.letter_symbol",
          "t.issued_on",
          "t.until",
          "t.received_on",
          "t.ended_on"
        ])

type Row = {
  id: string
  member_id: string
  full_name: string
  kind: string
  status: string
  from_org_id: string
  from_name: string
  from_path: string
  to_org_id: string
  to_name: string
  to_path: string
  to_province: string | null
  letter_symbol: string | null
  issued_on: string
  until: string | null
  received_on: string | null
  ended_on: string | null
}

const toTransfer = (row: Row, today: string): Transfer => ({
  id: row.id,
  memberId: row.member_id as MemberId,
  memberName: row.full_name,
  kind: row.kind as Transfer["kind"],
  status: row.status as Transfer["status"],
  fromOrgId: row.from_org_id as OrgId,
  fromOrgName: row.from_name,
  toOrgId: row.to_org_id as OrgId,
  toOrgName: row.to_name,
  letterSymbol: row.letter_symbol,
  issuedOn: row.issued_on,
  until: row.until,
  receivedOn: row.received_on,
  endedOn: row.ended_on,
  overdue: isOverdue({ status: row.status, issuedOn: row.issued_on }, today)
})

const loadTransfer = (transferId: string) =>
  Effect.flatMap(query("load transfer", (db) => selectTransfers(db).where("t.id", "=", transferId).executeTakeFirst()), (row) =>
    row ? Effect.succeed(row as Row) : notFound(NOT_FOUND))

/** Loads a transfer the actor may act on from `side`; hidden (404) when they can see neither side. */
const authorizeTransfer = (transferId: string, side: "from" | "to") =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* loadTransfer(transferId)
    const decision = side === "to"
      ? can(actor, "transfer.receive", { orgPath: row.to_path })
      : can(actor, "transfer.issue", { orgPath: row.from_path, memberId: row.member_id })
    if (!decision.allowed) {
      const other = side === "to"
        ? can(actor, "transfer.issue", { orgPath: row.from_path, memberId: row.member_id })
        : can(actor, "transfer.receive", { orgPath: row.to_path })
      return yield* (decision.hidden && !other.allowed)
        ? notFound(NOT_FOUND)
        : forbidden(side === "to"
          ? { vi: "Chỉ tổ chức nhận được tiếp nhận", en: "Only the receiving organization may accept" }
          : { vi: "Chỉ tổ chức giới thiệu được làm việc này", en: "Only the releasing organization may do this" })
    }
    return row
  })

const reload = (transferId: string, today: string) => Effect.map(loadTransfer(transferId), (row) => toTransfer(row, today))

/**
 * Issues an introduction letter for a member, from their cell to a receiving cell (in the same or
 * another commune or province). One open letter per member.
 *
 * @since 0.2.0
 * @category commands
 */
export const issue = (memberId: string, request: TransferRequest) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const today = todayInVietnam()
    const member = yield* Effect.flatMap(
      query("load member", (db) =>
        db.selectFrom("members as m").innerJoin("organizations as o", "o.id", "m.org_id")
          .select(["m.id", "m.org_id", "m.status", "o.path"]).where("m.id", "=", memberId).forUpdate("m").executeTakeFirst()),
      (row) => (row ? Effect.succeed(row) : notFound(MEMBER_NOT_FOUND))
    )
    const decision = can(actor, "transfer.issue", { orgPath: member.path, memberId: member.id })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(MEMBER_NOT_FOUND)
        : forbidden({ vi: "Chỉ bí thư chi bộ hoặc cấp ủy được giới thiệu chuyển sinh hoạt", en: "Only the member's secretary or committee may issue a transfer" })
    }
    if (!["probationary", "official", "exempt"].includes(member.status)) {
      return yield* conflict({ vi: "Đảng viên này không chuyển sinh hoạt được", en: "This member cannot be transferred" })
    }
    // The receiving organization may be outside the actor's scope (another commune or province).
    const target = yield* Effect.flatMap(
      query("receiving org", (db) => db.selectFrom("organizations").select(["id", "type", "status"]).where("id", "=", request.toOrgId).executeTakeFirst()),
      (row) => (row ? Effect.succeed(row) : notFound(ORG_NOT_FOUND))
    )
    if (target.status !== "active" || !isCell(target.type as OrgType)) {
      return yield* validationFailed([{ field: "toOrgId", text: { vi: "phải là một chi bộ đang hoạt động", en: "must be an active cell" } }])
    }
    if (target.id === member.org_id) {
      return yield* validationFailed([{ field: "toOrgId", text: { vi: "đảng viên đã sinh hoạt ở chi bộ này", en: "the member already belongs to this cell" } }])
    }
    if (request.issuedOn > today) {
      return yield* validationFailed([{ field: "issuedOn", text: { vi: "ngày ở tương lai", en: "date is in the future" } }])
    }
    const untilProblem = checkUntil(request.kind, request.issuedOn, request.until)
    if (untilProblem) return yield* validationFailed([{ field: "until", text: untilProblem }])
    const open = yield* query("open transfer", (db) =>
      db.selectFrom("transfers").select("id").where("member_id", "=", memberId).where("status", "=", "introduced").executeTakeFirst())
    if (open) return yield* conflict({ vi: "Đảng viên đang có một thư giới thiệu chưa tiếp nhận", en: "The member already has a letter awaiting acceptance" })
    const id = randomUUID()
    yield* query("issue transfer", (db) =>
      db.insertInto("transfers").values({
        id,
        member_id: memberId,
        kind: request.kind,
        from_org_id: member.org_id,
        to_org_id: target.id,
        status: "introduced",
        letter_symbol: request.letterSymbol ?? null,
        issued_on: request.issuedOn,
        until: request.until ?? null
      }).execute())
    yield* Audit.record({
      action: "transfer.issue",
      orgId: member.org_id,
      targetType: "member",
      targetId: memberId,
      detail: { transferId: id, kind: request.kind, after: { status: "introduced", toOrgId: target.id, until: request.until ?? null } }
    })
    return yield* reload(id, today)
  }))

/**
 * The receiving organization accepts a letter. An official transfer moves the member there (their
 * access follows from the next request); a temporary one places them there until its end date.
 *
 * @since 0.2.0
 * @category commands
 */
export const receive = (transferId: string, on?: string) =>
  transactionally(Effect.gen(function*() {
    const today = todayInVietnam()
    const row = yield* authorizeTransfer(transferId, "to")
    if (row.status !== "introduced") return yield* conflict({ vi: "Thư giới thiệu không còn chờ tiếp nhận", en: "The letter is no longer awaiting acceptance" })
    const receivedOn = on ?? today
    if (receivedOn < row.issued_on || receivedOn > today) {
      return yield* validationFailed([{ field: "on", text: { vi: "phải từ ngày giới thiệu đến hôm nay", en: "must fall between the letter's date and today" } }])
    }
    if (row.kind === "official") {
      // The member leaves any temporary placement and moves, with their province.
      yield* query("end temporary", (db) =>
        db.updateTable("transfers").set({ status: "ended", ended_on: receivedOn, updated_at: sql<Date>`now()` })
          .where("member_id", "=", row.member_id).where("kind", "=", "temporary").where("status", "=", "received").execute())
      yield* query("move member", (db) =>
        db.updateTable("members").set({ org_id: row.to_org_id, province_id: row.to_province, updated_at: sql<Date>`now()` })
          .where("id", "=", row.member_id).execute())
    } else {
      yield* query("end previous temporary", (db) =>
        db.updateTable("transfers").set({ status: "ended", ended_on: receivedOn, updated_at: sql<Date>`now()` })
          .where("member_id", "=", row.member_id).where("kind", "=", "temporary").where("status", "=", "received").execute())
    }
    yield* query("receive transfer", (db) =>
      db.updateTable("transfers").set({ status: "received", received_on: receivedOn, updated_at: sql<Date>`now()` }).where("id", "=", transferId).execute())
    yield* Audit.record({
      action: "transfer.receive",
      orgId: row.to_org_id,
      targetType: "member",
      targetId: row.member_id,
      detail: {
        transferId,
        kind: row.kind,
        before: { status: "introduced", orgId: row.from_org_id },
        after: { status: "received", orgId: row.kind === "official" ? row.to_org_id : row.from_org_id, placedAt: row.to_org_id }
      }
    })
    return yield* reload(transferId, today)
  }))

/**
 * The releasing organization withdraws a letter not yet accepted.
 *
 * @since 0.2.0
 * @category commands
 */
export const cancel = (transferId: string) =>
  transactionally(Effect.gen(function*() {
    const row = yield* authorizeTransfer(transferId, "from")
    if (row.status !== "introduced") return yield* conflict({ vi: "Thư giới thiệu không còn chờ tiếp nhận", en: "The letter is no longer awaiting acceptance" })
    yield* query("cancel transfer", (db) =>
      db.updateTable("transfers").set({ status: "cancelled", updated_at: sql<Date>`now()` }).where("id", "=", transferId).execute())
    yield* Audit.record({ action: "transfer.cancel", orgId: row.from_org_id, targetType: "member", targetId: row.member_id, detail: { transferId, before: { status: "introduced" }, after: { status: "cancelled" } } })
    return yield* reload(transferId, todayInVietnam())
  }))

/**
 * Ends a temporary placement (the member returns): either organization may record it.
 *
 * @since 0.2.0
 * @category commands
 */
export const end = (transferId: string, on?: string) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* loadTransfer(transferId)
    const allowed = can(actor, "transfer.receive", { orgPath: row.to_path }).allowed ||
      can(actor, "transfer.issue", { orgPath: row.from_path, memberId: row.member_id }).allowed
    if (!allowed) return yield* notFound(NOT_FOUND)
    if (row.kind !== "temporary" || row.status !== "received") {
      return yield* conflict({ vi: "Chỉ kết thúc được sinh hoạt tạm thời đang diễn ra", en: "Only a current temporary placement can be ended" })
    }
    const endedOn = on ?? todayInVietnam()
    yield* query("end placement", (db) =>
      db.updateTable("transfers").set({ status: "ended", ended_on: endedOn, updated_at: sql<Date>`now()` }).where("id", "=", transferId).execute())
    yield* Audit.record({ action: "transfer.end", orgId: row.to_org_id, targetType: "member", targetId: row.member_id, detail: { transferId, before: { status: "received" }, after: { status: "ended", endedOn } } })
    return yield* reload(transferId, todayInVietnam())
  }))

/**
 * The letters of an organization's subtree: `incoming` (to be accepted there) or `outgoing`.
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (orgId: string, options: { readonly direction: "incoming" | "outgoing"; readonly status?: string | undefined }) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "transfers.list")
    const today = todayInVietnam()
    const rows = yield* query("list transfers", (db) => {
      let r = selectTransfers(db).where(options.direction === "incoming" ? "d.path" : "f.path", "like", `${escapeLike(org.path)}%`)
      if (options.status) r = r.where("t.status", "=", options.status)
      return r.orderBy("t.issued_on", "desc").orderBy("t.id").limit(1000).execute()
    })
    return { items: rows.map((row) => toTransfer(row as Row, today)) }
  })

/**
 * Who takes part in a cell's activities: its own members and those temporarily placed there
 * (meeting attendance); its members temporarily away are flagged `away`. The headcount
 * (reports) counts only the cell's own members.
 *
 * @since 0.2.0
 * @category queries
 */
export const placements = (orgId: string) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "members.list")
    const today = todayInVietnam()
    const rows = yield* query("placements", (db) =>
      db
        .selectFrom("member_placements as p")
        .innerJoin("members as m", "m.id", "p.member_id")
        .select([
          "p.member_id",
          "m.full_name",
          "m.status",
          "p.kind",
          "p.org_id",
          "m.org_id as home_org_id",
          "p.until",
          sql<boolean>`p.kind = 'official' and exists (select 1 from transfers t where t.member_id = p.member_id and t.kind = 'temporary' and t.status = 'received' and t.until >= ${today})`.as("away")
        ])
        .where("p.org_id", "=", org.id)
        .where("m.status", "in", ["probationary", "official", "exempt"])
        .where((eb) => eb.or([eb("p.until", "is", null), eb("p.until", ">=", today)]))
        .orderBy("m.sort_key")
        .orderBy("m.id")
        .execute())
    return {
      items: rows.map((r) => ({
        memberId: r.member_id as MemberId,
        fullName: r.full_name,
        status: r.status,
        kind: r.kind as "official" | "temporary",
        orgId: r.org_id as OrgId,
        homeOrgId: r.home_org_id as OrgId,
        until: r.until,
        away: Boolean(r.away)
      }))
    }
  })
