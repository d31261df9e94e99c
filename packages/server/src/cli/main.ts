/**
 * The `sotay` command line: `serve`, `migrate`, `seed --demo`, `import <file.csv> --org <code>`.
 *
 * Store: `DATABASE_URL` for PostgreSQL, else PGlite in `SOTAY_DATA_DIR` (default `./.sotay-data`).
 *
 * @since 0.1.0
 */
import { NodeRuntime } from "@effect/platform-node"
import { Audit, CurrentActor, Database, Errors, MemberImport, Migrations, Notifier } from "@sotay/core"
import { Cause, Console, Data, Effect, Layer, Stream } from "effect"
import { createReadStream, readFileSync, statSync } from "node:fs"
import { notAWorkbookText, xlsxRecords } from "../registry/Xlsx.js"
import { reporter } from "./Progress.js"
import { DEFAULT_DEMO_PASSWORD, DEMO_LOGINS, isEmpty, seedDemo } from "../demo/Seed.js"
import { serverLayer } from "../http/Server.js"

const USAGE = `sotay — Sổ tay đảng viên điện tử reference server

Usage:
  sotay serve                         migrate, seed the demo on an empty store, listen on PORT (8080)
  sotay migrate                       bring the store's schema up to date
  sotay seed --demo                   load the Điện Biên demo (idempotent)
  sotay import <file> --org <code> [--dry-run]
                                      import a member registry file (.csv, or .xlsx) into an
                                      organization, streamed in batches; progress (rows/s,
                                      errors) on stderr: a bar on a terminal, lines otherwise
  sotay audit verify                  seal the entries written since the last seal, recompute
                                      the audit log's hash chain; exit 1 if an entry was edited,
                                      inserted or deleted (prints the head hash)

Environment:
  PORT, HOST                          where serve listens (default 8080, all interfaces)
  DATABASE_URL                        PostgreSQL connection string; without it, embedded PGlite
  SOTAY_DATA_DIR                      PGlite data directory (default .sotay-data in the directory
                                      the command was run from: npm start and npx sotay from the
                                      project root share one)
  SOTAY_PG_NAMED_STATEMENTS           "off" sends every query unnamed (for a pooler in transaction
                                      mode, such as PgBouncer before 1.21); by default the hot
                                      queries are PostgreSQL named statements, parsed once per connection
  SOTAY_DEMO_PASSWORD                 password of the demo logins (default ${DEFAULT_DEMO_PASSWORD})
  SOTAY_NOTIFIER_WEBHOOK_URL          where to POST one-time codes and notifications (an SMS gateway);
                                      without it they are printed to the console (development)
  SOTAY_NOTIFIER_WEBHOOK_TOKEN        bearer token sent to that webhook
  SOTAY_TRUSTED_PROXIES               comma-separated addresses of reverse proxies whose
                                      X-Forwarded-For is believed; by default the client address
                                      (rate limits, audit) is the socket's peer
  SOTAY_RETENTION_DAYS                days after death or removal before a member's personal fields
                                      may be anonymized (default 1825)
  SOTAY_SHUTDOWN_GRACE_SECONDS        on SIGTERM/SIGINT, how long serve waits for requests in
                                      flight before closing their connections (default 10)
`

/** A command that ran and failed (the file has errors); it has printed why, and exits 1. */
class CommandFailed extends Data.TaggedError("CommandFailed")<{}> {}

const args = process.argv.slice(2)
const command = args[0]
const flag = (name: string) => args.includes(name)
const option = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

/** A command's arguments that cannot work, said before the store is opened. */
const argumentProblem = (): string | undefined => {
  switch (command) {
    case "serve": {
      const port = process.env.PORT
      if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
        return `sotay serve: PORT must be a port number (0–65535), not "${port}"`
      }
      const grace = process.env.SOTAY_SHUTDOWN_GRACE_SECONDS
      if (grace !== undefined && !(/^\d+(\.\d+)?$/.test(grace) && Number(grace) <= 3600)) {
        return `sotay serve: SOTAY_SHUTDOWN_GRACE_SECONDS must be a number of seconds (0–3600), not "${grace}"`
      }
      return undefined
    }
    case "seed":
      return flag("--demo") ? undefined : "sotay seed: only --demo is available"
    case "audit":
      return args[1] === "verify" ? undefined : "sotay audit: only verify is available"
    case "import": {
      const file = args[1]
      if (file === undefined || file.startsWith("--")) return `sotay import: give the file first\n\n${USAGE}`
      if (!option("--org")) return `sotay import: give the organization's code: --org <code>\n\n${USAGE}`
      try {
        if (!statSync(file).isFile()) return `sotay import: ${file} is not a file`
      } catch {
        return `sotay import: no such file: ${file}`
      }
      return undefined
    }
    default:
      return undefined
  }
}

/** Prints `message` on stderr and fails the command (exit 1). */
const refuse = (message: string) => Effect.zipRight(Console.error(message), Effect.fail(new CommandFailed()))

const store = Database.layerFromEnv()
const demoPassword = process.env.SOTAY_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD

const seed = Effect.gen(function*() {
  const result = yield* seedDemo(demoPassword)
  yield* Console.log(
    `Demo seeded: ${result.organizationsCreated} organizations, ${result.members.created} members created ` +
      `(${result.members.unchanged} unchanged), ${result.secretaries} cell secretaries`
  )
})

