/**
 * Handlers of the auth and me group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Accounts, Database, DataSubject } from "@sotay/core"
import { Effect, Layer, Redacted } from "effect"
import { Authentication, SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/**
 * Resolves bearer tokens against the store on every request.
 *
 * @since 0.1.0
 * @category layers
 */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function*() {
    const db = yield* Database.Database
    return Authentication.of({
      bearer: (token) =>
        Accounts.authenticate(Redacted.value(token)).pipe(
          Effect.catchTag("DatabaseError", Effect.die),
          Effect.provideService(Database.Database, db)
        )
    })
  })
)

/** @since 0.1.0 @category layers */
export const AuthLive = HttpApiBuilder.group(SotayApi, "auth", (handlers) =>
  handlers
    .handle("login", ({ payload }) => inRequest(Accounts.login(payload.login, payload.password)))
    .handle("requestActivation", ({ payload }) => inRequest(Accounts.requestActivation(payload.login)))
    .handle("confirmActivation", ({ payload }) => inRequest(Accounts.confirmActivation(payload.login, payload.code, payload.password)))
    .handle("requestPasswordReset", ({ payload }) => inRequest(Accounts.requestPasswordReset(payload.login)))
    .handle("confirmPasswordReset", ({ payload }) => inRequest(Accounts.confirmPasswordReset(payload.login, payload.code, payload.password)))
    .handle("logout", ({ request }) =>
      inRequest(Accounts.logout((request.headers.authorization ?? "").replace(/^Bearer\s+/i, "")))))

/** @since 0.1.0 @category layers */
export const MeLive = HttpApiBuilder.group(SotayApi, "me", (handlers) =>
  handlers
    .handle("getMe", () => inRequest(Accounts.me))
    .handle("changePassword", ({ payload }) => inRequest(Accounts.changePassword(payload.currentPassword, payload.newPassword)))
    .handle("listSessions", () => inRequest(Accounts.listSessions))
    .handle("revokeSession", ({ path }) => inRequest(Accounts.revokeSession(path.sessionId)))
    .handle("exportData", () => inRequest(DataSubject.exportSelf)))
