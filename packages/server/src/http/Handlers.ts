/**
 * The handlers of every group: thin adapters from HTTP to the core services.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Accounts, Database, MemberImport, Members, Migrations, Organizations, Reports } from "@sotay/core"
import { Effect, Layer, Redacted } from "effect"
import { Authentication, SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

const VERSION = "0.1.0"

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

const SystemLive = HttpApiBuilder.group(SotayApi, "system", (handlers) =>
  handlers.handle("health", () =>
    Effect.gen(function*() {
      const store = yield* Database.StoreInfo
      const migrations = yield* Migrations.migrationState.pipe(Effect.orDie)
      return { status: "ok" as const, store, migrations, version: VERSION }
    })))

const AuthLive = HttpApiBuilder.group(SotayApi, "auth", (handlers) =>
  handlers
    .handle("login", ({ payload }) => inRequest(Accounts.login(payload.login, payload.password)))
    .handle("logout", ({ request }) =>
      inRequest(Accounts.logout((request.headers.authorization ?? "").replace(/^Bearer\s+/i, "")))))

const MeLive = HttpApiBuilder.group(SotayApi, "me", (handlers) => handlers.handle("getMe", () => inRequest(Accounts.me)))

const OrgsLive = HttpApiBuilder.group(SotayApi, "orgs", (handlers) =>
  handlers
    .handle("getOrg", ({ path }) => inRequest(Organizations.get(path.orgId)))
    .handle("listChildren", ({ path, urlParams }) => inRequest(Organizations.children(path.orgId, urlParams))))

const MembersLive = HttpApiBuilder.group(SotayApi, "members", (handlers) =>
  handlers
    .handle("listMembers", ({ path, urlParams }) =>
      inRequest(Effect.gen(function*() {
        const status = yield* Members.parseStatusFilter(urlParams.status)
        return yield* Members.list(path.orgId, { q: urlParams.q, status, limit: urlParams.limit, cursor: urlParams.cursor })
      })))
    .handle("getMember", ({ path }) => inRequest(Members.get(path.memberId)))
    .handle("updateMember", ({ path, payload }) => inRequest(Members.update(path.memberId, payload)))
    .handle("importMembers", ({ path, urlParams, payload }) =>
      inRequest(MemberImport.importCsv(path.orgId, payload, { dryRun: urlParams.dryRun ?? false }))))

const ReportsLive = HttpApiBuilder.group(SotayApi, "reports", (handlers) =>
  handlers.handle("adoption", ({ path }) => inRequest(Reports.adoption(path.orgId))))

/**
 * The API with every handler; needs the store (`Database`, `StoreInfo`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ApiLive = HttpApiBuilder.api(SotayApi).pipe(
  Layer.provide([SystemLive, AuthLive, MeLive, OrgsLive, MembersLive, ReportsLive]),
  Layer.provide(AuthenticationLive)
)

