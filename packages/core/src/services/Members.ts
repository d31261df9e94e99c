/**
 * Members: listing a subtree with search, reading one, and the contact fields a member or their
 * secretary may correct. Every query is scoped by the actor's organization subtree.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { forbidden, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import { type Gender, HEADCOUNT_STATUSES, type Member, type MemberListItem, type MemberPage, type MemberStatus, MemberStatus as MemberStatusSchema, type MemberUpdate } from "../model/Member.js"
import { can, type View } from "../rules/Access.js"
import { maskCitizenId } from "../rules/CitizenId.js"
import { maskPhone, normalizePhone } from "../rules/Phone.js"
import { searchTerms } from "../rules/VietnameseText.js"
import { query, transactionally } from "../store/Database.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Organizations from "./Organizations.js"

const NOT_FOUND = { vi: "Không tìm thấy đảng viên", en: "Member not found" }

const memberColumns = [
  "m.id",
  "m.full_name",
  "m.date_of_birth",
  "m.gender",
  "m.ethnicity",
  "m.admission_date",
  "m.official_date",
  "m.party_card_number",
  "m.citizen_id",
  "m.phone",
  "m.status",
  "m.org_id",
  "m.sort_key",
  "m.updated_at",
  "o.name as org_name",
  "o.path as org_path"
] as const

/**
 * Options of a member list.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  readonly q?: string | undefined
  readonly status?: ReadonlyArray<MemberStatus> | undefined
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * Parses a `status` query value: one status or several separated by commas.
 *
 * @since 0.1.0
 * @category rules
 */
export const parseStatusFilter = (text: string | undefined) => {
  if (text === undefined || text.trim() === "") return Effect.succeed(undefined)
  const values = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0)
  const valid = MemberStatusSchema.literals as ReadonlyArray<string>
  const wrong = values.filter((v) => !valid.includes(v))
  return wrong.length > 0
    ? validationFailed([{
      field: "status",
      text: { vi: `giá trị không hợp lệ ${wrong.join(", ")}; dùng ${valid.join(", ")}`, en: `unknown value ${wrong.join(", ")}; use ${valid.join(", ")}` }
    }])
    : Effect.succeed(values as ReadonlyArray<MemberStatus>)
}

/**
 * Lists the members of an organization's subtree in Vietnamese name order, a page at a time.
 * `q` matches the start of any word of the name, ignoring case and accents (`giang` finds
 * Giàng, `dieu` finds Điêu), or the start of a Party card number.
 *
 * @since 0.1.0
 * @category queries
 */
export const list = (orgId: string, options: ListOptions) =>
  Effect.gen(function*() {
    const { org, view } = yield* Organizations.authorize(orgId, "members.list")
    const limit = pageSize(options.limit)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, 2)
    const terms = options.q === undefined ? [] : searchTerms(options.q)
    const statuses = options.status ?? HEADCOUNT_STATUSES
    const rows = yield* query("list members", (db) => {
      let q = db
        .selectFrom("members as m")
        .innerJoin("organizations as o", "o.id", "m.org_id")
        .select(memberColumns)
        .where("o.path", "like", `${escapeLike(org.path)}%`)
        .where("m.status", "in", statuses)
      for (const term of terms) {
        const pattern = escapeLike(term)
        q = q.where((eb) =>
          eb.or([
            eb("m.name_folded", "like", `${pattern}%`),
            eb("m.name_folded", "like", `% ${pattern}%`),
            ...(/^[0-9]+$/.test(term) && view !== "roster" ? [eb("m.party_card_number", "like", `${pattern}%`)] : [])
          ])
        )
      }
      if (after) {
        q = q.where((eb) => eb(eb.refTuple("m.sort_key", "m.id"), ">", eb.tuple(after[0]!, after[1]!)))
      }
      return q.orderBy("m.sort_key").orderBy("m.id").limit(limit + 1).execute()
    })
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    yield* Audit.record({ action: "members.list", orgId: org.id, targetType: "organization", targetId: org.id, detail: { count: page.length } })
    const result: MemberPage = {
      items: page.map((row) => toListItem(row, view)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.sort_key, last.id]) : null
    }
    return result
  })

