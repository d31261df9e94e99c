/**
 * The audit trail: every write, every login (success and failure) and every read of sensitive
 * member fields. Entries hold ids, actions and field names, never the personal values themselves.
 *
 * The log is append-only and hash-chained in the database itself (migrations 0002 and 0005). A
 * write appends its entry unsealed, so audited writes never wait for each other; {@link seal}
 * (run by {@link sealer} every fraction of a second) then gives the committed entries, in id
 * order, their chain position (`seq`), the previous entry's hash and their own. Triggers refuse
 * every other update, deletes and truncation. {@link verifyChain} recomputes the chain.
 *
 * @since 0.1.0
 */
import { Duration, Effect, Layer, Option, Schedule } from "effect"
import { type QueryCreator, sql } from "kysely"
import type { AuditEntry as AuditEntryModel, AuditPage, ChainVerification } from "../model/Audit.js"
import type { Assistance } from "../model/Account.js"
import { validationFailed } from "../model/Errors.js"
import { query } from "../store/Database.js"
import type { DB } from "../store/Schema.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import { CurrentActor, isSystem, RequestContext } from "./CurrentActor.js"
import * as Organizations from "./Organizations.js"

/**
 * One audit entry.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuditEntry {
  readonly action: string
  readonly orgId?: string | null
  readonly targetType?: string
  readonly targetId?: string | null
  readonly detail?: Record<string, unknown>
  /** Overrides the current actor (a login, before there is one). */
  readonly actorAccountId?: string | null
  /** Assisted mode: the member the actor acted for, and the channel. */
  readonly assistance?: Assistance
}

/**
 * The row an entry is written as: the current actor (if any), the request's client address.
 *
 * @since 0.3.0
 * @category constructors
 */
export const rowOf = (entry: AuditEntry) =>
  Effect.gen(function*() {
    const actor = yield* Effect.serviceOption(CurrentActor)
    const request = yield* Effect.serviceOption(RequestContext)
    const actorAccountId = entry.actorAccountId !== undefined
      ? entry.actorAccountId
      : Option.match(actor, { onNone: () => null, onSome: (a) => (isSystem(a) ? null : a.accountId) })
    const clientAddress = Option.match(request, { onNone: () => null, onSome: (r) => r.clientAddress })
    return {
      actor_account_id: actorAccountId,
      action: entry.action,
      org_id: entry.orgId ?? null,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      on_behalf_of: entry.assistance?.onBehalfOf ?? null,
      channel: entry.assistance?.channel ?? null,
      detail: JSON.stringify({ ...entry.detail, ...(clientAddress ? { clientAddress } : {}) })
    }
  })

/** @since 0.3.0 @category models */
export type AuditRow = Effect.Effect.Success<ReturnType<typeof rowOf>>

/**
 * Appends an entry for the current actor (if any) and request.
 *
 * @since 0.1.0
 * @category services
 */
export const record = (entry: AuditEntry) =>
  Effect.flatMap(rowOf(entry), (row) => query("audit", (db) => db.insertInto("audit_log").values(row).execute()))

/**
 * Appends `row` in the same statement as the write it records, once per row that write returns:
 * `with w as (update … returning …) insert into audit_log (…) select … from w`. For hot paths
 * (a check-in), where a separate insert would cost a round trip and a transaction.
 *
 * @since 0.3.0
 * @category services
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any CTE name of the caller's query
export const appendFrom = (db: QueryCreator<any>, from: string, row: AuditRow) =>
  (db as QueryCreator<DB>).insertInto("audit_log")
    .columns(["actor_account_id", "action", "org_id", "target_type", "target_id", "on_behalf_of", "channel", "detail"])
    .expression((eb) =>
      eb.selectFrom(from as never).select([
        sql<string | null>`${row.actor_account_id}::uuid`.as("actor_account_id"),
        sql<string>`${row.action}::text`.as("action"),
        sql<string | null>`${row.org_id}::uuid`.as("org_id"),
        sql<string | null>`${row.target_type}::text`.as("target_type"),
        sql<string | null>`${row.target_id}::text`.as("target_id"),
        sql<string | null>`${row.on_behalf_of}::uuid`.as("on_behalf_of"),
        sql<string | null>`${row.channel}::text`.as("channel"),
        sql<string>`${row.detail}::jsonb`.as("detail")
      ]))

type Row = {
  id: number
  at: Date
  actor_account_id: string | null
  action: string
  org_id: string | null
  target_type: string | null
  target_id: string | null
  on_behalf_of: string | null
  channel: string | null
  detail: Record<string, unknown>
  seq: number | null
  prev_hash: string | null
  hash: string | null
}

/** @since 0.2.0 @category conversions */
export const toEntry = (row: Row): AuditEntryModel => ({
  id: Number(row.id),
  at: new Date(row.at).toISOString(),
  actorAccountId: row.actor_account_id,
  action: row.action,
  orgId: row.org_id,
  targetType: row.target_type,
  targetId: row.target_id,
  onBehalfOf: row.on_behalf_of,
  channel: row.channel,
  detail: typeof row.detail === "string" ? JSON.parse(row.detail) : row.detail,
  seq: row.seq === null ? null : Number(row.seq),
  prevHash: row.prev_hash,
  hash: row.hash
})

