/**
 * The notifier port: how one-time codes, invitations and reminders reach a member (SMS, push,
 * e-mail). Integrators plug in their own gateway; the reference server ships a console
 * implementation for development, an HTTP webhook one for an SMS gateway, and an in-memory outbox
 * for embedding and tests.
 *
 * A message may carry a secret (a one-time code): implementations deliver it and never write it to
 * a log.
 *
 * @since 0.1.0
 */
import { Context, Data, Effect, Layer } from "effect"
import type { Text } from "../model/Locale.js"

/**
 * Who a message goes to: a member (by id) and, where known, their phone in E.164.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recipient {
  readonly memberId: string | null
  readonly accountId: string | null
  readonly phone: string | null
}

/**
 * A message: its kind (`otp`, `meeting.invitation`, …), its text in both languages, and data a
 * richer channel (push) may use.
 *
 * @since 0.1.0
 * @category models
 */
export interface Message {
  readonly kind: string
  readonly text: Text
  readonly data?: Readonly<Record<string, unknown>>
}

/**
 * A delivery that failed; callers decide whether that fails their request.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotifierError extends Data.TaggedError("NotifierError")<{ readonly reason: string; readonly cause?: unknown }> {}

/**
 * The port.
 *
 * @since 0.1.0
 * @category services
 */
export class Notifier extends Context.Tag("@sotay/core/Notifier")<Notifier, {
  readonly send: (to: Recipient, message: Message) => Effect.Effect<void, NotifierError>
}>() {}

/** A phone number with all but its last three digits hidden: `+84•••••••367`. @since 0.4.0 @category rules */
export const maskPhone = (phone: string): string => {
  const prefix = phone.startsWith("+") ? phone.slice(0, 3) : ""
  const rest = phone.slice(prefix.length)
  return rest.length <= 3 ? `${prefix}•••` : prefix + "•".repeat(rest.length - 3) + rest.slice(-3)
}

/**
 * One line of console output for a delivery: the phone masked (the output ends up in logs), and
 * every control character of the text shown as an escape, so that a meeting's topic cannot forge
 * log lines.
 *
 * @since 0.4.0
 * @category rules
 */
export const consoleLine = (to: Recipient, message: Message): string => {
  const who = to.phone ? maskPhone(to.phone) : (to.memberId ?? to.accountId)
  const text = message.text.vi.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  return `[notifier] to ${who}${to.phone && to.memberId ? ` (${to.memberId})` : ""}: ${text}\n`
}

/**
 * Development: prints each delivery to standard output as the SMS it would be (the console is the
 * delivery channel here; do not use it in production). The phone is masked but for its last
 * three digits and the recipient's id is given, since the output ends up in logs.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConsole: Layer.Layer<Notifier> = Layer.succeed(Notifier, {
  send: (to, message) =>
    Effect.sync(() => {
      process.stdout.write(consoleLine(to, message))
    })
})

/**
 * An integrator's gateway: POSTs `{ to, kind, text, data }` as JSON to `url`, with a bearer
 * `token` if given; a non-2xx answer or a timeout (10 s) fails with {@link NotifierError}.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWebhook = (options: { readonly url: string; readonly token?: string }): Layer.Layer<Notifier> =>
  Layer.succeed(Notifier, {
    send: (to, message) =>
      Effect.tryPromise({
        try: async (signal) => {
          const response = await fetch(options.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
            body: JSON.stringify({ to, kind: message.kind, text: message.text, data: message.data ?? {} }),
            signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)])
          })
          if (!response.ok) throw new Error(`HTTP ${response.status}`)
        },
        catch: (cause) => new NotifierError({ reason: "webhook delivery failed", cause })
      })
  })

/**
 * One message handed to the in-memory outbox.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivery {
  readonly to: Recipient
  readonly message: Message
  readonly at: Date
}

/**
 * An in-memory outbox: keeps every delivery, for embedding without a gateway and for tests that
 * need to read what was sent (a one-time code, an invitation).
 *
 * @since 0.1.0
 * @category models
 */
export interface Outbox {
  /** Every delivery so far, oldest first (a copy: later deliveries do not change it). */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
}

/** @since 0.1.0 @category services */
export class NotifierOutbox extends Context.Tag("@sotay/core/NotifierOutbox")<NotifierOutbox, Outbox>() {}

/**
 * The in-memory outbox as both the notifier and a readable {@link NotifierOutbox}. Appending is
 * constant time (a meeting's invitations to a cell of 13,000 are 13,000 sends).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Notifier | NotifierOutbox> = Layer.effectContext(
  Effect.sync(() => {
    const deliveries: Array<Delivery> = []
    return Context.make(NotifierOutbox, { deliveries: Effect.sync(() => deliveries.slice()) }).pipe(
      Context.add(Notifier, {
        send: (to, message) => Effect.sync(() => void deliveries.push({ to, message, at: new Date() }))
      })
    )
  })
)

/**
 * The notifier named by the environment: `SOTAY_NOTIFIER_WEBHOOK_URL` (with optional
 * `SOTAY_NOTIFIER_WEBHOOK_TOKEN`) for a gateway, else the console.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromEnv = (env: Record<string, string | undefined> = process.env): Layer.Layer<Notifier> =>
  env.SOTAY_NOTIFIER_WEBHOOK_URL
    ? layerWebhook({ url: env.SOTAY_NOTIFIER_WEBHOOK_URL, ...(env.SOTAY_NOTIFIER_WEBHOOK_TOKEN ? { token: env.SOTAY_NOTIFIER_WEBHOOK_TOKEN } : {}) })
    : layerConsole
