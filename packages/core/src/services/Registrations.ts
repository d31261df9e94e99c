/**
 * Self-registration, for a member the registry holds no phone for: the member gives their name,
 * date of birth, citizen id, Party card number, cell and phone; proves the phone with a one-time
 * code; the cell secretary approves (the account becomes active, the phone is recorded) or rejects
 * with a reason. Answers to the registrant never reveal whether the registry knows them.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { randomUUID } from "node:crypto"
import type { Registration, RegistrationPage, RegistrationRequest, RegistrationStatus } from "../model/Account.js"
import { conflict, forbidden, notFound, validationFailed, type FieldText } from "../model/Errors.js"
import type { MemberId, OrgId, RegistrationId } from "../model/Ids.js"
import { isCell, type OrgType } from "../model/Organization.js"
import { can } from "../rules/Access.js"
import { isCitizenId } from "../rules/CitizenId.js"
import { isIsoDate } from "../rules/DateOnly.js"
import * as PasswordRules from "../rules/Password.js"
import { normalizePhone } from "../rules/Phone.js"
import { fold, normalizeText } from "../rules/VietnameseText.js"
import { query, transactionally } from "../store/Database.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import * as Audit from "./Audit.js"
import { CurrentActor, RequestContext } from "./CurrentActor.js"
import { Notifier } from "./Notifier.js"
import * as OneTimeCodes from "./OneTimeCodes.js"
import * as Organizations from "./Organizations.js"
import * as Passwords from "./Passwords.js"
import { Settings } from "./Settings.js"
import * as Throttle from "./Throttle.js"

const NOT_FOUND = { vi: "Không tìm thấy đơn đăng ký", en: "Registration not found" }

const notify = (phone: string, kind: string, text: { vi: string; en: string }, data: Record<string, unknown> = {}) =>
  Effect.flatMap(Notifier, (n) =>
    n.send({ memberId: null, accountId: null, phone }, { kind, text, data }).pipe(
      Effect.catchAll((error) => Effect.logWarning(`notification delivery failed: ${error.reason}`))
    ))

/**
 * Submits a registration and sends a code to the given phone. The answer is the same whether or
 * not the registry holds a matching member.
 *
 * @since 0.2.0
 * @category commands
 */
