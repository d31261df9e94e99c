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

/** @since 0.2.0 @category ids */
export const RegistrationId = Schema.UUID.pipe(Schema.brand("RegistrationId")).annotations({ identifier: "RegistrationId" })
/** @since 0.2.0 @category ids */
export type RegistrationId = typeof RegistrationId.Type

/** @since 0.2.0 @category ids */
export const SessionId = Schema.UUID.pipe(Schema.brand("SessionId")).annotations({ identifier: "SessionId" })
/** @since 0.2.0 @category ids */
export type SessionId = typeof SessionId.Type

/** @since 0.2.0 @category ids */
export const RoleAssignmentId = Schema.UUID.pipe(Schema.brand("RoleAssignmentId")).annotations({ identifier: "RoleAssignmentId" })
/** @since 0.2.0 @category ids */
export type RoleAssignmentId = typeof RoleAssignmentId.Type
