/**
 * The listening server (`serverLayer`) on a loopback port: per-request spans only when asked for.
 */
import { Notifier } from "@sotay/core"
import { Effect, Exit, Fiber, Layer, Logger, LogLevel, Scope, Tracer } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "vitest"
import { serverLayer } from "../src/http/Server.js"
import { testStores } from "./support/demo.js"

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })

/** Serves, sends GET /health, and returns the names of the spans the server started. */
const spansOfOneRequest = async (tracing: boolean | undefined) => {
  const names: Array<string> = []
  const native = Effect.runSync(Effect.tracer)
  const recording = Tracer.make({
    span: (name, ...rest) => {
      names.push(name)
      return native.span(name, ...rest)
    },
    context: native.context
  })
  // the store is opened and migrated before the server listens, as `sotay serve` does
  const scope = Effect.runSync(Scope.make())
  const store = await Effect.runPromise(Layer.buildWithScope(testStores[0]!.layer(), scope))
  const port = await freePort()
  const options = { port, host: "127.0.0.1", ...(tracing === undefined ? {} : { tracing }) }
  const fiber = Effect.runFork(
    Layer.launch(serverLayer(Layer.succeedContext(store), Notifier.layerMemory, options)).pipe(
      Effect.withTracer(recording),
      Logger.withMinimumLogLevel(LogLevel.Warning)
    )
  )
  try {
    let response: Response | undefined
    for (let i = 0; i < 100 && response === undefined; i++) {
      response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined)
      if (response === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(response?.status).toBe(200)
    await response!.text()
    return names
  } finally {
    await Effect.runPromise(Fiber.interrupt(fiber))
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

describe("the listening server", () => {
  it("starts no span per request by default", async () => {
    const names = await spansOfOneRequest(undefined)
    expect(names.filter((name) => name.startsWith("http.server"))).toEqual([])
  })
  it("starts an http.server span per request with tracing on", async () => {
    const names = await spansOfOneRequest(true)
    expect(names).toContain("http.server GET")
  })
})