export const submit = (input: RegistrationRequest) =>
  Effect.gen(function*() {
    const problems: Array<FieldText> = []
    const fullName = normalizeText(input.fullName)
    if (fullName.length === 0) problems.push({ field: "fullName", text: { vi: "cần có họ và tên", en: "the full name is required" } })
    if (!isIsoDate(input.dateOfBirth)) problems.push({ field: "dateOfBirth", text: { vi: "ngày không có thật", en: "not a calendar date" } })
    if (!isCitizenId(input.citizenId.trim())) problems.push({ field: "citizenId", text: { vi: "số CCCD gồm 12 chữ số", en: "a citizen id has 12 digits" } })
    const card = input.partyCardNumber.trim()
    if (!/^[0-9A-Za-z]{6,16}$/.test(card)) problems.push({ field: "partyCardNumber", text: { vi: "số thẻ đảng viên không hợp lệ", en: "not a Party card number" } })
    const phone = normalizePhone(input.phone)
    if (!phone) problems.push({ field: "phone", text: { vi: "không phải số điện thoại Việt Nam", en: "not a Vietnamese phone number" } })
    for (const text of PasswordRules.check(input.password, [fullName, input.phone, input.citizenId])) problems.push({ field: "password", text })
    const cell = yield* query("load cell", (db) =>
      db.selectFrom("organizations").select(["id", "type", "path"]).where("id", "=", input.cellId).executeTakeFirst())
    if (!cell || !isCell(cell.type as OrgType)) problems.push({ field: "cellId", text: { vi: "không phải mã của một chi bộ", en: "not the id of a Party cell" } })
    if (problems.length > 0) return yield* validationFailed(problems)

    const settings = yield* Settings
    const request = yield* Effect.serviceOption(RequestContext)
    const address = request._tag === "Some" ? request.value.clientAddress : null
    const keys = [`registration:${phone}`, ...(address ? [`registration-address:${address}`] : [])]
    yield* Throttle.check(keys)
    yield* Throttle.hit(keys[0]!, settings.maxCodeRequests, settings.throttleWindowSeconds)
    if (address) yield* Throttle.hit(keys[1]!, settings.maxFailuresPerAddress, settings.throttleWindowSeconds)

    // The registry member this could be: same citizen id, name, date of birth, Party card and cell.
    const candidate = yield* query("match registry", (db) =>
      db.selectFrom("members").select(["id", "full_name", "date_of_birth", "party_card_number", "org_id"])
        .where("citizen_id", "=", input.citizenId.trim()).where("anonymized_at", "is", null).executeTakeFirst())
    const matches = candidate !== undefined && fold(candidate.full_name) === fold(fullName) &&
      candidate.date_of_birth === input.dateOfBirth && candidate.party_card_number === card && candidate.org_id === cell!.id
    const id = randomUUID()
    const passwordHash = yield* Passwords.hash(input.password)
    yield* query("insert registration", (db) =>
      db.insertInto("registrations").values({
        id,
        org_id: cell!.id,
        member_id: matches ? candidate!.id : null,
        full_name: fullName,
        date_of_birth: input.dateOfBirth,
        citizen_id: input.citizenId.trim(),
        party_card_number: card,
        phone: phone!,
        password_hash: passwordHash,
        status: "unverified"
      }).execute())
    const code = yield* OneTimeCodes.issue("registration", id)
    yield* notify(phone!, "otp.registration", {
      vi: `Mã xác thực đăng ký Sổ tay đảng viên: ${code} (hiệu lực 5 phút). Không chia sẻ mã này.`,
      en: `Party Member Handbook registration code: ${code} (valid 5 minutes). Do not share it.`
    }, { code })
    yield* Audit.record({ action: "registration.submitted", actorAccountId: null, orgId: cell!.id, targetType: "registration", targetId: id })
    return { id: id as RegistrationId, status: "unverified" as RegistrationStatus }
  })

/**
 * Confirms the registrant's phone with the code; the registration then waits for the secretary.
 * An unknown id answers like a wrong code.
 *
 * @since 0.2.0
 * @category commands
 */
export const verify = (id: string, code: string) =>
  Effect.gen(function*() {
    const row = yield* query("load registration", (db) =>
      db.selectFrom("registrations").select(["id", "status", "org_id", "member_id"]).where("id", "=", id).executeTakeFirst())
    yield* OneTimeCodes.consume("registration", row && row.status === "unverified" ? row.id : null, code)
    yield* transactionally(Effect.gen(function*() {
      yield* query("verified", (db) =>
        db.updateTable("registrations").set({ status: "pending_approval", updated_at: sql<Date>`now()` }).where("id", "=", id).where("status", "=", "unverified").execute())
      if (row!.member_id) {
        yield* query("account pending", (db) =>
          db.updateTable("accounts").set({ status: "pending_approval", updated_at: sql<Date>`now()` })
            .where("member_id", "=", row!.member_id!).where("status", "=", "provisioned").execute())
      }
      yield* Audit.record({ action: "registration.verified", actorAccountId: null, orgId: row!.org_id, targetType: "registration", targetId: id })
    }))
    return { id: id as RegistrationId, status: "pending_approval" as RegistrationStatus }
  })

type Row = {
  id: string
  org_id: string
  org_name: string
  member_id: string | null
  full_name: string
  date_of_birth: string
  citizen_id: string
  party_card_number: string | null
  phone: string
  status: string
  reason: string | null
  created_at: Date
  decided_at: Date | null
}