type MemberRowView = {
  id: string
  full_name: string
  date_of_birth: string
  gender: string
  ethnicity: string | null
  admission_date: string | null
  official_date: string | null
  party_card_number: string | null
  citizen_id: string
  phone: string | null
  status: string
  org_id: string
  org_name: string
  updated_at: Date
}

const toListItem = (row: MemberRowView, view: View): MemberListItem => {
  const roster = view === "roster"
  return {
    id: row.id as MemberId,
    fullName: row.full_name,
    gender: row.gender as Gender,
    status: row.status as MemberStatus,
    orgId: row.org_id as OrgId,
    orgName: row.org_name,
    dateOfBirth: roster ? null : row.date_of_birth,
    partyCardNumber: roster ? null : row.party_card_number,
    citizenId: maskCitizenId(row.citizen_id),
    phone: roster || row.phone === null ? null : maskPhone(row.phone)
  }
}

const toMember = (row: MemberRowView, accountStatus: string | null): Member => ({
  id: row.id as MemberId,
  fullName: row.full_name,
  dateOfBirth: row.date_of_birth,
  gender: row.gender as Gender,
  ethnicity: row.ethnicity,
  admissionDate: row.admission_date,
  officialDate: row.official_date,
  partyCardNumber: row.party_card_number,
  citizenId: row.citizen_id,
  phone: row.phone,
  status: row.status as MemberStatus,
  orgId: row.org_id as OrgId,
  orgName: row.org_name,
  accountStatus,
  updatedAt: row.updated_at.toISOString()
})

const loadRow = (memberId: string) =>
  Effect.flatMap(
    query("load member", (db) =>
      db
        .selectFrom("members as m")
        .innerJoin("organizations as o", "o.id", "m.org_id")
        .leftJoin("accounts as a", "a.member_id", "m.id")
        .select([...memberColumns, "a.status as account_status"])
        .where("m.id", "=", memberId)
        .executeTakeFirst()),
    (row) => (row ? Effect.succeed(row) : notFound(NOT_FOUND))
  )

/**
 * One member. The member themself, their secretary and committee staff get the full record (the
 * read is audited); a cellmate gets the roster view; anyone else, NotFound.
 *
 * @since 0.1.0
 * @category queries
 */
export const get = (memberId: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* loadRow(memberId)
    const decision = can(actor, "member.read", { orgPath: row.org_path, memberId: row.id })
    if (!decision.allowed) return yield* notFound(NOT_FOUND)
    if (decision.view === "roster") return toListItem(row, "roster") as Member | MemberListItem
    yield* Audit.record({ action: "member.read", orgId: row.org_id, targetType: "member", targetId: row.id, detail: { fields: ["citizenId", "phone", "ethnicity"] } })
    return toMember(row, row.account_status) as Member | MemberListItem
  })

/**
 * Corrects a member's contact fields (the phone, normalized to E.164). The member themself or
 * their secretary / committee staff may; the change is audited with the fields that changed.
 *
 * @since 0.1.0
 * @category commands
 */
export const update = (memberId: string, patch: MemberUpdate) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* loadRow(memberId)
    const decision = can(actor, "member.update", { orgPath: row.org_path, memberId: row.id })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(NOT_FOUND)
        : forbidden({ vi: "Bạn không được sửa hồ sơ của đảng viên này", en: "You may not change this member's record" })
    }
    const changes: { phone?: string | null } = {}
    if (patch.phone !== undefined) {
      const phone = patch.phone === null || patch.phone.trim() === "" ? null : normalizePhone(patch.phone)
      if (phone === undefined) {
        return yield* validationFailed([{ field: "phone", text: { vi: "không phải số điện thoại Việt Nam", en: "not a Vietnamese phone number" } }])
      }
      if (phone !== row.phone) changes.phone = phone
    }
    const changed = Object.keys(changes)
    if (changed.length > 0) {
      yield* query("update member", (db) =>
        db.updateTable("members").set({ ...changes, updated_at: sql<Date>`now()` }).where("id", "=", memberId).execute())
      yield* Audit.record({ action: "member.update", orgId: row.org_id, targetType: "member", targetId: row.id, detail: { fields: changed } })
    }
    const updated = yield* loadRow(memberId)
    return toMember(updated, updated.account_status)
  }))
