/**
 * Members: listing a subtree with search, reading one, and the contact fields a member or their
 * secretary may correct. Every query is scoped by the actor's organization subtree.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { sql, type Updateable } from "kysely"
import type { MembersTable } from "../store/Schema.js"
import { conflict, type FieldText, forbidden, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import { type Gender, HEADCOUNT_STATUSES, type Member, type MemberListItem, type MemberPage, type MemberStatus, MemberStatus as MemberStatusSchema, type MemberUpdate } from "../model/Member.js"
import { can, type View } from "../rules/Access.js"
import { isCitizenId, maskCitizenId } from "../rules/CitizenId.js"
import { isIsoDate, todayInVietnam } from "../rules/DateOnly.js"
import { maskPhone, normalizePhone } from "../rules/Phone.js"
import { fold, nameSortKey, normalizeText, searchTerms } from "../rules/VietnameseText.js"
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
  "m.email",
  "m.address",
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
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["text", "uuid"])
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
  email: string | null
  address: string | null
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
  email: row.email,
  address: row.address,
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

/** Fields a member corrects on their own record. */
const CONTACT_FIELDS = ["phone", "email", "address"] as const
/** Fields only their secretary or committee staff correct. */
const RECORD_FIELDS = ["fullName", "dateOfBirth", "gender", "ethnicity", "partyCardNumber", "citizenId"] as const

type Column = "phone" | "email" | "address" | "full_name" | "date_of_birth" | "gender" | "ethnicity" | "party_card_number" | "citizen_id"
const COLUMN: Record<(typeof CONTACT_FIELDS)[number] | (typeof RECORD_FIELDS)[number], Column> = {
  phone: "phone",
  email: "email",
  address: "address",
  fullName: "full_name",
  dateOfBirth: "date_of_birth",
  gender: "gender",
  ethnicity: "ethnicity",
  partyCardNumber: "party_card_number",
  citizenId: "citizen_id"
}

/** Values as the audit trail keeps them: phones and citizen ids masked. */
const auditValue = (field: string, value: unknown) =>
  typeof value === "string" && field === "phone" ? maskPhone(value) : typeof value === "string" && field === "citizenId" ? maskCitizenId(value) : value

/**
 * Corrects a member's record. The member themself corrects their contact fields (phone in E.164,
 * email, address); their secretary or committee staff also correct the other fields of the record.
 * Every change is audited with the fields' values before and after (phones and citizen ids masked).
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
    const problems: Array<FieldText> = []
    if (decision.view !== "full") {
      for (const field of RECORD_FIELDS) {
        if (patch[field] !== undefined) {
          problems.push({ field, text: { vi: "chỉ bí thư chi bộ hoặc cấp ủy được sửa", en: "only your secretary or committee may correct this" } })
        }
      }
      if (problems.length > 0) return yield* validationFailed(problems)
    }
    const next: Partial<Record<Column, string | null>> = {}
    const blankToNull = (value: string | null | undefined) => (value === null || value === undefined || value.trim() === "" ? null : value)
    if (patch.phone !== undefined) {
      const text = blankToNull(patch.phone)
      const phone = text === null ? null : normalizePhone(text)
      if (phone === undefined) problems.push({ field: "phone", text: { vi: "không phải số điện thoại Việt Nam", en: "not a Vietnamese phone number" } })
      else next.phone = phone
    }
    if (patch.email !== undefined) {
      const email = blankToNull(patch.email)?.trim().toLowerCase() ?? null
      if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: "email", text: { vi: "không phải địa chỉ thư điện tử", en: "not an email address" } })
      else next.email = email
    }
    if (patch.address !== undefined) next.address = blankToNull(patch.address) === null ? null : normalizeText(patch.address!)
    if (patch.fullName !== undefined) {
      const name = normalizeText(patch.fullName)
      if (name.length === 0 || name.length > 120 || !/^[\p{L}\p{M} .'-]+$/u.test(name)) {
        problems.push({ field: "fullName", text: { vi: "họ tên chỉ gồm chữ, tối đa 120 ký tự", en: "letters only, at most 120 characters" } })
      } else next.full_name = name
    }
    if (patch.dateOfBirth !== undefined) {
      if (!isIsoDate(patch.dateOfBirth) || patch.dateOfBirth >= (row.admission_date ?? todayInVietnam())) {
        problems.push({ field: "dateOfBirth", text: { vi: "ngày không hợp lệ hoặc không trước ngày vào Đảng", en: "not a real date, or not before the admission date" } })
      } else next.date_of_birth = patch.dateOfBirth
    }
    if (patch.gender !== undefined) next.gender = patch.gender
    if (patch.ethnicity !== undefined) next.ethnicity = blankToNull(patch.ethnicity) === null ? null : normalizeText(patch.ethnicity!)
    if (patch.partyCardNumber !== undefined) {
      const card = blankToNull(patch.partyCardNumber)?.replace(/\s/g, "") ?? null
      if (card !== null && !/^[0-9A-Za-z]{6,16}$/.test(card)) problems.push({ field: "partyCardNumber", text: { vi: "phải gồm 6–16 chữ số hoặc chữ cái", en: "must be 6–16 digits or letters" } })
      else next.party_card_number = card
    }
    if (patch.citizenId !== undefined) {
      const citizenId = patch.citizenId.replace(/\s/g, "")
      if (!isCitizenId(citizenId)) problems.push({ field: "citizenId", text: { vi: "phải gồm đúng 12 chữ số", en: "must be exactly 12 digits" } })
      else next.citizen_id = citizenId
    }
    if (problems.length > 0) return yield* validationFailed(problems)

    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    const changes: Partial<Record<Column | "name_folded" | "sort_key", string | null>> = {}
    for (const field of [...CONTACT_FIELDS, ...RECORD_FIELDS]) {
      const column = COLUMN[field]
      if (!(column in next)) continue
      const current = (row as unknown as Record<string, string | null>)[column] ?? null
      if (next[column] === current) continue
      changes[column] = next[column] ?? null
      before[field] = auditValue(field, current)
      after[field] = auditValue(field, next[column])
    }
    for (const [column, label] of [["citizen_id", "citizenId"], ["party_card_number", "partyCardNumber"]] as const) {
      const value = changes[column]
      if (value === undefined || value === null) continue
      const taken = yield* query("unique check", (db) =>
        db.selectFrom("members").select("id").where(column, "=", value).where("id", "!=", memberId).executeTakeFirst())
      if (taken) return yield* conflict({ vi: `${label} đã thuộc về đảng viên khác`, en: `${label} belongs to another member` })
    }
    if (changes.full_name) {
      changes.name_folded = fold(changes.full_name)
      changes.sort_key = nameSortKey(changes.full_name)
    }
    const changed = Object.keys(after)
    if (changed.length > 0) {
      yield* query("update member", (db) =>
        db.updateTable("members").set({ ...(changes as Updateable<MembersTable>), updated_at: sql<Date>`now()` }).where("id", "=", memberId).execute())
      yield* Audit.record({
        action: "member.update",
        orgId: row.org_id,
        targetType: "member",
        targetId: row.id,
        detail: { fields: changed, before, after, by: decision.view === "self" ? "member" : "secretary" }
      })
    }
    const updated = yield* loadRow(memberId)
    return toMember(updated, updated.account_status)
  }))
