/**
 * Per-request plumbing: the language of messages (`Accept-Language`), body size limits, the
 * client address, and the localization of the framework's own decode errors.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder, HttpApiError, HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { CurrentActor, Database, Locale } from "@sotay/core"
import { Cause, Effect, Option } from "effect"
import { idempotency } from "./Idempotency.js"

/** JSON bodies: 1 MiB. @since 0.1.0 @category constants */
export const JSON_LIMIT_BYTES = 1024 * 1024
/** CSV uploads: 25 MiB. @since 0.1.0 @category constants */
export const CSV_LIMIT_BYTES = 25 * 1024 * 1024

const tooLarge = (locale: Locale.Locale, limit: number) =>
  HttpServerResponse.unsafeJson(
    {
      _tag: "PayloadTooLarge",
      message: locale === "vi"
        ? `Nội dung gửi lên quá lớn (tối đa ${limit} byte)`
        : `The request body is too large (at most ${limit} bytes)`,
      limitBytes: limit
    },
    { status: 413 }
  )

type Issue = typeof HttpApiError.Issue.Type

const fieldOf = (issue: Issue) => issue.path.map(String).join(".") || "body"

/** A decode error whose message names the fields, in the request's language. */
const localizeDecodeError = (issues: ReadonlyArray<Issue>, locale: Locale.Locale) => {
  const fields = [...new Set(issues.map(fieldOf))]
  const detail = issues.map((i) => `${fieldOf(i)}: ${i.message}`).join("; ")
  const message = locale === "vi"
    ? `Dữ liệu không hợp lệ ở trường ${fields.join(", ")} (${detail})`
    : `Invalid input in ${fields.join(", ")} (${detail})`
  return new HttpApiError.HttpApiDecodeError({ issues: [...issues], message })
}

const isTagged = (tag: string) => (e: unknown): e is { readonly _tag: string; readonly reason?: string; readonly issues?: ReadonlyArray<Issue> } =>
  typeof e === "object" && e !== null && "_tag" in e && (e as { _tag: unknown })._tag === tag

/**
 * API-level middleware: sets the message language, refuses oversized bodies with 413, turns an
 * unreadable body (malformed JSON) into a 400 naming the body, and rewrites the framework's decode
 * errors so that they name the fields in the request's language.
 *
 * @since 0.1.0
 * @category middleware
 */
export const apiMiddleware = (app: HttpApp.Default): HttpApp.Default<unknown> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const locale = Locale.fromAcceptLanguage(request.headers["accept-language"])
    const isCsv = (request.headers["content-type"] ?? "").startsWith("text/csv")
    const limit = isCsv ? CSV_LIMIT_BYTES : JSON_LIMIT_BYTES
    const declared = Number(request.headers["content-length"] ?? "0")
    if (Number.isFinite(declared) && declared > limit) return tooLarge(locale, limit)
    return yield* app.pipe(
      Effect.catchAllCause((cause) => {
        const error = Cause.squash(cause)
        if (isTagged("HttpApiDecodeError")(error)) return Effect.fail(localizeDecodeError(error.issues ?? [], locale))
        if (isTagged("RequestError")(error)) {
          return error.reason === "Decode"
            ? Effect.fail(localizeDecodeError([{
              _tag: "Type",
              path: [],
              message: locale === "vi" ? "nội dung không đọc được (JSON sai cú pháp?)" : "the body could not be read (malformed JSON?)"
            }], locale))
            : Effect.succeed(tooLarge(locale, limit))
        }
        return Effect.failCause(cause)
      }),
      HttpServerRequest.withMaxBodySize(Option.some(limit)),
      Effect.locally(Locale.CurrentLocale, locale)
    )
  })

/**
 * The layer that installs {@link apiMiddleware} around the idempotency keys ({@link idempotency}),
 * kept in the store.
 *
 * @since 0.1.0
 * @category layers
 */
export const ApiMiddlewareLive = HttpApiBuilder.middleware(
  Effect.map(Database.Database, (db) => (app: HttpApp.Default) => apiMiddleware(idempotency(db)(app) as HttpApp.Default) as HttpApp.Default)
)

/**
 * The trusted reverse proxies (`SOTAY_TRUSTED_PROXIES`: comma-separated addresses). Empty by
 * default: the client address is the socket's, and `X-Forwarded-For` is ignored.
 *
 * @since 0.2.0
 * @category configuration
 */
export const trustedProxiesFromEnv = (env: Record<string, string | undefined> = process.env): ReadonlySet<string> =>
  new Set((env.SOTAY_TRUSTED_PROXIES ?? "").split(",").map((s) => normalizeAddress(s.trim())).filter((s) => s.length > 0))

const normalizeAddress = (address: string) => address.startsWith("::ffff:") ? address.slice(7) : address

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most address of `X-Forwarded-For` that is not itself a trusted proxy (the left-most
 * entries are whatever the client claimed, and cannot be trusted).
 *
 * @since 0.2.0
 * @category rules
 */
export const clientAddressOf = (socket: string | null, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string | null => {
  if (socket === null) return null
  const peer = normalizeAddress(socket)
  if (!trusted.has(peer) || !forwardedFor) return peer
  const hops = forwardedFor.split(",").map((s) => normalizeAddress(s.trim())).filter((s) => s.length > 0)
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.has(hops[i]!)) return hops[i]!
  }
  return hops[0] ?? peer
}

let trustedProxies: ReadonlySet<string> | undefined

const retryAfter = (seconds: number) =>
  HttpApp.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(Math.max(1, Math.ceil(seconds))))))

/**
 * Runs a handler's effect with the request's client address (see {@link clientAddressOf}) and
 * user agent for the audit trail and rate limits; adds `Retry-After` to a 429; turns store
 * failures into defects (a logged 500 that never leaks SQL to the client).
 *
 * @since 0.1.0
 * @category combinators
 */
export const inRequest = <A, E, R>(effect: Effect.Effect<A, E | Database.DatabaseError, R>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    trustedProxies ??= trustedProxiesFromEnv()
    const clientAddress = clientAddressOf(Option.getOrNull(request.remoteAddress), request.headers["x-forwarded-for"], trustedProxies)
    const userAgent = request.headers["user-agent"] ?? null
    return yield* effect.pipe(
      Effect.catchIf((e): e is Database.DatabaseError => e instanceof Database.DatabaseError, (e) => Effect.die(e)),
      Effect.tapError((e) =>
        typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "RateLimited"
          ? retryAfter((e as unknown as { retryAfterSeconds: number }).retryAfterSeconds)
          : Effect.void
      ),
      Effect.provideService(CurrentActor.RequestContext, { clientAddress, userAgent })
    ) as Effect.Effect<A, Exclude<E, Database.DatabaseError>, Exclude<R, CurrentActor.RequestContext>>
  })
