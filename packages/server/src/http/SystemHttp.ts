/**
 * Handlers of the system group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Database, Migrations } from "@sotay/core"
import { Effect } from "effect"
import { SotayApi } from "../api/Api.js"

const VERSION = "0.1.0"

/** @since 0.1.0 @category layers */
export const SystemLive = HttpApiBuilder.group(SotayApi, "system", (handlers) =>
  handlers.handle("health", () =>
    Effect.gen(function*() {
      const store = yield* Database.StoreInfo
      const migrations = yield* Migrations.migrationState.pipe(Effect.orDie)
      return { status: "ok" as const, store, migrations, version: VERSION }
    })))
