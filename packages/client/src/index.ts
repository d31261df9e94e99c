/**
 * `@sotay/client`: a typed client for the Sotay HTTP API, generated from its OpenAPI document.
 *
 * This first version is the generated `paths` plus a thin factory; resource namespaces, typed
 * errors, retries and the offline queue come with the client SDK issue.
 *
 * @since 0.1.0
 */
import createClient, { type Client } from "openapi-fetch"
import type { components, paths } from "./generated/openapi.js"

export type { components, paths }

/**
 * Options of {@link createSotayClient}.
 *
 * @since 0.1.0
 * @category models
 */
export interface SotayClientOptions {
  /** Where the API lives, e.g. `http://localhost:8080`. */
  readonly baseUrl: string
  /** A bearer token, or a function that returns the current one. */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>)
  /** `vi` (default) or `en`: the language of error messages. */
  readonly locale?: "vi" | "en"
  /** A fetch to use instead of the global one (tests, in-process servers). */
  readonly fetch?: (request: Request) => Promise<Response>
}

/**
 * Creates a client. Calls answer `{ data, error, response }`; errors are the API's
 * `{ _tag, message, … }` documents and are never thrown.
 *
 * @example
 * const client = createSotayClient({ baseUrl: "http://localhost:8080", token })
 * const { data } = await client.GET("/v1/me")
 *
 * @since 0.1.0
 * @category constructors
 */
export const createSotayClient = (options: SotayClientOptions): Client<paths> => {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) })
  client.use({
    async onRequest({ request }) {
      const token = typeof options.token === "function" ? await options.token() : options.token
      if (token) request.headers.set("authorization", `Bearer ${token}`)
      request.headers.set("accept-language", options.locale ?? "vi")
      return request
    }
  })
  return client
}
