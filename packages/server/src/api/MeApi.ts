/**
 * The me group of the HTTP contract: the caller's account, password, sessions and data.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Account, DataSubject, Errors, Ids } from "@sotay/core"
import { Schema } from "effect"
import { Authentication } from "./Common.js"

/** @since 0.1.0 @category groups */
export class MeApi extends HttpApiGroup.make("me")
  .add(HttpApiEndpoint.get("getMe", "/me").addSuccess(Account.Me))
  .add(
    HttpApiEndpoint.post("changePassword", "/me/password")
      .setPayload(Account.PasswordChange)
      .addSuccess(Schema.Void)
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Change the password (the current one is checked); ends the other sessions")
  )
  .add(
    HttpApiEndpoint.get("listSessions", "/me/sessions")
      .addSuccess(Schema.Array(Account.SessionInfo))
      .annotate(OpenApi.Summary, "The caller's open sessions")
  )
  .add(
    HttpApiEndpoint.del("revokeSession", "/me/sessions/:sessionId")
      .setPath(Schema.Struct({ sessionId: Ids.SessionId }))
      .addSuccess(Schema.Void)
      .annotate(OpenApi.Summary, "Revoke one of the caller's sessions")
  )
  .add(
    HttpApiEndpoint.get("exportData", "/me/export")
      .addSuccess(DataSubject.PersonalData)
      .annotate(OpenApi.Summary, "Everything held about the caller, as JSON (PDP Law: right of access)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Me")
{}
