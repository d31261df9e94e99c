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
import { forbidden, invalidTransition, notFound, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import type { MemberLifecycle, Transition, TransitionRequest } from "../model/Lifecycle.js"
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
    const decision = can(actor, "member.read", { orgPath: member.org_path, memberId: member.id })
    if (!decision.allowed || decision.view === "roster") return yield* notFound(NOT_FOUND)
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
