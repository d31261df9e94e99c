/**
 * Composition of the reference server: the API, its docs, the store, and either a Node HTTP
 * listener or an in-process web handler (tests, examples, embedding).
 *
 * @since 0.1.0
 */
import { HttpApiBuilder, HttpApiScalar, type HttpApp, HttpMiddleware, HttpServer, HttpServerRequest } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Audit, type Database, Idempotency, type Notifier } from "@sotay/core"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
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

/**
 * A listening Node HTTP server on `port` (host `host`).
 *
 * `tracing`: a span per request (Effect's `http.server` span), for a deployment that provides a
 * `Tracer` that exports them (e.g. `@effect/opentelemetry`). Off by default: the reference server
 * exports no spans, and building one per request took about a tenth of a check-in's CPU time.
 *
 * @since 0.1.0
 * @category layers
 */
export const serverLayer = (
  store: Store,
  services: Services,
  options: { readonly port: number; readonly host?: string; readonly tracing?: boolean }
) =>
  HttpApiBuilder.serve(accessLog).pipe(
    (layer) => (options.tracing === true ? layer : HttpMiddleware.withTracerDisabledWhen(layer, () => true)),
    Layer.provide(apiLayer(store, services)),
    HttpServer.withLogAddress,
    Layer.provide(NodeHttpServer.layer(createServer, { port: options.port, ...(options.host ? { host: options.host } : {}) }))
  )

/**
 * The API as a `(Request) => Promise<Response>` with no socket.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWebHandler = (store: Store, services: Services) =>
  HttpApiBuilder.toWebHandler(Layer.mergeAll(apiLayer(store, services), HttpServer.layerContext))
