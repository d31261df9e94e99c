/**
 * Forward-only schema migrations, kept inline so they survive bundling.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { type Kysely, type Migration, Migrator } from "kysely"
import { Database, DatabaseError, query } from "./Database.js"
import { migration as m0001 } from "./migrations/0001_foundation.js"
import { migration as m0002 } from "./migrations/0002_accounts.js"
import { migration as m0003 } from "./migrations/0003_member_lifecycle.js"
import { migration as m0004 } from "./migrations/0004_meetings.js"
import { migration as m0005 } from "./migrations/0005_audit_sealing.js"
import { migration as m0006 } from "./migrations/0006_idempotency.js"
import { migration as m0007 } from "./migrations/0007_account_province_trigger.js"

/**
 * Every migration, by name, in order.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "0001_foundation": m0001,
  "0002_accounts": m0002,
  "0003_member_lifecycle": m0003,
  "0004_meetings": m0004,
  "0005_audit_sealing": m0005,
  "0006_idempotency": m0006,
  "0007_account_province_trigger": m0007
}

const migrator = (db: Kysely<any>) =>
  new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } })

/**
 * Brings the schema up to date. Fails (does not report success) when a migration fails.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrateToLatest: Effect.Effect<ReadonlyArray<string>, DatabaseError, Database> = Effect.flatMap(
  Database,
  (db) =>
    Effect.tryPromise({
      try: async () => {
        const { error, results } = await migrator(db).migrateToLatest()
        if (error) throw error
        return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName)
      },
      catch: (cause) => new DatabaseError({ operation: "migrate", cause })
    })
)

/**
 * Which migrations are applied, and whether the schema is current.
 *
 * @since 0.1.0
 * @category migrations
 */
export const migrationState = query("migration state", async (db) => {
  const all = await migrator(db).getMigrations()
  const applied = all.filter((m) => m.executedAt !== undefined).map((m) => m.name)
  const latest = Object.keys(migrations).sort().at(-1) ?? null
  return { applied, latest, current: applied.length === Object.keys(migrations).length }
})