const toRegistration = (r: Row): Registration => ({
  id: r.id as RegistrationId,
  orgId: r.org_id as OrgId,
  orgName: r.org_name,
  fullName: r.full_name,
  dateOfBirth: r.date_of_birth,
  citizenId: r.citizen_id,
  partyCardNumber: r.party_card_number,
  phone: r.phone,
  status: r.status as RegistrationStatus,
  registryMemberId: r.member_id as MemberId | null,
  reason: r.reason,
  createdAt: new Date(r.created_at).toISOString(),
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null
})

const rowColumns = [
  "r.id", "r.org_id", "o.name as org_name", "r.member_id", "r.full_name", "r.date_of_birth", "r.citizen_id",
  "r.party_card_number", "r.phone", "r.status", "r.reason", "r.created_at", "r.decided_at"
] as const

/**
 * The registrations of an organization's subtree (default: those waiting for approval), oldest
 * first, for the cell secretary and committee staff. The read is audited (personal fields).
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (orgId: string, options: { readonly status?: RegistrationStatus | undefined; readonly limit?: number | undefined; readonly cursor?: string | undefined }) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "registrations.review")
    const limit = pageSize(options.limit)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["instant", "uuid"])
    const rows = yield* query("list registrations", (db) => {
      let q = db.selectFrom("registrations as r").innerJoin("organizations as o", "o.id", "r.org_id")
        .select(rowColumns)
        .where("o.path", "like", `${org.path}%`)
        .where("r.status", "=", options.status ?? "pending_approval")
      if (after) q = q.where((eb) => eb(eb.refTuple(sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`, "r.id"), ">", eb.tuple(after[0]!, after[1]!)))
      return q.orderBy("r.created_at").orderBy("r.id").limit(limit + 1)
        .select(sql<string>`to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as("cursor_at"))
        .execute()
    })
    const page = rows.slice(0, limit)
    yield* Audit.record({ action: "registrations.list", orgId: org.id, targetType: "organization", targetId: org.id, detail: { count: page.length, fields: ["citizenId", "phone", "dateOfBirth"] } })
    const last = page.at(-1)
    const result: RegistrationPage = {
      items: page.map((r) => toRegistration(r as Row)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursor_at, last.id]) : null
    }
    return result
  })

/** A registration the actor may review: NotFound when outside their scope, Forbidden when visible. */
const authorizeRegistration = (id: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* query("load registration", (db) =>
      db.selectFrom("registrations as r").innerJoin("organizations as o", "o.id", "r.org_id")
        .select([...rowColumns, "o.path", "r.password_hash"]).where("r.id", "=", id).executeTakeFirst())
    if (!row) return yield* notFound(NOT_FOUND)
    const decision = can(actor, "registrations.review", { orgPath: row.path })
    if (!decision.allowed) {
      return yield* decision.hidden ? notFound(NOT_FOUND) : forbidden({ vi: "Chỉ bí thư chi bộ duyệt đăng ký", en: "Only the cell's secretary reviews registrations" })
    }
    return row
  })

const ALREADY_DECIDED = { vi: "Đơn đăng ký không còn chờ duyệt", en: "The registration is no longer waiting for approval" }

/**
 * Approves a registration: the matched registry member's account becomes active with the
 * password the registrant chose, and the verified phone is recorded. Approving the same
 * registration twice, even at the same moment, makes one account: the second gets Conflict.
 *
 * @since 0.2.0
 * @category commands
 */
