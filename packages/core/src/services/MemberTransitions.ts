/**
 * Applying lifecycle decisions to stored members: the pure state machine of
 * `rules/MemberLifecycle`, the member's row, the transition history and the audit trail, in one
 * transaction.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { sql } from "kysely"
import { conflict, type FieldText, forbidden, invalidTransition, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import type { AdmissionRequest, MemberLifecycle, Transition, TransitionRequest } from "../model/Lifecycle.js"
import { isCell, type OrgType } from "../model/Organization.js"
import { isCitizenId } from "../rules/CitizenId.js"
import { normalizePhone } from "../rules/Phone.js"
import { fold, nameSortKey, normalizeText } from "../rules/VietnameseText.js"
import * as Organizations from "./Organizations.js"
import type { MemberStatus } from "../model/Member.js"
import { can } from "../rules/Access.js"
import { todayInVietnam } from "../rules/DateOnly.js"
import * as Rules from "../rules/MemberLifecycle.js"
import { query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor, isSystem } from "./CurrentActor.js"

const NOT_FOUND = { vi: "Không tìm thấy đảng viên", en: "Member not found" }

const loadMember = (memberId: string, lock: boolean) =>
  Effect.flatMap(
    query("load member for lifecycle", (db) => {
      let q = db
        .selectFrom("members as m")
        .innerJoin("organizations as o", "o.id", "m.org_id")
        .select([
          "m.id",
          "m.org_id",
          "m.status",
          "m.admission_date",
          "m.admission_decision_date",
          "m.official_date",
          "m.readmitted_on",
          "o.path as org_path"
        ])
        .where("m.id", "=", memberId)
      if (lock) q = q.forUpdate("m")
      return q.executeTakeFirst()
    }),
    (row) => (row ? Effect.succeed(row) : notFound(NOT_FOUND))
  )

const loadHistory = (memberId: string) =>
  query("load transitions", (db) =>
    db.selectFrom("member_transitions").selectAll().where("member_id", "=", memberId).orderBy("recorded_at").orderBy("id").execute())

type HistoryRow = Awaited<ReturnType<typeof loadHistory> extends Effect.Effect<infer A, any, any> ? A : never>[number]

const toTransition = (row: HistoryRow): Transition => ({
  id: row.id,
  kind: row.kind,
  fromStatus: row.from_status as MemberStatus | null,
  toStatus: row.to_status as MemberStatus,
  effectiveDate: row.effective_date,
  decisionSymbol: row.decision_symbol,
  decisionDate: row.decision_date,
  reason: row.reason,
  votesFor: row.votes_for,
  votesEligible: row.votes_eligible,
  orgId: row.org_id as OrgId,
  recordedAt: row.recorded_at.toISOString()
})

const describe = (
  member: { id: string; status: string; admission_date: string | null; admission_decision_date: string | null; official_date: string | null; readmitted_on: string | null },
  history: ReadonlyArray<HistoryRow>,
  today: string
): MemberLifecycle => {
  const status = member.status as MemberStatus
  return {
    memberId: member.id as MemberId,
    status,
    admissionDate: member.admission_date,
    admissionDecisionDate: member.admission_decision_date,
    officialDate: member.official_date,
    readmittedOn: member.readmitted_on,
    probationEndsOn: status === "probationary" && member.admission_date ? Rules.probationEndsOn(member.admission_date) : null,
    recognitionOverdue: Rules.recognitionOverdue({ status, admissionDate: member.admission_date }, today),
    partyAgeDays: Rules.partyAgeDays(
      { status, firstAdmission: member.admission_decision_date ?? member.admission_date },
      history.map((h) => ({ toStatus: h.to_status as MemberStatus, effectiveDate: h.effective_date })),
      today
    ),
    history: history.map(toTransition)
  }
}

/**
 * A member's lifecycle and history. For the member themself, their secretary and committee staff.
 *
 * @since 0.2.0
 * @category queries
 */
