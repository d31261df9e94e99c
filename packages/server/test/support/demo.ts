/**
 * A demo server for one suite: a fresh store (PGlite, or PostgreSQL when DATABASE_URL is set),
 * the Điện Biên demo seeded through the real importer, and the real HTTP API as an in-process
 * web handler.
 */
import { Database, Notifier } from "@sotay/core"
import { Effect, Exit, Layer, Scope } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type TestStore } from "../../../core/test/support/stores.js"
import { seedDemo } from "../../src/demo/Seed.js"
import { makeWebHandler } from "../../src/http/Server.js"

export { testStores } from "../../../core/test/support/stores.js"

export const DEMO_PASSWORD = "test-demo-password"
export const BASE = "http://sotay.test"

export const demoFile = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../src/demo/data/${name}`, import.meta.url)), "utf8")

export interface Response<T = any> {
  readonly status: number
  readonly body: T
  readonly headers: Headers
}

export interface DemoServer {
  /** Everything the server's notifier delivered (one-time codes, invitations), oldest first. */
  readonly deliveries: () => Promise<ReadonlyArray<{ readonly to: Notifier.Recipient; readonly message: Notifier.Message }>>
  readonly handler: (request: Request) => Promise<globalThis.Response>
  readonly run: <A, E>(effect: Effect.Effect<A, E, Database.Database | Database.StoreInfo>) => Promise<A>
  readonly login: (login: string, password?: string) => Promise<string>
  readonly call: <T = any>(
    token: string | null,
    method: string,
    path: string,
    options?: { body?: unknown; text?: string; contentType?: string; headers?: Record<string, string> }
  ) => Promise<Response<T>>
  readonly ids: { readonly [code: string]: string }
  readonly close: () => Promise<void>
}

/** Starts a demo server on a fresh store. */
export const startDemo = async (store: TestStore): Promise<DemoServer> => {
  const scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(Layer.buildWithScope(store.layer(), scope))
  const run = <A, E>(effect: Effect.Effect<A, E, Database.Database | Database.StoreInfo>) =>
    Effect.runPromise(Effect.provide(effect, context))
  await run(seedDemo(DEMO_PASSWORD))
  const notifier = await Effect.runPromise(Layer.buildWithScope(Notifier.layerMemory, scope))
  const { handler, dispose } = makeWebHandler(Layer.succeedContext(context), Layer.succeedContext(notifier))
  const rows = await run(
    Effect.flatMap(
      Database.Database,
      (db) => Effect.promise(() => db.selectFrom("organizations").select(["id", "code"]).execute())
    )
  )
  const ids = Object.fromEntries(rows.map((r) => [r.code, r.id]))

  const call: DemoServer["call"] = async (token, method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (token) headers.authorization = `Bearer ${token}`
    let body: string | undefined
    if (options.text !== undefined) {
      body = options.text
      headers["content-type"] = options.contentType ?? "text/csv"
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers["content-type"] = options.contentType ?? "application/json"
    }
    const response = await handler(new Request(`${BASE}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }))
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text.length > 0 ? JSON.parse(text) : null
    } catch {
      // leave as text
    }
    return { status: response.status, body: parsed as never, headers: response.headers }
  }

  const login = async (name: string, password = DEMO_PASSWORD) => {
    const response = await call<{ token: string }>(null, "POST", "/v1/auth/login", { body: { login: name, password } })
    if (response.status !== 200) throw new Error(`login ${name}: HTTP ${response.status} ${JSON.stringify(response.body)}`)
    return response.body.token
  }

  const deliveries = () =>
    Effect.runPromise(Effect.flatMap(Notifier.NotifierOutbox, (outbox) => outbox.deliveries).pipe(Effect.provide(notifier)))

  return {
    deliveries,
    handler,
    run,
    login,
    call,
    ids,
    close: async () => {
      await dispose()
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

/** Every item of a keyset-paginated list. */
export const allPages = async (server: DemoServer, token: string, path: string) => {
  const items: Array<any> = []
  let cursor: string | null = null
  for (let i = 0; i < 100; i++) {
    const sep = path.includes("?") ? "&" : "?"
    const response: Response = await server.call(token, "GET", `${path}${sep}limit=200${cursor ? `&cursor=${cursor}` : ""}`)
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(response.body)}`)
    items.push(...response.body.items)
    cursor = response.body.nextCursor
    if (!cursor) break
  }
  return items
}
