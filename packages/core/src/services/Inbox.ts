/**
 * Members' inboxes: every invitation, reminder and flag is kept in the database for its recipient
 * and sent through the {@link Notifier} port (SMS, push) after the write commits. A failed
 * delivery never loses the message: it stays in the inbox, marked undelivered.
 *
 * @since 0.2.0
 */
import { Clock, Effect, FiberRef } from "effect"
import { sql } from "kysely"
import { randomUUID } from "node:crypto"
import { notFound, validationFailed } from "../model/Errors.js"
import { CurrentLocale, type Text } from "../model/Locale.js"
import type { MeetingId } from "../model/Meeting.js"
import { formatInstant } from "../rules/VietnamTime.js"
import { afterCommit, query, uuidArray } from "../store/Database.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import { CurrentActor } from "./CurrentActor.js"
import { Notifier } from "./Notifier.js"

/**
 * A recipient: a member (their inbox, their phone) or an account without a member (staff).
 *
 * @since 0.2.0
 * @category models
 */
export interface InboxRecipient {
  readonly memberId: string | null
  readonly accountId: string | null
  readonly phone: string | null
}

/**
 * What to deliver.
 *
 * @since 0.2.0
 * @category models
 */
export interface InboxMessage {
  readonly kind: string
  readonly text: Text
  readonly meetingId?: string | null
  readonly data?: Record<string, unknown>
}

/**
 * What {@link deliver} did: how many messages it kept, and how many deliveries the notifier
 * accepted — known once the transaction it was called in has committed (at once outside one).
 *
 * @since 0.3.0
 * @category models
 */
export interface Delivery {
  readonly kept: number
  readonly notified: number
}

/** How many messages go to the notifier at once. */
const SEND_CONCURRENCY = 16

/**
 * Keeps `message` in each recipient's inbox, in the current transaction, and sends it through the
 * notifier once that transaction has committed (never for one rolled back, and without holding
 * it open while a gateway answers). A failed send leaves the message in the inbox, undelivered.
 *
 * @since 0.2.0
 * @category commands
 */
export const deliver = (recipients: ReadonlyArray<InboxRecipient>, message: InboxMessage) =>
  Effect.gen(function*() {
    const delivery = { kept: recipients.length, notified: 0 }
    if (recipients.length === 0) return delivery as Delivery
    const notifier = yield* Notifier
    const ids = recipients.map(() => randomUUID())
    // one statement whatever the number of recipients (a parameter per column, not per value)
    yield* query("keep notifications", (db) =>
      sql`insert into notifications (id, member_id, account_id, kind, text, meeting_id, data)
        select r.id, r.member_id, r.account_id, ${message.kind}, ${JSON.stringify(message.text)}::jsonb, ${message.meetingId ?? null}::uuid, ${JSON.stringify(message.data ?? {})}::jsonb
        from unnest(${uuidArray(ids)}, ${uuidArray(recipients.map((r) => r.memberId))}, ${uuidArray(recipients.map((r) => r.accountId))}) as r(id, member_id, account_id)`
        .execute(db))
    const payload = {
      kind: message.kind,
      text: message.text,
      data: { ...message.data, ...(message.meetingId ? { meetingId: message.meetingId } : {}) }
    }
    yield* afterCommit(Effect.gen(function*() {
      const sent = yield* Effect.forEach(recipients, (r, i) =>
        Effect.match(notifier.send(r, payload), { onFailure: (): string | null => null, onSuccess: () => ids[i]! }), { concurrency: SEND_CONCURRENCY })
      const delivered = sent.filter((id): id is string => id !== null)
      delivery.notified = delivered.length
      if (delivered.length > 0) {
        yield* query("mark notifications delivered", (db) =>
          db.updateTable("notifications").set({ delivered: true }).where(sql<boolean>`id = any(${uuidArray(delivered)})`).execute())
      }
    }).pipe(Effect.catchAll((error) => Effect.logWarning(`notifications kept but not marked delivered: ${error.message}`))))
    return delivery as Delivery
  })

const mine = (actor: { readonly memberId: string | null; readonly accountId: string }) =>
  actor.memberId
    ? { column: "member_id" as const, value: actor.memberId }
    : { column: "account_id" as const, value: actor.accountId }

/**
 * The current actor's inbox, newest first, a page at a time, in the request's language.
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (options: { readonly limit?: number | undefined; readonly cursor?: string | undefined; readonly unread?: boolean | undefined }) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const locale = yield* FiberRef.get(CurrentLocale)
    const limit = pageSize(options.limit)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["instant", "uuid"])
    const who = mine(actor)
    const rows = yield* query("list notifications", (db) => {
      let q = db.selectFrom("notifications").select(["id", "kind", "text", "meeting_id", "created_at", "read_at"]).where(who.column, "=", who.value)
      if (options.unread) q = q.where("read_at", "is", null)
      if (after) q = q.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(new Date(after[0]!) as never, after[1]! as never)))
      return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute()
    })
    const unread = yield* query("count unread", (db) =>
      db.selectFrom("notifications").select((eb) => eb.fn.countAll<number>().as("n")).where(who.column, "=", who.value).where("read_at", "is", null)
        .executeTakeFirstOrThrow())
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    return {
      items: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        text: r.text[locale],
        meetingId: r.meeting_id as MeetingId | null,
        createdAt: formatInstant(r.created_at),
        readAt: r.read_at ? formatInstant(r.read_at) : null
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      unread: Number(unread.n)
    }
  })

/**
 * Marks one of the actor's notifications read; reading an invitation marks the invitation read.
 *
 * @since 0.2.0
 * @category commands
 */
export const markRead = (id: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    if (!/^[0-9a-f-]{36}$/i.test(id)) return yield* validationFailed([{ field: "id", text: { vi: "mã không hợp lệ", en: "not a valid id" } }])
    const who = mine(actor)
    const now = new Date(yield* Clock.currentTimeMillis)
    const row = yield* query("read notification", (db) =>
      db.updateTable("notifications").set((eb) => ({ read_at: eb.fn.coalesce("read_at", eb.val(now)) }))
        .where("id", "=", id).where(who.column, "=", who.value)
        .returning(["kind", "meeting_id"]).executeTakeFirst())
    if (!row) return yield* notFound({ vi: "Không tìm thấy thông báo", en: "Notification not found" })
    if (row.kind === "meeting.invitation" && row.meeting_id && actor.memberId) {
      yield* query("read invitation", (db) =>
        db.updateTable("meeting_participants").set({ read_at: now })
          .where("meeting_id", "=", row.meeting_id!).where("member_id", "=", actor.memberId!).where("read_at", "is", null).execute())
    }
  })
