/**
 * What the store adds to a `pg` pool between Kysely and PostgreSQL: named (server-side prepared)
 * statements for the hot queries, and `COPY … FROM STDIN` for bulk writes. Kysely's Postgres
 * driver sends every query as `client.query(sql, parameters)`; the pool given to it here hands
 * out clients whose `query` recognizes the two and passes everything else through unchanged.
 *
 * @since 0.4.0
 */
import { createHash } from "node:crypto"
import type pg from "pg"
import { from as copyFrom } from "pg-copy-streams"

/**
 * The statements to run as named statements, by their SQL text: each is parsed and planned once
 * per connection, then only bound and executed. `Database.prepared` registers its queries here.
 */
const namedStatements = new Map<string, string>()

/**
 * Marks a query's SQL text to be sent as a named statement on PostgreSQL; returns its name.
 *
 * @since 0.4.0
 * @category statements
 */
export const registerNamedStatement = (text: string): string => {
  let name = namedStatements.get(text)
  if (name === undefined) {
    name = `sotay_${createHash("sha256").update(text).digest("hex").slice(0, 20)}`
    namedStatements.set(text, name)
  }
  return name
}

/**
 * The data of a `COPY … FROM STDIN`, passed as the statement's only parameter: text in COPY's
 * text format (see {@link copyText}).
 *
 * @since 0.4.0
 * @category copy
 */
export class CopyData {
  constructor(readonly text: string) {}
}

/** COPY's text format: a backslash, tab, newline and carriage return in a value are escaped. */
const escapeCopy = (value: string) =>
  /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : value

/**
 * Rows in COPY's text format: tab-separated values, `\N` for null, one row a line.
 *
 * @since 0.4.0
 * @category copy
 */
export const copyText = (rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string => {
  let out = ""
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i]
      out += (i === 0 ? "" : "\t") + (value === null ? "\\N" : typeof value === "string" ? escapeCopy(value) : String(value))
    }
    out += "\n"
  }
  return out
}

const runCopy = (client: pg.PoolClient, text: string, data: CopyData) =>
  new Promise<{ command: string; rowCount: number; rows: Array<never> }>((resolve, reject) => {
    const stream = client.query(copyFrom(text))
    stream.on("error", reject)
    stream.on("finish", () => resolve({ command: "COPY", rowCount: stream.rowCount, rows: [] }))
    stream.end(data.text)
  })

/**
 * Options of {@link adaptPool}.
 *
 * @since 0.4.0
 * @category models
 */
export interface PoolOptions {
  /**
   * Send the registered hot queries as named statements (default). Turn off behind a pooler that
   * cannot keep them, such as PgBouncer in transaction mode before 1.21.
   */
  readonly namedStatements?: boolean
}

type Query = pg.PoolClient["query"]

const adapted = new WeakMap<pg.PoolClient, pg.PoolClient>()

const adaptClient = (client: pg.PoolClient, options: PoolOptions): pg.PoolClient => {
  const existing = adapted.get(client)
  if (existing) return existing
  const original = client.query.bind(client) as (...args: Array<unknown>) => unknown
  const named = options.namedStatements !== false
  const query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === "string" && Array.isArray(values) && callback === undefined) {
      if (values.length === 1 && values[0] instanceof CopyData) return runCopy(client, text, values[0])
      const name = named ? namedStatements.get(text) : undefined
      if (name !== undefined) return original({ name, text, values })
    }
    return original(text, values, callback)
  }) as Query
  const proxy = new Proxy(client, {
    get: (target, property) => {
      if (property === "query") return query
      const value = Reflect.get(target, property, target)
      return typeof value === "function" ? value.bind(target) : value
    }
  })
  adapted.set(client, proxy)
  return proxy
}

/**
 * The pool as Kysely's Postgres driver sees it: the same connections, whose `query` runs the
 * registered statements as named statements and a {@link CopyData} parameter as COPY.
 *
 * @since 0.4.0
 * @category constructors
 */
export const adaptPool = (pool: pg.Pool, options: PoolOptions = {}) => ({
  connect: async () => adaptClient(await pool.connect(), options),
  end: () => pool.end()
})