export const get = (memberId: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const member = yield* loadMember(memberId, false)
    const decision = can(actor, "member.history", { orgPath: member.org_path, memberId: member.id })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(NOT_FOUND)
        : forbidden({ vi: "Chỉ đảng viên, bí thư chi bộ và cấp ủy xem được lịch sử này", en: "Only the member, their secretary and the committee may read this history" })
    }
    return describe(member, yield* loadHistory(memberId), todayInVietnam())
  })

/**
 * Applies one decision: checks the actor (the member's secretary or committee), the transition
 * (409 `InvalidTransition` naming the current status), the input (400), then updates the member,
 * records the transition and audits the change with before and after.
 *
 * @since 0.2.0
 * @category commands
 */
export const apply = (memberId: string, request: TransitionRequest, options: { readonly today?: string } = {}) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const member = yield* loadMember(memberId, true)
    const decision = can(actor, "member.transition", { orgPath: member.org_path, memberId: member.id })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(NOT_FOUND)
        : forbidden({ vi: "Chỉ bí thư chi bộ hoặc cấp ủy được ghi quyết định này", en: "Only the member's secretary or committee may record this" })
    }
    const history = yield* loadHistory(memberId)
    const lastExemption = [...history].reverse().find((h) => h.to_status === "exempt")
    const today = options.today ?? todayInVietnam()
    const result = Rules.applyTransition(
      {
        status: member.status as MemberStatus,
        admissionDate: member.admission_date,
        officialDate: member.official_date,
        readmittedOn: member.readmitted_on,
        statusBeforeExemption: (lastExemption?.from_status ?? null) as MemberStatus | null
      },
      {
        kind: request.kind,
        decisionSymbol: request.decisionSymbol.normalize("NFC").replace(/\u00d0/g, "\u0110").trim(),
        decisionDate: request.decisionDate,
        effectiveDate: request.effectiveDate ?? request.decisionDate,
        votesFor: request.votesFor ?? null,
        votesEligible: request.votesEligible ?? null,
        reason: request.reason ?? null
      },
      today
    )
    if (result._tag === "invalid") return yield* invalidTransition(request.kind, result.from, result.reason)
    if (result._tag === "problems") return yield* validationFailed(result.problems)

    const before = {
      status: member.status,
      admissionDate: member.admission_date,
      officialDate: member.official_date,
      readmittedOn: member.readmitted_on
    }
    const after = {
      status: result.status,
      admissionDate: result.admissionDate,
      officialDate: result.officialDate,
      readmittedOn: result.readmittedOn
    }
    yield* query("apply transition", (db) =>
      db.updateTable("members").set({
        status: result.status,
        admission_date: result.admissionDate,
        official_date: result.officialDate,
        readmitted_on: result.readmittedOn,
        // Party age counts from the first admission: keep it when probation starts again.
        ...(request.kind === "readmit" && member.admission_decision_date === null ? { admission_decision_date: member.admission_date } : {}),
        updated_at: sql<Date>`now()`
      }).where("id", "=", memberId).execute())
    const id = randomUUID()
    yield* query("record transition", (db) =>
      db.insertInto("member_transitions").values({
        id,
        member_id: memberId,
        org_id: member.org_id,
        kind: request.kind,
        from_status: member.status,
        to_status: result.status,
        effective_date: result.effectiveDate,
        decision_symbol: request.decisionSymbol.normalize("NFC").replace(/\u00d0/g, "\u0110").trim(),
        decision_date: request.decisionDate,
        reason: request.reason ?? null,
        votes_for: request.votesFor ?? null,
        votes_eligible: request.votesEligible ?? null,
        recorded_by: isSystem(actor) ? null : actor.accountId
      }).execute())
    yield* Audit.record({
      action: `member.transition.${request.kind}`,
      orgId: member.org_id,
      targetType: "member",
      targetId: memberId,
      detail: { transitionId: id, decisionSymbol: request.decisionSymbol, before, after }
    })
    const updated = yield* loadMember(memberId, false)
    return describe(updated, yield* loadHistory(memberId), today)
  }))

