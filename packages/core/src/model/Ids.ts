/**
 * Branded identifiers. Every id is a UUID string.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** @since 0.1.0 @category ids */
export const OrgId = Schema.UUID.pipe(Schema.brand("OrgId")).annotations({ identifier: "OrgId" })
/** @since 0.1.0 @category ids */
export type OrgId = typeof OrgId.Type

/** @since 0.1.0 @category ids */
export const MemberId = Schema.UUID.pipe(Schema.brand("MemberId")).annotations({ identifier: "MemberId" })
/** @since 0.1.0 @category ids */
export type MemberId = typeof MemberId.Type

/** @since 0.1.0 @category ids */
export const AccountId = Schema.UUID.pipe(Schema.brand("AccountId")).annotations({ identifier: "AccountId" })
/** @since 0.1.0 @category ids */
export type AccountId = typeof AccountId.Type
