/**
 * The listening server (`serverLayer`) on a loopback port: per-request spans only when asked for;
 * answers for requests that arrive before the API is built, that Node's parser refuses, or that
 * are still in flight when it stops.
 */
import { Notifier } from "@sotay/core"
import { Effect, Exit, Fiber, Layer, Logger, LogLevel, Scope, Tracer } from "effect"
import { createServer } from "node:http"
import { type AddressInfo, connect } from "node:net"
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

/** Sends raw bytes to the port and reads until the server closes the connection (or `ms` pass). */
const raw = (port: number, bytes: string, ms = 5_000) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1")
    let text = ""
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${ms} ms; got: ${text.slice(0, 200)}`))
    }, ms)
    socket.setEncoding("utf8")
    socket.on("data", (chunk) => (text += chunk))
    socket.on("close", () => {
      clearTimeout(timer)
      resolve(text)
    })
    socket.on("error", () => undefined)
    socket.write(bytes)
  })

/** A server on a store whose opening takes `delayMs` (the API is built once it is open). */
const launch = async (options: { readonly delayMs?: number; readonly shutdownGraceMs?: number } = {}) => {
  const scope = Effect.runSync(Scope.make())
  const store = await Effect.runPromise(Layer.buildWithScope(testStores[0]!.layer(), scope))
  const port = await freePort()
  const slowStore = Layer.effectContext(Effect.as(Effect.sleep(options.delayMs ?? 0), store))
  const fiber = Effect.runFork(
    Layer.launch(serverLayer(slowStore, Notifier.layerMemory, {
      port,
      host: "127.0.0.1",
      ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs })
    })).pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
  )
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { headers, signal: AbortSignal.timeout(3_000) }).catch((error: Error) =>
      error.name === "TimeoutError" ? Promise.reject(error) : undefined
    )
  const stop = async () => {
    await Effect.runPromise(Fiber.interrupt(fiber))
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
  return { port, fiber, get, stop }
}

describe("requests the API cannot take yet or at all", () => {
  it("answers 503 with Retry-After, in the request's language, until the API is built; then serves", async () => {
    const server = await launch({ delayMs: 1_500 })
    try {
      // the socket listens first: connection refused until then, then an answer, never a hang
      let first: Response | undefined
      for (let i = 0; i < 50 && first === undefined; i++) {
        first = await server.get("/health", { "accept-language": "vi" })
        if (first === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(first?.status).toBe(503)
      expect(first!.headers.get("retry-after")).toBe("1")
      const body = await first!.json()
      expect(body._tag).toBe("Unavailable")
      expect(body.message).toContain("khởi động")
      const english = await server.get("/v1/me", { "accept-language": "en" })
      if (english?.status === 503) expect((await english.json()).message).toContain("starting")
      let ready: Response | undefined
      for (let i = 0; i < 100 && ready?.status !== 200; i++) {
        ready = await server.get("/health")
        if (ready?.status !== 200) await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(ready?.status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it("answers what Node's parser refuses with a JSON body: a header over 16 KB (431), a malformed request (400)", async () => {
    const server = await launch()
    try {
      for (let i = 0; i < 100 && (await server.get("/health"))?.status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      const big = await raw(server.port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`)
      expect(big).toMatch(/^HTTP\/1.1 431 /)
      expect(JSON.parse(big.slice(big.indexOf("\r\n\r\n") + 4))).toMatchObject({ _tag: "HeadersTooLarge" })
      const malformed = await raw(server.port, "HELLO THERE\r\n\r\n")
      expect(malformed).toMatch(/^HTTP\/1.1 400 /)
      const body = JSON.parse(malformed.slice(malformed.indexOf("\r\n\r\n") + 4))
      expect(body._tag).toBe("BadRequest")
      expect(body.message).toContain("malformed")
      // the server still serves
      expect((await server.get("/health"))?.status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it("stops within its grace even with a request still in flight, closing that connection", async () => {
    const server = await launch({ shutdownGraceMs: 300 })
    let stopped = false
    try {
      for (let i = 0; i < 100 && (await server.get("/health"))?.status !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      // a body announced as 100 bytes of which 10 arrive: the request never completes by itself
      const hanging = raw(server.port, "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"login\":", 10_000)
      await new Promise((resolve) => setTimeout(resolve, 200))
      const started = Date.now()
      await server.stop()
      stopped = true
      expect(Date.now() - started).toBeLessThan(3_000)
      await hanging // the connection was closed, not left open
    } finally {
      if (!stopped) await server.stop()
    }
  })
})
