/**
 * The audit trail: every write, every login and every read of sensitive member fields.
 * Entries hold ids and actions, never the personal values themselves.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { query } from "../store/Database.js"
import { CurrentActor, isSystem, RequestContext } from "./CurrentActor.js"

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
        detail: JSON.stringify({ ...entry.detail, ...(clientAddress ? { clientAddress } : {}) })
      }).execute())
  })
