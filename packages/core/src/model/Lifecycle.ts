/**
 * The member lifecycle over the wire: a decision to apply, the recorded history, and what is
 * derived from it (domain brief §5, §12.3).
 *
 * @since 0.2.0
 */
import { Schema } from "effect"
import { TRANSITION_KINDS } from "../rules/MemberLifecycle.js"
import { MemberId, OrgId } from "./Ids.js"
import { DateOnly, Gender, MemberStatus } from "./Member.js"

/** @since 0.2.0 @category models */
export const TransitionKind = Schema.Literal(...TRANSITION_KINDS).annotations({ identifier: "TransitionKind" })

/**
 * `POST /v1/members/{memberId}/transitions`: one decision, with the deciding document's symbol
 * and date. `effectiveDate` defaults to the decision's date (recognition ignores it: the official
 * date is always admission + 12 months). Recognition, and removal of a probationary member, need
 * the cell's vote (`votesFor` of `votesEligible` official members, ≥ 2/3).
 *
 * @since 0.2.0
 * @category models
 */
export const TransitionRequest = Schema.Struct({
  kind: TransitionKind,
  decisionSymbol: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(40)),
  decisionDate: DateOnly,
  effectiveDate: Schema.optional(DateOnly),
  votesFor: Schema.optional(Schema.Int),
  votesEligible: Schema.optional(Schema.Int),
  reason: Schema.optional(Schema.String.pipe(Schema.maxLength(500)))
}).annotations({ identifier: "TransitionRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export type TransitionRequest = typeof TransitionRequest.Type

/**
 * One recorded transition.
 *
 * @since 0.2.0
 * @category models
 */
export const Transition = Schema.Struct({
  id: Schema.UUID,
  kind: Schema.String,
  fromStatus: Schema.NullOr(MemberStatus),
  toStatus: MemberStatus,
  effectiveDate: DateOnly,
  decisionSymbol: Schema.NullOr(Schema.String),
  decisionDate: Schema.NullOr(DateOnly),
  reason: Schema.NullOr(Schema.String),
  votesFor: Schema.NullOr(Schema.Int),
  votesEligible: Schema.NullOr(Schema.Int),
  orgId: OrgId,
  recordedAt: Schema.String
}).annotations({ identifier: "Transition" })

/** @since 0.2.0 @category models */
export type Transition = typeof Transition.Type

/**
 * A member's lifecycle: status, key dates, what is derived (Party age in days, defined for
 * official members; the end of probation; whether recognition is overdue) and the history.
 *
 * @since 0.2.0
 * @category models
 */
export const MemberLifecycle = Schema.Struct({
  memberId: MemberId,
  status: MemberStatus,
  admissionDate: Schema.NullOr(DateOnly),
  admissionDecisionDate: Schema.NullOr(DateOnly),
  officialDate: Schema.NullOr(DateOnly),
  readmittedOn: Schema.NullOr(DateOnly),
  probationEndsOn: Schema.NullOr(DateOnly),
  recognitionOverdue: Schema.Boolean,
  partyAgeDays: Schema.NullOr(Schema.Int),
  history: Schema.Array(Transition)
}).annotations({ identifier: "MemberLifecycle" })

/** @since 0.2.0 @category models */
export type MemberLifecycle = typeof MemberLifecycle.Type

/**
 * `POST /v1/orgs/{orgId}/members`: a candidate admitted to a cell as a probationary member, with
 * the committee's decision and the cell's ceremony (the admission date).
 *
 * @since 0.2.0
 * @category models
 */
export const AdmissionRequest = Schema.Struct({
  fullName: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  dateOfBirth: DateOnly,
  gender: Gender,
  ethnicity: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(60)))),
  citizenId: Schema.String.pipe(Schema.maxLength(32)),
  phone: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(32)))),
  decisionSymbol: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(40)),
  decisionDate: DateOnly,
  ceremonyDate: DateOnly
}).annotations({ identifier: "AdmissionRequest", parseOptions: { onExcessProperty: "error" } })

/** @since 0.2.0 @category models */
export type AdmissionRequest = typeof AdmissionRequest.Type