export const approve = (id: string) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* authorizeRegistration(id)
    // The decision itself is the lock: only one approval moves the row out of pending_approval.
    const decided = yield* query("decide", (db) =>
      db.updateTable("registrations").set({ status: "approved", decided_by: actor.accountId, decided_at: new Date(), updated_at: sql<Date>`now()` })
        .where("id", "=", id).where("status", "=", "pending_approval").returning(["member_id", "password_hash", "phone"]).executeTakeFirst())
    if (!decided) return yield* conflict(ALREADY_DECIDED)
    if (!decided.member_id) {
      return yield* conflict({
        vi: "Không có đảng viên nào trong danh sách của chi bộ khớp với đơn này; hãy từ chối và nêu lý do",
        en: "No member of the cell's registry matches this registration; reject it with a reason"
      })
    }
    const member = yield* query("load member", (db) =>
      db.selectFrom("members as m").leftJoin("accounts as a", "a.member_id", "m.id")
        .select(["m.id", "m.phone", "m.org_id", "a.id as account_id", "a.status"]).where("m.id", "=", decided.member_id!).executeTakeFirstOrThrow())
    if (member.status === "active" || member.status === "disabled" || member.status === "locked") {
      return yield* conflict({ vi: "Đảng viên đã có tài khoản", en: "The member already has an account" })
    }
    let accountId = member.account_id
    if (accountId) {
      yield* query("activate", (db) =>
        db.updateTable("accounts").set({ status: "active", password_hash: decided.password_hash, activated_at: new Date(), updated_at: sql<Date>`now()` })
          .where("id", "=", accountId!).execute())
    } else {
      accountId = randomUUID()
      yield* query("create account", (db) =>
        db.insertInto("accounts").values({ id: accountId!, member_id: member.id, username: null, status: "active", password_hash: decided.password_hash, activated_at: new Date() }).execute())
    }
    if (member.phone === null) {
      yield* query("record phone", (db) => db.updateTable("members").set({ phone: decided.phone, updated_at: sql<Date>`now()` }).where("id", "=", member.id).execute())
    }
    yield* query("link account", (db) => db.updateTable("registrations").set({ account_id: accountId, password_hash: null }).where("id", "=", id).execute())
    yield* Audit.record({ action: "registration.approved", orgId: row.org_id, targetType: "registration", targetId: id, detail: { memberId: member.id, accountId } })
    yield* notify(decided.phone, "registration.approved", {
      vi: "Đăng ký Sổ tay đảng viên của đồng chí đã được duyệt; đồng chí có thể đăng nhập bằng số điện thoại.",
      en: "Your Party Member Handbook registration was approved; sign in with your phone number."
    })
    return toRegistration({ ...row, status: "approved", decided_at: new Date() })
  }))

/**
 * Rejects a registration with a reason, which the registrant receives by SMS.
 *
 * @since 0.2.0
 * @category commands
 */
export const reject = (id: string, reason: string) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* authorizeRegistration(id)
    const text = normalizeText(reason)
    if (text.length === 0) return yield* validationFailed([{ field: "reason", text: { vi: "cần nêu lý do", en: "a reason is required" } }])
    const decided = yield* query("decide", (db) =>
      db.updateTable("registrations").set({ status: "rejected", reason: text, password_hash: null, decided_by: actor.accountId, decided_at: new Date(), updated_at: sql<Date>`now()` })
        .where("id", "=", id).where("status", "in", ["pending_approval", "unverified"]).returning(["member_id", "phone"]).executeTakeFirst())
    if (!decided) return yield* conflict(ALREADY_DECIDED)
    if (decided.member_id) {
      yield* query("account back to provisioned", (db) =>
        db.updateTable("accounts").set({ status: "provisioned", updated_at: sql<Date>`now()` })
          .where("member_id", "=", decided.member_id!).where("status", "=", "pending_approval").execute())
    }
    yield* Audit.record({ action: "registration.rejected", orgId: row.org_id, targetType: "registration", targetId: id })
    yield* notify(decided.phone, "registration.rejected", {
      vi: `Đăng ký Sổ tay đảng viên của đồng chí chưa được duyệt. Lý do: ${text}`,
      en: `Your Party Member Handbook registration was not approved. Reason: ${text}`
    })
    return toRegistration({ ...row, status: "rejected", reason: text, decided_at: new Date() })
  }))
