/**
 * The acting user of the current request. The server provides it from the session on every
 * request; it is never a parameter a caller could forge.
 *
 * @since 0.1.0
 */
import { Context } from "effect"
import type { Actor } from "../model/Account.js"
import type { AccountId } from "../model/Ids.js"

/** @since 0.1.0 @category services */
export class CurrentActor extends Context.Tag("@sotay/core/CurrentActor")<CurrentActor, Actor>() {}

/**
 * Where a request came from, for the audit trail and rate limits.
 *
 * @since 0.1.0
 * @category services
 */
export class RequestContext extends Context.Tag("@sotay/core/RequestContext")<RequestContext, {
  readonly clientAddress: string | null
  readonly userAgent?: string | null
}>() {}

/**
 * The actor of trusted internal work (the CLI, the demo seed): system administrator of every
 * organization.
 *
 * @since 0.1.0
 * @category constructors
 */
export const systemActor: Actor = {
  accountId: "00000000-0000-0000-0000-000000000000" as AccountId,
  username: null,
  memberId: null,
  memberOrg: null,
  roles: [{ orgId: "00000000-0000-0000-0000-000000000000" as never, orgPath: "", role: "system_admin" }]
}

/**
 * Whether an actor is the internal system actor.
 *
 * @since 0.1.0
 * @category guards
 */
export const isSystem = (actor: Actor): boolean => actor.accountId === systemActor.accountId
