/**
 * The auth group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Account, Errors } from "@sotay/core"
import { Schema } from "effect"
import { Authentication } from "./Common.js"

/** @since 0.1.0 @category groups */
export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("login", "/auth/login")
      .setPayload(Account.LoginRequest)
      .addSuccess(Account.Session)
      .addError(Errors.Unauthenticated, { status: 401 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Sign in with a username, a phone number or a Party card number")
  )
  .add(
    HttpApiEndpoint.post("logout", "/auth/logout")
      .addSuccess(Schema.Void)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "End the current session")
  )
  .annotate(OpenApi.Title, "Auth")
{}
