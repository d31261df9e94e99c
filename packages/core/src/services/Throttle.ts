/**
 * Attempt limits kept in the store (so they hold across server instances): failed logins per
 * login name and per client address, code requests per login. Keys are hashed: a login may be a
 * phone number, which is personal data.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { createHash } from "node:crypto"
import { RateLimited } from "../model/Errors.js"
import { CurrentLocale } from "../model/Locale.js"
import { FiberRef } from "effect"
import { query } from "../store/Database.js"

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex")

/**
 * Fails with {@link RateLimited} (and the seconds to wait) when any of `keys` is blocked.
 *
 * @since 0.2.0
 * @category queries
 */
export const check = (keys: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    if (keys.length === 0) return
    const blocked = yield* query("throttle check", (db) =>
      db.selectFrom("login_throttle")
        .select(sql<number>`ceil(extract(epoch from (blocked_until - now())))::int`.as("seconds"))
        .where("key", "in", keys.map(hashKey))
        .where("blocked_until", ">", sql<Date>`now()`)
        .execute())
    if (blocked.length === 0) return
    const seconds = Math.max(1, ...blocked.map((b) => b.seconds))
    const locale = yield* FiberRef.get(CurrentLocale)
    return yield* Effect.fail(new RateLimited({
      message: locale === "vi"
        ? `Quá nhiều lần thử; vui lòng thử lại sau ${seconds} giây`
        : `Too many attempts; try again in ${seconds} seconds`,
      retryAfterSeconds: seconds
    }))
  })

/**
 * Counts one attempt against `key`; once `max` attempts fall in the window, the key is blocked
 * for the window's length.
 *
 * @since 0.2.0
 * @category commands
 */
export const hit = (key: string, max: number, windowSeconds: number) =>
  query("throttle hit", (db) =>
    sql`
      insert into login_throttle as t (key, failures, window_start, blocked_until)
      values (${hashKey(key)}, 1, now(), case when 1 >= ${max}::int then now() + make_interval(secs => ${windowSeconds}::int) end)
      on conflict (key) do update set
        failures = case when t.window_start < now() - make_interval(secs => ${windowSeconds}::int) then 1 else t.failures + 1 end,
        window_start = case when t.window_start < now() - make_interval(secs => ${windowSeconds}::int) then now() else t.window_start end,
        blocked_until = case
          when (case when t.window_start < now() - make_interval(secs => ${windowSeconds}::int) then 1 else t.failures + 1 end) >= ${max}::int
          then now() + make_interval(secs => ${windowSeconds}::int)
          else t.blocked_until end
    `.execute(db))

/**
 * Forgets the attempts against `key` (after a successful login).
 *
 * @since 0.2.0
 * @category commands
 */
export const clear = (key: string) =>
  query("throttle clear", (db) => db.deleteFrom("login_throttle").where("key", "=", hashKey(key)).execute())
