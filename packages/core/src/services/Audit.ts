/**
 * The audit trail: every write, every login (success and failure) and every read of sensitive
 * member fields. Entries hold ids, actions and field names, never the personal values themselves.
 *
 * The log is append-only and hash-chained in the database itself (migration 0002): a trigger
 * gives each entry the hash of the previous one and its own hash, another refuses updates and
 * deletes. {@link verifyChain} recomputes the chain.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { sql } from "kysely"
import type { AuditEntry as AuditEntryModel, AuditPage, ChainVerification } from "../model/Audit.js"
import type { Assistance } from "../model/Account.js"
import { validationFailed } from "../model/Errors.js"
import { query } from "../store/Database.js"
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
 * Appends an entry for the current actor (if any) and request.
 *
 * @since 0.1.0
 * @category services
 */
export const record = (entry: AuditEntry) =>
  Effect.gen(function*() {
    const actor = yield* Effect.serviceOption(CurrentActor)
    const request = yield* Effect.serviceOption(RequestContext)
    const actorAccountId = entry.actorAccountId !== undefined
      ? entry.actorAccountId
      : Option.match(actor, { onNone: () => null, onSome: (a) => (isSystem(a) ? null : a.accountId) })
    const clientAddress = Option.match(request, { onNone: () => null, onSome: (r) => r.clientAddress })
    yield* query("audit", (db) =>
      db.insertInto("audit_log").values({
        actor_account_id: actorAccountId,
        action: entry.action,
        org_id: entry.orgId ?? null,
        target_type: entry.targetType ?? null,
        target_id: entry.targetId ?? null,
        on_behalf_of: entry.assistance?.onBehalfOf ?? null,
        channel: entry.assistance?.channel ?? null,
        detail: JSON.stringify({ ...entry.detail, ...(clientAddress ? { clientAddress } : {}) })
      }).execute())
  })

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
  prev_hash: string
  hash: string
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
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, 1)
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
 * Recomputes the hash chain: every entry's hash from its content and the previous hash, and
 * every link to the entry before it. An edited, inserted or deleted entry breaks it.
 *
 * @since 0.2.0
 * @category queries
 */
export const verifyChain = Effect.gen(function*() {
  const [summary] = yield* query("audit chain", (db) =>
    sql<{ entries: number; head: string | null; broken_id: number | null; problem: "hash" | "link" | null }>`
      with chain as (
        select id, hash, prev_hash,
          coalesce(lag(hash) over (order by id), 'genesis') as expected_prev,
          sotay_audit_hash(prev_hash, id, at, actor_account_id, action, org_id, target_type, target_id, detail, on_behalf_of, channel) as expected
        from audit_log
      ),
      broken as (
        select id, case when hash is distinct from expected then 'hash' else 'link' end as problem
        from chain where hash is distinct from expected or prev_hash is distinct from expected_prev
        order by id limit 1
      )
      select (select count(*)::int from audit_log) as entries,
        (select hash from audit_log order by id desc limit 1) as head,
        (select id from broken) as broken_id,
        (select problem from broken) as problem
    `.execute(db).then((r) => r.rows))
  const result: ChainVerification = {
    ok: summary!.broken_id === null,
    entries: summary!.entries,
    head: summary!.head,
    firstBroken: summary!.broken_id === null ? null : { id: Number(summary!.broken_id), problem: summary!.problem! }
  }
  return result
})
