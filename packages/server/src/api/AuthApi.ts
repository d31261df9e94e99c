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
    HttpApiEndpoint.post("requestActivation", "/auth/activation")
      .setPayload(Account.CodeRequest)
      .addSuccess(Account.CodeSent, { status: 202 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Send an activation code to the registered phone of a provisioned account (same answer for any login)")
  )
  .add(
    HttpApiEndpoint.post("confirmActivation", "/auth/activation/confirm")
      .setPayload(Account.CodeConfirmation)
      .addSuccess(Schema.Struct({ status: Schema.Literal("active") }))
      .annotate(OpenApi.Summary, "Activate the account with the code and a new password")
  )
  .add(
    HttpApiEndpoint.post("requestPasswordReset", "/auth/password-reset")
      .setPayload(Account.CodeRequest)
      .addSuccess(Account.CodeSent, { status: 202 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Send a password reset code to the account's phone (same answer for any login)")
  )
  .add(
    HttpApiEndpoint.post("confirmPasswordReset", "/auth/password-reset/confirm")
      .setPayload(Account.CodeConfirmation)
      .addSuccess(Schema.Struct({ status: Schema.Literal("active") }))
      .annotate(OpenApi.Summary, "Set a new password with the reset code; ends every session")
  )
  .add(
    HttpApiEndpoint.post("logout", "/auth/logout")
      .addSuccess(Schema.Void)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "End the current session")
  )
  .annotate(OpenApi.Title, "Auth")
{}
