/**
 * Party members: the summary fields of Regulation 339-QĐ/TW (domain brief §1.4, §12.1).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { isIsoDate } from "../rules/DateOnly.js"
import { MemberId, OrgId } from "./Ids.js"

/**
 * Member status. Probationary, official and exempt members are in the organization's headcount;
 * the others are terminal or suspended (domain brief §12.2, §12.3).
 *
 * @since 0.1.0
 * @category models
 */
export const MemberStatus = Schema.Literal(
  "probationary",
  "official",
  "exempt",
  "suspended",
  "removed",
  "expelled",
  "deceased"
).annotations({ identifier: "MemberStatus" })

/** @since 0.1.0 @category models */
export type MemberStatus = typeof MemberStatus.Type

/**
 * The statuses counted in an organization's headcount (đảng số).
 *
 * @since 0.1.0
 * @category rules
 */
export const HEADCOUNT_STATUSES: ReadonlyArray<MemberStatus> = ["probationary", "official", "exempt"]

/** @since 0.1.0 @category models */
export const Gender = Schema.Literal("male", "female").annotations({ identifier: "Gender" })
/** @since 0.1.0 @category models */
export type Gender = typeof Gender.Type

/** A `YYYY-MM-DD` calendar date: a real day (not 2025-02-30) between 1850 and 2200. @since 0.1.0 @category models */
export const DateOnly = Schema.String.pipe(
  Schema.filter((text) => isIsoDate(text) || "a real calendar date YYYY-MM-DD between 1850 and 2200", {
    jsonSchema: { pattern: "^\\d{4}-\\d{2}-\\d{2}$" }
  })
).annotations({
  identifier: "DateOnly",
  description: "A calendar date, YYYY-MM-DD"
})

/**
 * A member's full record, for the member, their secretary and committee staff.
 *
 * @since 0.1.0
 * @category models
 */
export const Member = Schema.Struct({
  id: MemberId,
  fullName: Schema.String,
  dateOfBirth: DateOnly,
  gender: Gender,
  ethnicity: Schema.NullOr(Schema.String),
  admissionDate: Schema.NullOr(DateOnly),
  officialDate: Schema.NullOr(DateOnly),
  partyCardNumber: Schema.NullOr(Schema.String),
  citizenId: Schema.String,
  phone: Schema.NullOr(Schema.String),
  email: Schema.NullOr(Schema.String),
  address: Schema.NullOr(Schema.String),
  status: MemberStatus,
  orgId: OrgId,
  orgName: Schema.String,
  accountStatus: Schema.NullOr(Schema.String),
  updatedAt: Schema.String
}).annotations({ identifier: "Member" })

/** @since 0.1.0 @category models */
export type Member = typeof Member.Type

/**
 * A member as lists show them: citizen id and phone masked; a plain member reading their cell's
 * roster sees names, status, cell and the masked citizen id (`null` elsewhere).
 *
 * @since 0.1.0
 * @category models
 */
export const MemberListItem = Schema.Struct({
  id: MemberId,
  fullName: Schema.String,
  gender: Gender,
  status: MemberStatus,
  orgId: OrgId,
  orgName: Schema.String,
  dateOfBirth: Schema.NullOr(DateOnly),
  partyCardNumber: Schema.NullOr(Schema.String),
  /** Always masked: `*********383`. */
  citizenId: Schema.String,
  phone: Schema.NullOr(Schema.String)
}).annotations({ identifier: "MemberListItem" })

/** @since 0.1.0 @category models */
export type MemberListItem = typeof MemberListItem.Type

/**
 * A page of members.
 *
 * @since 0.1.0
 * @category models
 */
export const MemberPage = Schema.Struct({
  items: Schema.Array(MemberListItem),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "MemberPage" })

/** @since 0.1.0 @category models */
export type MemberPage = typeof MemberPage.Type

/**
 * A profile correction. A member corrects their own contact fields (`phone`, `email`,
 * `address`); their secretary or committee staff also correct the record's other fields. Status,
 * organization and dates of the lifecycle change only through transitions and transfers; unknown
 * fields (`role`, `status`, `orgId`, …) are refused, not ignored.
 *
 * @since 0.1.0
 * @category models
 */
export const MemberUpdate = Schema.Struct({
  phone: Schema.optional(Schema.NullOr(Schema.String)),
  email: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(254)))),
  address: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(300)))),
  fullName: Schema.optional(Schema.String.pipe(Schema.maxLength(200))),
  dateOfBirth: Schema.optional(DateOnly),
  gender: Schema.optional(Gender),
  ethnicity: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(60)))),
  partyCardNumber: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(32)))),
  citizenId: Schema.optional(Schema.String.pipe(Schema.maxLength(32)))
}).annotations({ identifier: "MemberUpdate", parseOptions: { onExcessProperty: "error" } })

/** @since 0.1.0 @category models */
export type MemberUpdate = typeof MemberUpdate.Type
