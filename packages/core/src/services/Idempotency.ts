/**
 * Idempotency keys: a write retried with the same key by the same caller (after a lost response,
 * a double tap, a client's offline queue replaying) gets the first result again instead of being
 * applied twice. The transport (the HTTP middleware) decides what a caller and a request are;
 * this module keeps the keys: claimed while the first request runs, completed with its response,
 * released when it failed (a failed write changed nothing, so running it again is safe).
 *
 * @since 0.3.0
 */
import { Effect, Layer, Schedule } from "effect"
import { sql } from "kysely"
import { createHash } from "node:crypto"
import { query } from "../store/Database.js"

/** How long a key is remembered. @since 0.3.0 @category constants */
export const RETENTION_HOURS = 24

/**
 * A response kept for replay.
 *
 * @since 0.3.0
 * @category models
 */
export interface StoredResponse {
  readonly status: number
  readonly contentType: string | null
  readonly body: Uint8Array
}

/**
 * What {@link claim} found: the key is now this request's; or another request with the key is
 * still running; or it finished (its response); or the key was used for a different request.
 *
 * @since 0.3.0
 * @category models
 */
export type Claim =
  | { readonly _tag: "Claimed" }
  | { readonly _tag: "InProgress" }
  | { readonly _tag: "Completed"; readonly response: StoredResponse }
  | { readonly _tag: "Mismatch" }

/** @since 0.3.0 @category constructors */
export const hash = (...parts: ReadonlyArray<string | Uint8Array>): string => {
  const h = createHash("sha256")
  for (const part of parts) h.update(part).update("\u0000")
  return h.digest("hex")
}

/**
 * Claims `keyHash` for a request with fingerprint `requestHash`: atomically, so that of two
 * concurrent requests with one key exactly one runs. A key older than {@link RETENTION_HOURS} is
 * forgotten and claimed afresh.
 *
 * @since 0.3.0
 * @category commands
 */
export const claim = (keyHash: string, requestHash: string) =>
  Effect.gen(function*() {
    const claimed = yield* query("claim idempotency key", (db) =>
      sql<{ key_hash: string }>`insert into idempotency_keys (key_hash, request_hash) values (${keyHash}, ${requestHash})
        on conflict (key_hash) do update set request_hash = excluded.request_hash, status = null, content_type = null, body = null, created_at = now()
        where idempotency_keys.created_at < now() - make_interval(hours => ${RETENTION_HOURS})
        returning key_hash`.execute(db).then((r) => r.rows))
    if (claimed.length > 0) return { _tag: "Claimed" } as Claim
    const row = yield* query("read idempotency key", (db) =>
      db.selectFrom("idempotency_keys").select(["request_hash", "status", "content_type", "body"]).where("key_hash", "=", keyHash).executeTakeFirst())
    // released between our insert and this read: the caller may simply retry
    if (!row) return { _tag: "InProgress" } as Claim
    if (row.request_hash !== requestHash) return { _tag: "Mismatch" } as Claim
    if (row.status === null || row.body === null) return { _tag: "InProgress" } as Claim
    return { _tag: "Completed", response: { status: row.status, contentType: row.content_type, body: new Uint8Array(row.body) } } as Claim
  })

/**
 * Keeps the response of the request that claimed `keyHash`, for its retries.
 *
 * @since 0.3.0
 * @category commands
 */
export const complete = (keyHash: string, response: StoredResponse) =>
  query("complete idempotency key", (db) =>
    db.updateTable("idempotency_keys")
      .set({ status: response.status, content_type: response.contentType, body: response.body })
      .where("key_hash", "=", keyHash).execute())

/**
 * Lets `keyHash` go: the request that claimed it failed (and changed nothing), or gave a response
 * that cannot be kept.
 *
 * @since 0.3.0
 * @category commands
 */
export const release = (keyHash: string) =>
  query("release idempotency key", (db) => db.deleteFrom("idempotency_keys").where("key_hash", "=", keyHash).where("status", "is", null).execute())

/**
 * Forgets keys older than {@link RETENTION_HOURS}.
 *
 * @since 0.3.0
 * @category commands
 */
export const purge = query("purge idempotency keys", (db) =>
  sql`delete from idempotency_keys where created_at < now() - make_interval(hours => ${RETENTION_HOURS})`.execute(db))

/**
 * Runs {@link purge} every hour for as long as the layer lives.
 *
 * @since 0.3.0
 * @category layers
 */
export const purger = Layer.scopedDiscard(Effect.forkScoped(Effect.repeat(
  purge.pipe(Effect.catchAll((error) => Effect.logWarning(`purging idempotency keys failed: ${error.message}`))),
  Schedule.spaced("1 hour")
)))
