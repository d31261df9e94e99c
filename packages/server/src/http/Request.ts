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
import { describeIssues } from "./Issues.js"

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

/** A decode error whose message names the fields, in the request's language (see {@link describeIssues}). */
const localizeDecodeError = (raw: ReadonlyArray<Issue>, locale: Locale.Locale) => {
  const issues = describeIssues(raw, locale)
  const fields = [...new Set(issues.map(fieldOf))]
  const detail = issues.map((i) => `${fieldOf(i)}: ${i.message}`).join("; ")
  const message = locale === "vi"
    ? `Dữ liệu không hợp lệ ở trường ${fields.join(", ")} (${detail})`
    : `Invalid input in ${fields.join(", ")} (${detail})`
  return new HttpApiError.HttpApiDecodeError({ issues: [...issues], message })
}

/** JSON bodies may nest arrays and objects this deep (the API's own bodies nest 3 or 4 levels). */
const MAX_JSON_DEPTH = 32

/**
 * What PostgreSQL cannot store or the decoder should not be asked to walk, found before the body
 * is decoded: a string (a value or a key) holding the NUL character, which no text column
 * accepts, or a lone UTF-16 surrogate, which no jsonb column accepts; or arrays and objects
 * nested deeper than {@link MAX_JSON_DEPTH}. Returns the path of
 * the offending string (`[]` for the body itself), or undefined. Malformed JSON is left to the
 * decoder, which names the body.
 */
export const jsonBodyProblem = (
  text: string
): { readonly path: ReadonlyArray<string | number>; readonly kind: "nul" | "surrogate" | "depth" } | undefined => {
  // one pass over the text, outside strings, for the nesting depth
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // a backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > MAX_JSON_DEPTH) return { path: [], kind: "depth" }
    } else if (c === 93 || c === 125) depth--
  }
  // both can only come as escapes (UTF-8 carries neither a raw NUL in JSON nor a lone surrogate)
  if (!text.includes("\\u0000") && !/\\u[dD][89a-fA-F]/.test(text)) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  type Found = { readonly path: ReadonlyArray<string | number>; readonly kind: "nul" | "surrogate" }
  const check = (v: string, path: ReadonlyArray<string | number>): Found | undefined =>
    v.includes("\0") ? { path, kind: "nul" } : LONE_SURROGATE.test(v) ? { path, kind: "surrogate" } : undefined
  const find = (v: unknown, path: ReadonlyArray<string | number>): Found | undefined => {
    if (typeof v === "string") return check(v, path)
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = find(v[i], [...path, i])
        if (found) return found
      }
    } else if (typeof v === "object" && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        const found = check(key, [...path, key]) ?? find(item, [...path, key])
        if (found) return found
      }
    }
    return undefined
  }
  return find(value, [])
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const NUL_TEXT = { vi: "không được chứa ký tự NUL (\\u0000)", en: "must not contain the NUL character (\\u0000)" }
const SURROGATE_TEXT = {
  vi: "chứa ký tự Unicode không hợp lệ (nửa cặp UTF-16 đứng một mình)",
  en: "contains an invalid Unicode character (a lone UTF-16 surrogate)"
}
const DEPTH_TEXT = {
  vi: `lồng nhau quá sâu (tối đa ${MAX_JSON_DEPTH} cấp)`,
  en: `nested too deeply (at most ${MAX_JSON_DEPTH} levels)`
}

/** The request's query parameter (or path) holding a NUL character, if any. */
const urlProblem = (url: string): string | undefined => {
  const question = url.indexOf("?")
  const path = question < 0 ? url : url.slice(0, question)
  try {
    if (decodeURIComponent(path).includes("\0")) return "path"
  } catch {
    return undefined // malformed escapes: left to the router and the decoders
  }
  if (question < 0) return undefined
  for (const [key, value] of new URLSearchParams(url.slice(question + 1))) {
    if (key.includes("\0") || value.includes("\0")) return key.replaceAll("\0", "")
  }
  return undefined
}

/** The request's media type, lower case, without parameters: `""` when it names none. */
const mediaType = (request: HttpServerRequest.HttpServerRequest) => (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()

const hasJsonBody = (request: HttpServerRequest.HttpServerRequest) => {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "DELETE" || request.method === "OPTIONS") return false
  const type = mediaType(request)
  return type === "" || type === "application/json" || type.endsWith("+json")
}

