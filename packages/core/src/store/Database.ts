/**
 * The `Database` service: a `Kysely<DB>` over PostgreSQL (`pg`) or PGlite (embedded PostgreSQL),
 * with one helper to run queries as Effects, one to run a body in a transaction, and one to do
 * something once that transaction has committed.
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import { Context, Data, Effect, Exit, Layer, Option } from "effect"
import { type Compilable, CompiledQuery, Kysely, PostgresDialect, type RawBuilder, sql } from "kysely"
import { PGliteDialect } from "kysely-pglite-dialect"
import pg from "pg"
import { adaptPool, CopyData, copyText, type PoolOptions, registerNamedStatement } from "./PgPool.js"
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
  /** Whether {@link copyRows} can write with `COPY … FROM STDIN` (the `pg` store). */
  readonly copyFromStdin?: boolean
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * A `uuid[]` parameter of any length (nulls allowed), sent as one array literal: PGlite's encoder
 * of JavaScript arrays fails ("Invalid array length") somewhere above 8,000 elements, and
 * a value per row would run into PostgreSQL's 65,535 parameters. Throws on a value that is not
 * a UUID, so nothing but UUIDs ever reaches the literal.
 *
 * @since 0.3.0
 * @category constructors
 */
export const uuidArray = (values: ReadonlyArray<string | null>): RawBuilder<Array<string | null>> => {
  for (const value of values) {
    if (value !== null && !UUID.test(value)) throw new TypeError(`not a UUID: ${JSON.stringify(value).slice(0, 40)}`)
  }
  return sql<Array<string | null>>`${`{${values.map((v) => v ?? "NULL").join(",")}}`}::uuid[]`
}

/** Where a prepared query's parameter goes, until it is run. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * A query built and compiled once, then run with new parameter values: for the hot paths (every
 * request's authentication, a check-in), where building a Kysely query each time costs more CPU
 * than PostgreSQL spends answering it. `build` receives stand-ins for its parameters (annotate
 * its second argument with their types) and must use each as a plain value (a comparison, a
 * `set`, a `sql` value), never to choose the query's shape: the shape is fixed at the first run.
 * On PostgreSQL it runs as a named statement, parsed and planned once per connection.
 *
 * @since 0.3.0
 * @category combinators
 */
export const prepared = <P extends Record<string, unknown>, O>(operation: string, build: (db: Kysely<DB>, params: P) => Compilable<O>) => {
  let compiled: CompiledQuery<O> | undefined
  const stand = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P
  return (params: P): Effect.Effect<ReadonlyArray<O>, DatabaseError, Database> =>
    Effect.flatMap(Database, (db) =>
      Effect.tryPromise({
        try: async () => {
          if (compiled === undefined) {
            compiled = build(db, stand).compile()
            registerNamedStatement(compiled.sql)
          }
          const parameters = compiled.parameters.map((value) => (value instanceof Slot ? params[value.name] : value))
          const result = await db.executeQuery<O>({ ...compiled, parameters })
          return result.rows
        },
        catch: (cause) => new DatabaseError({ operation, cause })
      }))
}

/**
 * Whether the store writes rows with {@link copyRows} (PostgreSQL through `pg`); where it does
 * not (PGlite), bulk writes use set-based inserts.
 *
 * @since 0.4.0
 * @category combinators
 */
export const supportsCopy: Effect.Effect<boolean> = Effect.map(
  Effect.serviceOption(StoreInfo),
  (info) => Option.isSome(info) && info.value.copyFromStdin === true
)

/**
 * Writes rows into `table`'s `columns` with `COPY … FROM STDIN`, in the current transaction: the
 * bulk path of the registry import. Only where {@link supportsCopy} says so. `table` and
 * `columns` are the caller's identifiers, never input.
 *
 * @since 0.4.0
 * @category combinators
 */
export const copyRows = (
  table: string,
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>
): Effect.Effect<number, DatabaseError, Database> =>
  rows.length === 0 ? Effect.succeed(0) : query(`copy ${table}`, async (db) => {
    const result = await db.executeQuery(CompiledQuery.raw(`copy ${table} (${columns.join(", ")}) from stdin`, [new CopyData(copyText(rows))]))
    return Number(result.numAffectedRows ?? rows.length)
  })

/** The effects waiting for the current transaction to commit. */
class AfterCommit extends Context.Tag("@sotay/core/AfterCommit")<AfterCommit, Array<Effect.Effect<void, never, Database>>>() {}