/**
 * Admits a candidate to a cell as a probationary member (the admission transition): checks the
 * actor (the cell's secretary or committee), the dates (ceremony within 30 working days of the
 * decision, 18 or older), the citizen id (once in the registry); records the member, a
 * provisioned account, the transition and the audit entry.
 *
 * @since 0.2.0
 * @category commands
 */
export const admit = (orgId: string, request: AdmissionRequest) =>
  transactionally(Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "member.transition")
    if (!isCell(org.type as OrgType) || (org.status ?? "active") !== "active") {
      return yield* conflict({ vi: "Chỉ kết nạp vào một chi bộ đang hoạt động", en: "Members are admitted to an active cell" })
    }
    const actor = yield* CurrentActor
    const today = todayInVietnam()
    const symbol = request.decisionSymbol.normalize("NFC").replace(/\u00d0/g, "\u0110").trim()
    const problems: Array<FieldText> = [...Rules.admissionProblems({ ...request, decisionSymbol: symbol }, today)]
    const fullName = normalizeText(request.fullName)
    if (fullName.length === 0 || fullName.length > 120 || !/^[\p{L}\p{M} .'-]+$/u.test(fullName)) {
      problems.push({ field: "fullName", text: { vi: "họ tên chỉ gồm chữ, tối đa 120 ký tự", en: "letters only, at most 120 characters" } })
    }
    const citizenId = request.citizenId.replace(/\s/g, "")
    if (!isCitizenId(citizenId)) problems.push({ field: "citizenId", text: { vi: "phải gồm đúng 12 chữ số", en: "must be exactly 12 digits" } })
    const phone = request.phone === undefined || request.phone === null || request.phone.trim() === "" ? null : normalizePhone(request.phone)
    if (phone === undefined) problems.push({ field: "phone", text: { vi: "không phải số điện thoại Việt Nam", en: "not a Vietnamese phone number" } })
    if (problems.length > 0) return yield* validationFailed(problems)
    const taken = yield* query("citizen id taken", (db) => db.selectFrom("members").select("id").where("citizen_id", "=", citizenId).executeTakeFirst())
    if (taken) return yield* conflict({ vi: "Số CCCD đã có trong danh sách đảng viên", en: "The citizen id is already in the registry" })
    const id = randomUUID()
    yield* query("admit member", (db) =>
      db.insertInto("members").values({
        id,
        org_id: org.id,
        province_id: org.province_id,
        full_name: fullName,
        name_folded: fold(fullName),
        sort_key: nameSortKey(fullName),
        date_of_birth: request.dateOfBirth,
        gender: request.gender,
        ethnicity: request.ethnicity ? normalizeText(request.ethnicity) : null,
        admission_date: request.ceremonyDate,
        admission_decision_date: request.decisionDate,
        official_date: null,
        party_card_number: null,
        citizen_id: citizenId,
        phone: phone ?? null,
        status: "probationary"
      }).execute())
    yield* query("provision account", (db) =>
      db.insertInto("accounts").values({ id: randomUUID(), member_id: id, username: null, status: "provisioned", password_hash: null, activated_at: null }).execute())
    yield* query("record admission", (db) =>
      db.insertInto("member_transitions").values({
        id: randomUUID(),
        member_id: id,
        org_id: org.id,
        kind: "admit",
        from_status: null,
        to_status: "probationary",
        effective_date: request.ceremonyDate,
        decision_symbol: symbol,
        decision_date: request.decisionDate,
        reason: null,
        votes_for: null,
        votes_eligible: null,
        recorded_by: isSystem(actor) ? null : actor.accountId
      }).execute())
    yield* Audit.record({
      action: "member.admit",
      orgId: org.id,
      targetType: "member",
      targetId: id,
      detail: { decisionSymbol: symbol, before: null, after: { status: "probationary", admissionDate: request.ceremonyDate, orgId: org.id } }
    })
    const member = yield* loadMember(id, false)
    return describe(member, yield* loadHistory(id), today)
  }))
