/**
 * One-time codes: six digits, sent through the notifier, stored only as a hash, valid for five
 * minutes and five tries; a new code replaces the previous one. Codes are never logged.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { createHash, randomInt, randomUUID, timingSafeEqual } from "node:crypto"
import { validationFailed } from "../model/Errors.js"
import { query } from "../store/Database.js"

/** @since 0.2.0 @category constants */
export const TTL_SECONDS = 5 * 60
/** @since 0.2.0 @category constants */
export const MAX_TRIES = 5

/** What a code is for. @since 0.2.0 @category models */
export type Purpose = "activation" | "password_reset" | "registration"

const hashCode = (subjectId: string, purpose: Purpose, code: string) =>
  createHash("sha256").update(`${purpose}:${subjectId}:${code}`).digest()

/**
 * Issues a new code for `subjectId` (an account or a registration), voiding earlier ones.
 * Returns the code, to be sent and forgotten.
 *
 * @since 0.2.0
 * @category commands
 */
export const issue = (purpose: Purpose, subjectId: string) =>
  Effect.gen(function*() {
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0")
    yield* query("void codes", (db) =>
      db.updateTable("one_time_codes").set({ consumed_at: new Date() })
        .where("subject_id", "=", subjectId).where("purpose", "=", purpose).where("consumed_at", "is", null).execute())
    yield* query("issue code", (db) =>
      db.insertInto("one_time_codes").values({
        id: randomUUID(),
        purpose,
        subject_id: subjectId,
        code_hash: hashCode(subjectId, purpose, code).toString("hex"),
        expires_at: sql<Date>`now() + make_interval(secs => ${TTL_SECONDS}::int)` as never
      }).execute())
    return code
  })

/** The error of a wrong, expired or used-up code: one answer for all, naming the field. */
export const wrongCode = () =>
  validationFailed([{ field: "code", text: { vi: "mã xác thực sai hoặc đã hết hạn", en: "the code is wrong or has expired" } }])

/**
 * Checks a code: the newest live code of `subjectId` for `purpose`, within its time and tries.
 * A wrong code uses up a try; the right one is consumed. Fails with ValidationFailed (`code`)
 * otherwise — the same answer when the subject does not exist (pass `null`).
 *
 * @since 0.2.0
 * @category commands
 */
export const consume = (purpose: Purpose, subjectId: string | null, code: string) =>
  Effect.gen(function*() {
    if (subjectId === null) return yield* wrongCode()
    const live = yield* query("load code", (db) =>
      db.selectFrom("one_time_codes").select(["id", "code_hash", "attempts"])
        .where("subject_id", "=", subjectId).where("purpose", "=", purpose)
        .where("consumed_at", "is", null).where("expires_at", ">", sql<Date>`now()`)
        .orderBy("created_at", "desc").limit(1).executeTakeFirst())
    if (!live || live.attempts >= MAX_TRIES) return yield* wrongCode()
    // Count the try first, in its own statement, so that a failing request still uses it up.
    const counted = yield* query("count try", (db) =>
      db.updateTable("one_time_codes").set((eb) => ({ attempts: eb("attempts", "+", 1) }))
        .where("id", "=", live.id).where("attempts", "<", MAX_TRIES).where("consumed_at", "is", null)
        .returning("attempts").executeTakeFirst())
    const expected = Buffer.from(live.code_hash, "hex")
    const actual = hashCode(subjectId, purpose, code)
    if (!counted || !timingSafeEqual(expected, actual)) return yield* wrongCode()
    const consumed = yield* query("consume code", (db) =>
      db.updateTable("one_time_codes").set({ consumed_at: new Date() }).where("id", "=", live.id).where("consumed_at", "is", null).executeTakeFirst())
    if (Number(consumed.numUpdatedRows) !== 1) return yield* wrongCode()
  })
