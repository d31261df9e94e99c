/**
 * What every group of the contract shares: bearer authentication and common parameters.
 *
 * @since 0.1.0
 */
import { HttpApiMiddleware, HttpApiSchema, HttpApiSecurity } from "@effect/platform"
import { CurrentActor, Errors, Ids } from "@sotay/core"
import { Schema } from "effect"

/**
 * Bearer authentication: resolves the token to the acting user on every request.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@sotay/server/Authentication", {
  failure: Errors.Unauthenticated.annotations(HttpApiSchema.annotations({ status: 401 })),
  provides: CurrentActor.CurrentActor,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

/** The `{orgId}` path parameter. @since 0.1.0 @category schemas */
export const OrgPath = Schema.Struct({ orgId: Ids.OrgId })
/** The `{memberId}` path parameter. @since 0.1.0 @category schemas */
export const MemberPath = Schema.Struct({ memberId: Ids.MemberId })

/** A page size given as a query parameter (1–200). @since 0.1.0 @category schemas */
export const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))
