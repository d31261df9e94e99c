/**
 * The `Database` service: a `Kysely<DB>` over PostgreSQL (`pg`) or PGlite (embedded PostgreSQL),
 * with one helper to run queries as Effects and one to run a body in a transaction.
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import { Context, Data, Effect, Exit, Layer } from "effect"
import { Kysely, PostgresDialect } from "kysely"
import { PGliteDialect } from "kysely-pglite-dialect"
import pg from "pg"
import type { DB } from "./Schema.js"

/**
 * The database handle. Inside {@link transactionally} it is the transaction.
 *
 * @since 0.1.0
 * @category services
 */
export class Database extends Context.Tag("@sotay/core/Database")<Database, Kysely<DB>>() {}

/**
 * Which engine serves the store.
 *
 * @since 0.1.0
 * @category services
 */
export class StoreInfo extends Context.Tag("@sotay/core/StoreInfo")<StoreInfo, {
  readonly engine: "pglite" | "postgres"
  readonly location: string
}>() {}

/**
 * A failure of the store itself (connection, SQL). Never part of the HTTP contract.
 *
 * @since 0.1.0
 * @category errors
 */
export class DatabaseError extends Data.TaggedError("DatabaseError")<{
  readonly operation: string
  readonly cause: unknown
}> {
  override get message() {
    return `database ${this.operation} failed: ${this.cause instanceof Error ? this.cause.message : String(this.cause)}`
  }
}

/**
 * Runs a query against the current database (or transaction) as an Effect.
 *
 * @since 0.1.0
 * @category combinators
 */
export const query = <A>(operation: string, run: (db: Kysely<DB>) => Promise<A>): Effect.Effect<A, DatabaseError, Database> =>
  Effect.flatMap(Database, (db) => Effect.tryPromise({ try: () => run(db), catch: (cause) => new DatabaseError({ operation, cause }) }))

/**
 * Runs `body` in one transaction: committed if it succeeds, rolled back if it fails or is
 * interrupted. Nested calls join the outer transaction.
 *
 * @since 0.1.0
 * @category combinators
 */
export const transactionally = <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R | Database> =>
  Effect.flatMap(Database, (db) =>
    db.isTransaction
      ? body
      : Effect.acquireUseRelease(
        Effect.tryPromise({
          try: () => db.startTransaction().execute(),
          catch: (cause) => new DatabaseError({ operation: "begin", cause })
        }),
        (trx) => Effect.provideService(body, Database, trx),
        (trx, exit) => Effect.promise(() => (Exit.isSuccess(exit) ? trx.commit().execute() : trx.rollback().execute()))
      ))

// Date-only values stay strings; 64-bit counts become numbers (they never exceed 2^53 here).
const DATE_OID = 1082
const INT8_OID = 20

/**
 * An embedded PGlite store in a data directory, or in memory when `dataDir` is omitted.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPglite = (options: { readonly dataDir?: string } = {}): Layer.Layer<Database | StoreInfo, DatabaseError> =>
  Layer.scopedContext(
    Effect.gen(function*() {
      const pglite = yield* Effect.tryPromise({
        try: async () => {
          const instance = new PGlite({
            ...(options.dataDir ? { dataDir: options.dataDir } : {}),
            parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) }
          })
          await instance.waitReady
          return instance
        },
        catch: (cause) => new DatabaseError({ operation: "open pglite", cause })
      })
      const db = yield* Effect.acquireRelease(
        Effect.sync(() => new Kysely<DB>({ dialect: new PGliteDialect(pglite) })),
        (db) => Effect.promise(() => db.destroy())
      )
      return Context.make(Database, db).pipe(
        Context.add(StoreInfo, { engine: "pglite", location: options.dataDir ?? "memory" })
      )
    })
  )

/**
 * A PostgreSQL store through `pg`: a connection string, or an integrator's own pool.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPg = (
  options: { readonly connectionString: string; readonly maxConnections?: number } | { readonly pool: pg.Pool }
): Layer.Layer<Database | StoreInfo, DatabaseError> =>
  Layer.scopedContext(
    Effect.gen(function*() {
      const types = {
        getTypeParser: (oid: number, format?: "text" | "binary") =>
          oid === DATE_OID
            ? (value: string) => value
            : oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)
      }
      const pool = "pool" in options
        ? options.pool
        : new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, types: types as never })
      // An idle client's error (the server restarted, or terminated the connection) is emitted on
      // the pool; without a listener it would crash the process. The pool replaces the client.
      if (!("pool" in options)) pool.on("error", () => undefined)
      yield* Effect.tryPromise({
        try: () => pool.query("select 1"),
        catch: (cause) => new DatabaseError({ operation: "connect", cause })
      })
      const db = yield* Effect.acquireRelease(
        Effect.sync(() => new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })),
        (db) => ("pool" in options ? Effect.void : Effect.promise(() => db.destroy()))
      )
      const location = "pool" in options ? "pool" : redactUrl(options.connectionString)
      return Context.make(Database, db).pipe(Context.add(StoreInfo, { engine: "postgres", location }))
    })
  )

/**
 * The store named by the environment: `DATABASE_URL` for PostgreSQL, else PGlite in
 * `SOTAY_DATA_DIR` (default `./.sotay-data`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEnv = (env: Record<string, string | undefined> = process.env) =>
  env.DATABASE_URL
    ? layerPg({ connectionString: env.DATABASE_URL })
    : layerPglite({ dataDir: env.SOTAY_DATA_DIR ?? "./.sotay-data" })

const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = "***"
    return parsed.toString()
  } catch {
    return "postgres"
  }
}