/** Refuses, naming the field, what would otherwise reach the store as an error (see {@link jsonBodyProblem}). */
const checkInput = (request: HttpServerRequest.HttpServerRequest, locale: Locale.Locale) =>
  Effect.gen(function*() {
    const param = urlProblem(request.url)
    if (param !== undefined) {
      return yield* Effect.fail(localizeDecodeError([{ _tag: "Type", path: [param], message: NUL_TEXT[locale] }], locale))
    }
    if (!hasJsonBody(request)) return
    const text = yield* request.text
    const problem = jsonBodyProblem(text)
    if (problem) {
      return yield* Effect.fail(localizeDecodeError([{
        _tag: "Type",
        path: [...problem.path],
        message: (problem.kind === "nul" ? NUL_TEXT : problem.kind === "surrogate" ? SURROGATE_TEXT : DEPTH_TEXT)[locale]
      }], locale))
    }
  })

/** Body types no route of the API takes: HTML forms. Without this they would decode as JSON payloads. */
const FORM_TYPES: ReadonlySet<string> = new Set(["application/x-www-form-urlencoded", "multipart/form-data"])

const unsupportedMediaType = (locale: Locale.Locale, type: string) =>
  HttpServerResponse.unsafeJson(
    {
      _tag: "UnsupportedMediaType",
      message: locale === "vi"
        ? `Không nhận nội dung kiểu ${type}: gửi JSON (content-type: application/json)`
        : `${type} bodies are not accepted: send JSON (content-type: application/json)`,
      field: "content-type"
    },
    { status: 415 }
  )

const routeNotFound = (locale: Locale.Locale) =>
  HttpServerResponse.unsafeJson(
    {
      _tag: "NotFound",
      message: locale === "vi" ? "Không có đường dẫn này trong API" : "No such route in the API"
    },
    { status: 404 }
  )

/**
 * A line for the server's log about a request that failed unexpectedly: what failed and where,
 * never the values involved (a database error's message quotes them, and they may be personal
 * data): the operation and PostgreSQL's error code for a store failure, the error's name and
 * stack frames otherwise.
 */
const defectLine = (request: HttpServerRequest.HttpServerRequest, defect: unknown) => {
  const where = `${request.method} ${request.url.split("?")[0]}`
  if (defect instanceof Database.DatabaseError) {
    const code = typeof defect.cause === "object" && defect.cause !== null && "code" in defect.cause ? String(defect.cause.code) : "?"
    return `${where}: store operation "${defect.operation}" failed (SQLSTATE ${code})`
  }
  if (defect instanceof Error) {
    const frames = (defect.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 8).join("\n")
    return `${where}: ${defect.name}\n${frames}`
  }
  return `${where}: a ${typeof defect} was thrown`
}

const internalError = (locale: Locale.Locale) =>
  HttpServerResponse.unsafeJson(
    {
      _tag: "InternalError",
      message: locale === "vi"
        ? "Lỗi máy chủ; yêu cầu không được thực hiện. Đã ghi lại để khắc phục."
        : "Server error; the request was not carried out. It has been logged to be fixed."
    },
    { status: 500 }
  )

const isTagged = (tag: string) => (e: unknown): e is { readonly _tag: string; readonly reason?: string; readonly issues?: ReadonlyArray<Issue> } =>
  typeof e === "object" && e !== null && "_tag" in e && (e as { _tag: unknown })._tag === tag

/**
 * API-level middleware: sets the message language, refuses oversized bodies with 413 and HTML
 * form bodies with 415, turns an
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
    const type = mediaType(request)
    if (FORM_TYPES.has(type)) return unsupportedMediaType(locale, type)
    return yield* Effect.zipRight(checkInput(request, locale), app).pipe(
      Effect.catchAllCause((cause) => {
        const error = Cause.squash(cause)
        if (isTagged("HttpApiDecodeError")(error)) return Effect.fail(localizeDecodeError(error.issues ?? [], locale))
        if (isTagged("RouteNotFound")(error)) return Effect.succeed(routeNotFound(locale))
        if (isTagged("RequestError")(error)) {
          return error.reason === "Decode"
            ? Effect.fail(localizeDecodeError([{
              _tag: "Type",
              path: [],
              message: locale === "vi" ? "nội dung không đọc được (JSON sai cú pháp?)" : "the body could not be read (malformed JSON?)"
            }], locale))
            : Effect.succeed(tooLarge(locale, limit))
        }
        // a defect (a bug, or input that reached the store unchecked): a JSON 500 and a log line
        if (Option.isNone(Cause.failureOption(cause)) && !Cause.isInterruptedOnly(cause)) {
          return Effect.as(Effect.logError(defectLine(request, error)), internalError(locale))
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
