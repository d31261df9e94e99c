/**
 * The stores every store and server suite runs against: PGlite in memory always, and a fresh
 * PostgreSQL database (created here, dropped after) when `DATABASE_URL` is set.
 */
import { Database, Migrations } from "@sotay/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { randomBytes } from "node:crypto"
import pg from "pg"

export interface TestStore {
  readonly name: "pglite" | "postgres"
  /** A fresh, migrated store. */
  readonly layer: () => Layer.Layer<Database.Database | Database.StoreInfo, Database.DatabaseError>
  /** A fresh store with no schema (migration tests). */
  readonly empty: () => Layer.Layer<Database.Database | Database.StoreInfo, Database.DatabaseError>
}

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** A fresh PostgreSQL database for one suite, dropped when the layer is released. */
const freshPostgres = (url: string) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const name = `sotay_test_${randomBytes(6).toString("hex")}`
    const admin = new pg.Client({ connectionString: url })
    yield* Effect.acquireRelease(
      Effect.promise(async () => {
        await admin.connect()
        await admin.query(`create database ${name}`)
      }),
      () => Effect.promise(async () => {
        await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
        await admin.end()
      })
    )
    // The suite's own pool, ended before the database is dropped. Connections the server closes
    // during that teardown (drop … with (force)) must not surface as uncaught client errors.
    const pool = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const pool = new pg.Pool({ connectionString: withDatabase(url, name), max: 20, types: Database.pgTypes as never })
        pool.on("error", () => undefined)
        pool.on("connect", (client) => client.on("error", () => undefined))
        return pool
      }),
      (pool) => Effect.promise(() => pool.end().catch(() => undefined))
    )
    return Database.layerPg({ pool })
  }))

const migrated = (layer: Layer.Layer<Database.Database | Database.StoreInfo, Database.DatabaseError>) =>
  Layer.tap(layer, (context) => Effect.provide(Effect.asVoid(Migrations.migrateToLatest), context))

export const testStores: ReadonlyArray<TestStore> = [
  { name: "pglite", layer: () => migrated(Database.layerPglite()), empty: () => Database.layerPglite() },
  ...(process.env.DATABASE_URL
    ? [{
      name: "postgres" as const,
      layer: () => migrated(freshPostgres(process.env.DATABASE_URL!)),
      empty: () => freshPostgres(process.env.DATABASE_URL!)
    }]
    : [])
]

/** A runtime over a fresh store, for suites that run many effects against one database. */
export const storeRuntime = (store: TestStore) => ManagedRuntime.make(store.layer())
