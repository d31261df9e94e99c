/**
 * The me group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Account } from "@sotay/core"
import { Authentication } from "./Common.js"

/** @since 0.1.0 @category groups */
export class MeApi extends HttpApiGroup.make("me")
  .add(HttpApiEndpoint.get("getMe", "/me").addSuccess(Account.Me))
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Me")
{}