const printLogins = Console.log([
  "Demo logins (password: " + (process.env.SOTAY_DEMO_PASSWORD ? "$SOTAY_DEMO_PASSWORD" : DEFAULT_DEMO_PASSWORD) + "):",
  ...DEMO_LOGINS.map((l) => `  ${l.username.padEnd(18)} ${l.label}`),
  "  and every activated member of Si Pa Phìn by phone number (e.g. 0912355799)"
].join("\n"))

const migrate = Effect.tap(Migrations.migrateToLatest, (applied) =>
  applied.length > 0 ? Console.log(`Migrations applied: ${applied.join(", ")}`) : Effect.void)

const program: Effect.Effect<void, unknown, Database.Database | Database.StoreInfo> = (() => {
  switch (command) {
    case "serve":
      return Effect.gen(function*() {
        yield* migrate
        if (yield* isEmpty) yield* seed
        yield* printLogins
        const port = Number(process.env.PORT ?? 8080)
        const host = process.env.HOST
        const info = yield* Database.StoreInfo
        yield* Console.log(`Store: ${info.engine} (${info.location})`)
        const store = Layer.succeedContext(yield* Effect.context<Database.Database | Database.StoreInfo>())
        const grace = process.env.SOTAY_SHUTDOWN_GRACE_SECONDS
        return yield* Layer.launch(serverLayer(store, Notifier.layerFromEnv(), {
          port,
          ...(host ? { host } : {}),
          ...(grace !== undefined ? { shutdownGraceMs: Number(grace) * 1000 } : {})
        }))
      })
    case "migrate":
      return Effect.flatMap(migrate, (applied) => applied.length > 0 ? Effect.void : Console.log("The schema is up to date."))
    case "seed":
      return Effect.zipRight(migrate, seed)
    case "import": {
      const file = args[1]
      const orgCode = option("--org")
      if (!file || !orgCode) return refuse(USAGE)
      return Effect.gen(function*() {
        yield* migrate
        const org = yield* Database.query("find org", (db) =>
          db.selectFrom("organizations").select(["id", "name"]).where("code", "=", orgCode).executeTakeFirst())
        if (!org) return yield* refuse(`sotay import: no organization has the code ${orgCode}`)
        const onProgress = reporter({ totalBytes: statSync(file).size })
        const options = { dryRun: flag("--dry-run"), onProgress }
        const run = file.toLowerCase().endsWith(".xlsx")
          ? MemberImport.importRecords(org.id, xlsxRecords(new Uint8Array(readFileSync(file))), options).pipe(
            Effect.catchTag("NotAWorkbook", () => refuse(`sotay import: ${file}: ${notAWorkbookText.en} (${notAWorkbookText.vi})`))
          )
          : MemberImport.importStream(
            org.id,
            Stream.fromAsyncIterable(createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>, (e) => e as Error),
            options
          )
        const report = yield* run.pipe(
          Effect.provideService(CurrentActor.CurrentActor, CurrentActor.systemActor),
          Effect.catchTag("ImportRejected", (e) => Effect.as(Console.error(e.message), e.report))
        )
        for (const error of report.errors) yield* Console.error(`row ${error.row}, ${error.column}: ${error.message}`)
        yield* Console.log(
          `${org.name}: ${report.rows} rows, ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
            `${report.errors.length} errors${report.dryRun ? " (dry run, nothing written)" : report.committed ? "" : " (nothing written)"}`
        )
        if (report.errors.length > 0) return yield* Effect.fail(new CommandFailed())
      }).pipe(Effect.catchIf(
        (e): e is Errors.ValidationFailed | Errors.NotFound => e instanceof Errors.ValidationFailed || e instanceof Errors.NotFound,
        (e) => Effect.zipRight(Console.error(e.message), Effect.fail(new CommandFailed()))
      ))
    }
    case "audit":
      return Effect.gen(function*() {
        yield* migrate
        const sealed = yield* Audit.seal()
        const result = yield* Audit.verifyChain
        if (result.ok) {
          yield* Console.log(
            `audit log intact: ${result.entries} entries, head ${result.head ?? "(empty)"}` +
              (sealed > 0 ? ` (${sealed} sealed now)` : "") +
              (result.pending > 0 ? `; ${result.pending} written meanwhile, not sealed yet` : "")
          )
        } else {
          yield* Console.error(
            `audit log BROKEN at entry ${result.firstBroken!.id}: ` +
              (result.firstBroken!.problem === "hash" ? "its content does not match its hash (edited)" : "it does not link to the entry before it (inserted or deleted)")
          )
          // runMain sets the exit code from the program's outcome: fail it (exit 1).
          return yield* Effect.fail("audit chain verification failed")
        }
      })
    default:
      return Console.log(USAGE)
  }
})()

const COMMANDS: ReadonlySet<string | undefined> = new Set(["serve", "migrate", "seed", "import", "audit"])

const problem = COMMANDS.has(command) ? argumentProblem() : undefined

if (problem !== undefined) {
  console.error(problem)
  process.exitCode = 1
} else if (COMMANDS.has(command)) {
  program.pipe(
    Effect.provide(store),
    // runMain exits 1 when the program fails; a CommandFailed has already said why.
    Effect.tapErrorCause((cause) => Cause.squash(cause) instanceof CommandFailed ? Effect.void : Effect.logError(cause)),
    NodeRuntime.runMain({ disableErrorReporting: true })
  )
} else if (command === undefined || command === "help" || command === "--help" || command === "-h") {
  // usage without opening the store
  console.log(USAGE)
} else {
  console.error(`sotay: unknown command "${command}"\n\n${USAGE}`)
  process.exitCode = 1
}