/** @since 0.2.0 @category constants */
export const columns = [
  "l.id",
  "l.at",
  "l.actor_account_id",
  "l.action",
  "l.org_id",
  "l.target_type",
  "l.target_id",
  "l.on_behalf_of",
  "l.channel",
  "l.detail",
  "l.seq",
  "l.prev_hash",
  "l.hash"
] as const

/**
 * The audit trail of an organization's subtree, newest first, for committee staff. Reading it
 * is itself recorded (the log is activity history, sensitive under the PDP Law).
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (orgId: string, options: { readonly limit?: number | undefined; readonly cursor?: string | undefined; readonly action?: string | undefined }) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "audit.read")
    const limit = pageSize(options.limit)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["text"])
    const before = after ? Number(after[0]) : undefined
    if (before !== undefined && !Number.isSafeInteger(before)) {
      return yield* validationFailed([{ field: "cursor", text: { vi: "con trỏ trang không hợp lệ", en: "not a valid page cursor" } }])
    }
    const rows = yield* query("list audit", (db) => {
      let q = db
        .selectFrom("audit_log as l")
        .innerJoin("organizations as o", "o.id", "l.org_id")
        .select(columns)
        .where("o.path", "like", `${org.path}%`)
      if (options.action) q = q.where("l.action", "=", options.action)
      if (before !== undefined) q = q.where("l.id", "<", before)
      return q.orderBy("l.id", "desc").limit(limit + 1).execute()
    })
    const page = rows.slice(0, limit)
    yield* record({ action: "audit.read", orgId: org.id, targetType: "organization", targetId: org.id, detail: { count: page.length } })
    const result: AuditPage = {
      items: page.map((r) => toEntry(r as Row)),
      nextCursor: rows.length > limit ? encodeCursor([String(page.at(-1)!.id)]) : null
    }
    return result
  })

/**
 * Seals the committed unsealed entries, oldest first, at most `maxEntries` per transaction, until
 * none is left; answers how many it sealed. Safe to run from several processes at once: one seals,
 * the others find the chain busy and return (the next round picks up what they saw).
 *
 * @since 0.3.0
 * @category services
 */
export const seal = (maxEntries = 5_000) =>
  Effect.gen(function*() {
    let total = 0
    while (true) {
      const [row] = yield* query("seal audit", (db) =>
        sql<{ sealed: number }>`select sotay_audit_seal(${maxEntries}) as sealed`.execute(db).then((r) => r.rows))
      const sealed = Number(row?.sealed ?? 0)
      total += sealed
      if (sealed < maxEntries) return total
    }
  })

/**
 * Runs {@link seal} every `interval` (default 250 ms) for as long as the layer lives, and once
 * more when it closes, so that an entry stays unsealed for a fraction of a second. A failed round
 * is logged and retried at the next tick.
 *
 * @since 0.3.0
 * @category layers
 */
export const sealer = (options?: { readonly interval?: Duration.DurationInput }) =>
  Layer.scopedDiscard(Effect.gen(function*() {
    const round = seal().pipe(
      Effect.catchAll((error) => Effect.logWarning(`audit sealing failed, retrying: ${error.message}`)),
      Effect.asVoid
    )
    yield* Effect.addFinalizer(() => round)
    yield* Effect.forkScoped(Effect.repeat(round, Schedule.spaced(options?.interval ?? "250 millis")))
  }))

/**
 * Recomputes the hash chain in `seq` order: every sealed entry's hash from its content and the
 * previous hash, every link to the entry before it, and the positions 1, 2, 3… without a gap. An
 * edited, inserted or deleted sealed entry breaks it. Entries not sealed yet are counted apart
 * (`pending`): run {@link seal} first to verify everything written so far.
 *
 * @since 0.2.0
 * @category queries
 */
export const verifyChain = Effect.gen(function*() {
  const [summary] = yield* query("audit chain", (db) =>
    sql<{ entries: number; pending: number; head: string | null; broken_id: number | null; problem: "hash" | "link" | null }>`
      with chain as (
        select id, seq, hash, prev_hash,
          row_number() over (order by seq) as position,
          coalesce(lag(hash) over (order by seq), 'genesis') as expected_prev,
          sotay_audit_hash(prev_hash, id, at, actor_account_id, action, org_id, target_type, target_id, detail, on_behalf_of, channel) as expected
        from audit_log where seq is not null
      ),
      broken as (
        select id, case when hash is distinct from expected then 'hash' else 'link' end as problem
        from chain where hash is distinct from expected or prev_hash is distinct from expected_prev or seq <> position
        order by seq limit 1
      )
      select (select count(*)::int from audit_log where seq is not null) as entries,
        (select count(*)::int from audit_log where seq is null) as pending,
        (select hash from audit_log where seq is not null order by seq desc limit 1) as head,
        (select id from broken) as broken_id,
        (select problem from broken) as problem
    `.execute(db).then((r) => r.rows))
  const result: ChainVerification = {
    ok: summary!.broken_id === null,
    entries: summary!.entries,
    pending: summary!.pending,
    head: summary!.head,
    firstBroken: summary!.broken_id === null ? null : { id: Number(summary!.broken_id), problem: summary!.problem! }
  }
  return result
})