/**
 * Runs `body` in one transaction: committed if it succeeds, rolled back if it fails or is
 * interrupted. Nested calls join the outer transaction. Once committed, the effects given to
 * {@link afterCommit} inside it run, in order, before this returns.
 *
 * @since 0.1.0
 * @category combinators
 */
export const transactionally = <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R | Database> =>
  Effect.flatMap(Database, (db) =>
    db.isTransaction
      ? body
      : Effect.suspend(() => {
        const committed: Array<Effect.Effect<void, never, Database>> = []
        return Effect.acquireUseRelease(
          Effect.tryPromise({
            try: () => db.startTransaction().execute(),
            catch: (cause) => new DatabaseError({ operation: "begin", cause })
          }),
          (trx) => body.pipe(Effect.provideService(Database, trx), Effect.provideService(AfterCommit, committed)) as Effect.Effect<A, E, R>,
          (trx, exit) => Effect.promise(() => (Exit.isSuccess(exit) ? trx.commit().execute() : trx.rollback().execute()))
        ).pipe(Effect.tap(() => Effect.forEach(committed, (effect) => effect, { discard: true })))
      }))

/**
 * Runs `effect` once the current transaction has committed, on the database outside it; never
 * if it rolls back. Outside a transaction, runs it now. For what must not hold a transaction
 * open or happen for a write that did not: sending messages through a gateway, say.
 *
 * @since 0.3.0
 * @category combinators
 */
export const afterCommit = (effect: Effect.Effect<void, never, Database>): Effect.Effect<void, never, Database> =>
  Effect.flatMap(Effect.serviceOption(AfterCommit), Option.match({
    onNone: () => effect,
    onSome: (committed) => Effect.sync(() => void committed.push(effect))
  }))

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
      // Closed here, not only by Kysely: Kysely closes the database only if a query ran, and a
      // data directory left open is recovered slowly by the next process, or not at all.
      const pglite = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: async () => {
            const instance = new PGlite({
              ...(options.dataDir ? { dataDir: options.dataDir } : {}),
              parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) }
            })
            await instance.waitReady
            return instance
          },
          catch: (cause) => new DatabaseError({ operation: "open pglite", cause })
        }),
        (instance) => Effect.promise(() => (instance.closed ? Promise.resolve() : instance.close().catch(() => undefined)))
      )
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
 * The `pg` type parsers the store expects (date-only columns as `YYYY-MM-DD` strings, 64-bit
 * counts as numbers): pass them as `types` when you build your own `pg.Pool` for {@link layerPg}.
 *
 * @since 0.2.0
 * @category layers
 */
export const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === DATE_OID
      ? (value: string) => value
      : oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)
}

/**
 * A PostgreSQL store through `pg`: a connection string, or an integrator's own pool.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerPg = (
  options: ({ readonly connectionString: string; readonly maxConnections?: number } | { readonly pool: pg.Pool }) & PoolOptions
): Layer.Layer<Database | StoreInfo, DatabaseError> =>
  Layer.scopedContext(
    Effect.gen(function*() {
      const types = pgTypes
      const pool = "pool" in options
        ? options.pool
        : new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, types: types as never })
      if (!("pool" in options)) {
        // An idle client whose connection the server ends (restart, failover, a dropped test
        // database) makes the pool emit "error"; unhandled, that would crash the process. The pool
        // replaces the client on the next query, so there is nothing else to do.
        pool.on("error", () => undefined)
      }
      yield* Effect.tryPromise({
        try: () => pool.query("select 1"),
        catch: (cause) => new DatabaseError({ operation: "connect", cause })
      })
      const db = yield* Effect.acquireRelease(
        Effect.sync(() => new Kysely<DB>({ dialect: new PostgresDialect({ pool: adaptPool(pool, options) }) })),
        (db) => ("pool" in options ? Effect.void : Effect.promise(() => db.destroy()))
      )
      const location = "pool" in options ? "pool" : redactUrl(options.connectionString)
      return Context.make(Database, db).pipe(Context.add(StoreInfo, { engine: "postgres", location, copyFromStdin: true }))
    })
  )

/**
 * The store named by the environment: `DATABASE_URL` for PostgreSQL, else PGlite in
 * `SOTAY_DATA_DIR` (default `./.sotay-data`). `SOTAY_PG_NAMED_STATEMENTS=off` sends the hot
 * queries unnamed (behind a pooler that cannot keep named statements).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEnv = (env: Record<string, string | undefined> = process.env) =>
  env.DATABASE_URL
    ? layerPg({ connectionString: env.DATABASE_URL, namedStatements: env.SOTAY_PG_NAMED_STATEMENTS !== "off" })
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
