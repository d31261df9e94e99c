/**
 * `Idempotency-Key` (DESIGN §5): a write retried with the same key by the same caller is answered
 * with the first result (and `Idempotent-Replayed: true`) instead of being applied twice.
 *
 * - Which requests: POST, PUT, PATCH and DELETE with a bearer token and a JSON (or empty) body.
 *   Anonymous writes (login, registration) are not replayed: a key alone cannot say whose
 *   response it is. Uploads (CSV, XLSX) are streamed, not held for a fingerprint; a registry
 *   import is idempotent by itself (a second run reports the rows unchanged).
 * - The key is scoped to the caller's token and remembered 24 hours. A retry must be the same
 *   request (method, path and query, body): the same key on a different request answers 400
 *   naming `Idempotency-Key`; while the first request runs, a retry answers 409.
 * - Only successful responses are kept. A failed write changed nothing (every write is one
 *   transaction), so its retry simply runs again.
 *
 * @since 0.3.0
 */
import { type HttpApp, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Database, Errors, Idempotency } from "@sotay/core"
import { Effect, Exit } from "effect"

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"])

/** Printable ASCII, 1 to 255 characters: a UUID, a ULID, a client's own counter. */
const KEY = /^[\x21-\x7e]{1,255}$/

const isJson = (contentType: string | undefined) =>
  contentType === undefined || contentType === "" || contentType.toLowerCase().startsWith("application/json")

/**
 * Wraps the API with idempotency keys, kept in `db`.
 *
 * @since 0.3.0
 * @category middleware
 */
export const idempotency = (db: Database.Database["Type"]) => <E, R>(app: HttpApp.Default<E, R>) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const key = request.headers["idempotency-key"]
    const authorization = request.headers["authorization"]
    if (key === undefined || !WRITES.has(request.method) || !authorization || !isJson(request.headers["content-type"])) {
      return yield* app
    }
    if (!KEY.test(key)) {
      return yield* Errors.validationFailed([{
        field: "Idempotency-Key",
        text: { vi: "khóa phải gồm 1–255 ký tự ASCII in được", en: "the key must be 1–255 printable ASCII characters" }
      }])
    }
    const store = <A, E2>(effect: Effect.Effect<A, E2, Database.Database>) => Effect.orDie(Effect.provideService(effect, Database.Database, db))
    const keep = <A, E2>(effect: Effect.Effect<A, E2, Database.Database>) => Effect.asVoid(store(effect))
    const body = yield* request.text
    const keyHash = Idempotency.hash("idempotency-key", authorization, key)
    const claim = yield* store(Idempotency.claim(keyHash, Idempotency.hash(request.method, request.url, body)))
    switch (claim._tag) {
      case "Mismatch":
        return yield* Errors.validationFailed([{
          field: "Idempotency-Key",
          text: {
            vi: "khóa này đã dùng cho một yêu cầu khác; mỗi thao tác cần một khóa mới",
            en: "this key was used for a different request; use a new key for each operation"
          }
        }])
      case "InProgress":
        return yield* Errors.conflict({
          vi: "Yêu cầu đầu tiên với khóa này đang được xử lý; thử lại sau giây lát",
          en: "The first request with this key is still running; retry in a moment"
        })
      case "Completed":
        return HttpServerResponse.uint8Array(claim.response.body, {
          status: claim.response.status,
          ...(claim.response.contentType ? { contentType: claim.response.contentType } : {}),
          headers: { "idempotent-replayed": "true" }
        })
      case "Claimed":
        return yield* app.pipe(Effect.onExit((exit) => {
          if (Exit.isSuccess(exit)) {
            const response = exit.value
            if (response.status < 300 && response.body._tag === "Uint8Array") {
              return keep(Idempotency.complete(keyHash, { status: response.status, contentType: response.body.contentType, body: response.body.body }))
            }
          }
          return keep(Idempotency.release(keyHash))
        }))
    }
  })
