/**
 * Composition of the reference server: the API, its docs, the store, and either a Node HTTP
 * listener or an in-process web handler (tests, examples, embedding).
 *
 * @since 0.1.0
 */
import { HttpApiBuilder, HttpApiScalar, type HttpApp, HttpMiddleware, HttpServer, HttpServerRequest } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Audit, type Database, Idempotency, Locale, type Notifier } from "@sotay/core"
import { Effect, Layer } from "effect"
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http"
import type { Duplex } from "node:stream"
import { ApiLive } from "./Handlers.js"
import { ApiMiddlewareLive } from "./Request.js"

type Store = Layer.Layer<Database.Database | Database.StoreInfo, Database.DatabaseError>
type Services = Layer.Layer<Notifier.Notifier>

/** Logs one line per request: method, path without its query (names are personal data), status, time. */
const accessLog = (app: HttpApp.Default) =>
  Effect.gen(function*() {
    const started = Date.now()
    const request = yield* HttpServerRequest.HttpServerRequest
    const response = yield* app
    const path = request.url.split("?")[0]
    yield* Effect.logInfo(`${request.method} ${path} ${response.status} ${Date.now() - started}ms`)
    return response
  })

/**
 * The API with its OpenAPI document (`/openapi.json`) and browsable docs (`/docs`), on a store,
 * with the notifier that delivers one-time codes and invitations, the audit sealer that chains
 * the entries its requests write, and the hourly purge of old idempotency keys.
 *
 * @since 0.1.0
 * @category layers
 */
export const apiLayer = (store: Store, services: Services) =>
  Layer.mergeAll(
    HttpApiBuilder.middlewareOpenApi({ path: "/openapi.json" }),
    HttpApiScalar.layer({ path: "/docs" }),
    Audit.sealer(),
    Idempotency.purger
  ).pipe(Layer.provideMerge(ApiLive), Layer.provide(ApiMiddlewareLive), Layer.provide(store), Layer.provide(services))

const json = (status: number, body: { readonly _tag: string; readonly message: string }, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body)
  return { status, headers: { "content-type": "application/json; charset=utf-8", "content-length": String(Buffer.byteLength(text)), ...headers }, text }
}

/** A request that arrived while the API is not (or no longer) being served. */
const unavailable = (locale: Locale.Locale) =>
  json(503, {
    _tag: "Unavailable",
    message: locale === "vi"
      ? "Máy chủ đang khởi động hoặc đang dừng; thử lại sau giây lát"
      : "The server is starting or stopping; retry in a moment"
  }, { "retry-after": "1", connection: "close" })

/**
 * What Node's own parser refused, before any handler could run: it cannot say which language the
 * client reads, so the message carries both.
 */
const unreadable = (code: string | undefined) =>
  code === "HPE_HEADER_OVERFLOW"
    ? json(431, { _tag: "HeadersTooLarge", message: "Phần đầu (header) của yêu cầu quá lớn / The request headers are too large" })
    : code === "ERR_HTTP_REQUEST_TIMEOUT"
    ? json(408, { _tag: "RequestTimeout", message: "Yêu cầu gửi quá chậm / The request took too long to arrive" })
    : json(400, { _tag: "BadRequest", message: "Yêu cầu HTTP không đúng định dạng / The HTTP request is malformed" })

/** How long a stopping server waits for requests in flight before it closes their connections. */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

/**
 * The Node server under the API, with answers of its own for requests that would otherwise get
 * none or an empty one:
 * - a request that arrives after the socket listens but before the API is built (the store is
 *   still opening) or after it stopped being served (shutting down): 503 with `Retry-After`, in
 *   the request's language, instead of a request never answered;
 * - a request Node's parser refuses (a header over 16 KB: 431; a malformed request line or
 *   header: 400): a JSON body naming the problem, instead of an empty one.
 * Stopping waits `shutdownGraceMs` for requests in flight, then closes their connections.
 */
const makeNodeServer = (shutdownGraceMs: number) => () => {
  const server = createServer()
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    // the API's own listener is attached while it is served; then this one stands aside
    if (server.listenerCount("request") > 1) return
    const answer = unavailable(Locale.fromAcceptLanguage(request.headers["accept-language"]))
    request.resume()
    response.writeHead(answer.status, answer.headers).end(answer.text)
  })
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) return void socket.destroy()
    const answer = unreadable(error.code)
    const head = Object.entries({ ...answer.headers, connection: "close" }).map(([k, v]) => `${k}: ${v}\r\n`).join("")
    socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head}\r\n${answer.text}`)
  })
  const close = server.close.bind(server)
  server.close = (callback?: (error?: Error) => void) => {
    const timer = setTimeout(() => server.closeAllConnections(), shutdownGraceMs)
    timer.unref()
    return close((error?: Error) => {
      clearTimeout(timer)
      callback?.(error)
    })
  }
  return server
}

/**
 * A listening Node HTTP server on `port` (host `host`).
 *
 * `tracing`: a span per request (Effect's `http.server` span), for a deployment that provides a
 * `Tracer` that exports them (e.g. `@effect/opentelemetry`). Off by default: the reference server
 * exports no spans, and building one per request took about a tenth of a check-in's CPU time.
 *
 * `shutdownGraceMs`: how long stopping waits for requests in flight before closing their
 * connections (default 10 s). Until the API is built, and once it is no longer served, requests
 * are answered 503 with `Retry-After: 1`.
 *
 * @since 0.1.0
 * @category layers
 */
export const serverLayer = (
  store: Store,
  services: Services,
  options: { readonly port: number; readonly host?: string; readonly tracing?: boolean; readonly shutdownGraceMs?: number }
) =>
  HttpApiBuilder.serve(accessLog).pipe(
    (layer) => (options.tracing === true ? layer : HttpMiddleware.withTracerDisabledWhen(layer, () => true)),
    Layer.provide(apiLayer(store, services)),
    HttpServer.withLogAddress,
    Layer.provide(NodeHttpServer.layer(makeNodeServer(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS), { port: options.port, ...(options.host ? { host: options.host } : {}) }))
  )

/**
 * The API as a `(Request) => Promise<Response>` with no socket.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWebHandler = (store: Store, services: Services) =>
  HttpApiBuilder.toWebHandler(Layer.mergeAll(apiLayer(store, services), HttpServer.layerContext))
