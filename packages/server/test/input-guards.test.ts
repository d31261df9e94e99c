/**
 * Input that used to reach the store or the decoder and come back as a 500 with an empty body,
 * or never come back: the NUL character in a JSON string or a query parameter (no PostgreSQL
 * text column takes it), JSON nested thousands deep, a workbook upload that is empty, a CSV or
 * damaged; and routes that do not exist, which answered an empty 404. Each now answers a 4xx in
 * the API's error format, naming the field, and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { jsonBodyProblem } from "../src/http/Request.js"
import { XLSX_TYPE } from "../src/registry/Xlsx.js"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

describe("jsonBodyProblem", () => {
  it("finds a NUL in a value or a key, by path, and nesting beyond 32 levels", () => {
    expect(jsonBodyProblem(`{"login":"spp.admin","password":"x"}`)).toBeUndefined()
    expect(jsonBodyProblem(`{"a":{"b":["ok","x\\u0000y"]}}`)).toEqual({ path: ["a", "b", 1], kind: "nul" })
    expect(jsonBodyProblem(`{"k\\u0000":1}`)).toEqual({ path: ["k\u0000"], kind: "nul" })
    // an escaped backslash before u0000 is text, not a NUL
    expect(jsonBodyProblem(`{"a":"\\\\u0000"}`)).toBeUndefined()
    expect(jsonBodyProblem("[".repeat(32) + "]".repeat(32))).toBeUndefined()
    expect(jsonBodyProblem("[".repeat(33) + "]".repeat(33))).toEqual({ path: [], kind: "depth" })
    // brackets inside strings do not count
    expect(jsonBodyProblem(`{"a":"${"[".repeat(100)}"}`)).toBeUndefined()
    // malformed JSON is the decoder's to name
    expect(jsonBodyProblem(`{"a":"\\u0000"`)).toBeUndefined()
  })
})

describe.each(testStores)("guarded input on $name", (store) => {
  let server: DemoServer
  let admin: string
  let commune: string
  let member: string

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    commune = server.ids["DU-SPP"]!
    member = (await server.call(admin, "GET", `/v1/orgs/${commune}/members?limit=1`)).body.items[0].id
  }, 240_000)
  afterAll(() => server?.close())

  it("refuses a NUL in a JSON string with 400 naming the field, in the request's language, and writes nothing", async () => {
    const before = (await server.call(admin, "GET", `/v1/members/${member}`)).body
    const login = await server.call(null, "POST", "/v1/auth/login", {
      text: `{"login":"spp\\u0000admin","password":"x"}`,
      contentType: "application/json",
      headers: { "accept-language": "en" }
    })
    expect(login.status).toBe(400)
    expect(login.body.message).toContain("login")
    expect(login.body.message).toContain("NUL")
    const patch = await server.call(admin, "PATCH", `/v1/members/${member}`, { text: `{"address":"bản\\u000001"}`, contentType: "application/json" })
    expect(patch.status).toBe(400)
    expect(patch.body.message).toContain("address")
    expect(patch.body.message).toContain("không được chứa ký tự NUL")
    const meeting = await server.call(admin, "POST", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/meetings`, {
      text: `{"kind":"regular_monthly","startsAt":"${new Date().getUTCFullYear() + 1}-01-10T19:30","place":"x\\u0000y","topic":"t"}`,
      contentType: "application/json"
    })
    expect(meeting.status).toBe(400)
    expect(meeting.body.message).toContain("place")
    expect((await server.call(admin, "GET", `/v1/members/${member}`)).body).toEqual(before)
  })

  it("refuses a NUL in a query parameter with 400 naming it", async () => {
    for (const q of ["%00", "a%00b"]) {
      const r = await server.call(admin, "GET", `/v1/orgs/${commune}/members?q=${q}`)
      expect(r.status).toBe(400)
      expect(r.body.message).toContain("q")
    }
  })

  it("refuses JSON nested thousands deep with 400 naming the body", async () => {
    const deep = "[".repeat(3000) + "]".repeat(3000)
    for (const [token, path] of [[null, "/v1/auth/login"], [admin, `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/meetings`]] as const) {
      const r = await server.call(token, "POST", path, { text: deep, contentType: "application/json", headers: { "idempotency-key": crypto.randomUUID() } })
      expect(r.status).toBe(400)
      expect(r.body.message).toContain("body")
    }
  })

  it("refuses a workbook upload that is empty, a CSV, or damaged with 400 naming the body", async () => {
    const good = await server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/export?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } }))
    const bytes = new Uint8Array(await good.arrayBuffer())
    for (const body of [new Uint8Array(0), new TextEncoder().encode("a,b\n1,2\n"), bytes.slice(0, 3000)]) {
      const r = await server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/import?dryRun=true`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": XLSX_TYPE },
        body
      }))
      expect(r.status).toBe(400)
      const error = await r.json()
      expect(error.fields).toEqual([expect.objectContaining({ field: "body" })])
    }
  })

  it("refuses a made-up page cursor whose values the store cannot compare with (400 naming cursor)", async () => {
    const forge = (values: Array<unknown>) => Buffer.from(JSON.stringify(values)).toString("base64url")
    const cell = server.ids["SPP-CB-BAN01"]!
    const lists = [
      [`/v1/orgs/${commune}/members`, [["Lo", "not-a-uuid"], ["a\u0000b", crypto.randomUUID()], ["Lo", ""]]],
      [`/v1/orgs/${commune}/registrations`, [["2026-01-01T00:00:00", "x"], ["a\u0000b", crypto.randomUUID()]]],
      [`/v1/orgs/${cell}/meetings`, [["x", crypto.randomUUID()], ["0000-00-00", crypto.randomUUID()], ["2026-01-01T00:00:00.000Z", "1.5"]]],
      ["/v1/me/notifications", [["1e308", crypto.randomUUID()], [crypto.randomUUID(), crypto.randomUUID()]]],
      [`/v1/orgs/${commune}/children`, [["a\u0000b"], [1]]]
    ] as const
    for (const [path, cursors] of lists) {
      for (const values of cursors) {
        const r = await server.call(admin, "GET", `${path}?cursor=${forge([...values])}`)
        expect(r.status, `${path} ${JSON.stringify(values)}: ${JSON.stringify(r.body)}`).toBe(400)
        expect(r.body.fields).toEqual([expect.objectContaining({ field: "cursor" })])
      }
    }
  })

  it("refuses an impossible calendar date (2025-02-30) with 400 naming the field", async () => {
    const member = (await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN03"]}/members?limit=1`)).body.items[0].id
    for (const issuedOn of ["2025-02-30", "2025-13-01", "0000-00-00"]) {
      const r = await server.call(admin, "POST", `/v1/members/${member}/transfers`, {
        body: { kind: "official", toOrgId: server.ids["SPP-CB-BAN02"], issuedOn }
      })
      expect(r.status).toBe(400)
      expect(r.body.message).toContain("issuedOn")
    }
  })

  it("refuses a lone UTF-16 surrogate in a JSON string with 400 naming the field", async () => {
    const r = await server.call(admin, "PATCH", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}`, { text: `{"name":"Chi bộ \\ud800"}`, contentType: "application/json" })
    expect(r.status).toBe(400)
    expect(r.body.message).toContain("name")
    expect(jsonBodyProblem(`{"agenda":["ok","a\\udfffb"]}`)).toEqual({ path: ["agenda", 1], kind: "surrogate" })
    // a pair (an emoji) is fine
    expect(jsonBodyProblem(`{"topic":"\\ud83d\\ude00"}`)).toBeUndefined()
  })

  it("reports a NUL in a registry file's cell as a row error, not a failure", async () => {
    const csv = "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Mã chi bộ,Số CCCD,Trạng thái\nLò Văn A,01/02/1990,Nam,01/01/2015,SPP-CB-\u0000BAN02,011090000001,Dự bị\n"
    const dry = await server.call(admin, "POST", `/v1/orgs/${commune}/members/import?dryRun=true`, { text: csv })
    expect(dry.status).toBe(200)
    expect(dry.body.errors).toEqual([{ row: 2, column: "Mã chi bộ", message: "chứa ký tự NUL (mã 0)" }])
    const real = await server.call(admin, "POST", `/v1/orgs/${commune}/members/import`, { text: csv })
    expect(real.status).toBeGreaterThanOrEqual(400)
    expect(real.status).toBeLessThan(500)
    expect(JSON.stringify(real.body)).toContain("Mã chi bộ")
  })

  it("answers an unknown route or method with a JSON 404 in the request's language", async () => {
    for (const [method, path] of [["GET", "/v1/nope"], ["DELETE", "/v1/me"], ["GET", `/v1/members/${"a".repeat(150)}`]] as const) {
      const vi = await server.call(admin, method, path)
      expect(vi.status).toBe(404)
      expect(vi.body).toEqual({ _tag: "NotFound", message: "Không có đường dẫn này trong API" })
      const en = await server.call(admin, method, path, { headers: { "accept-language": "en" } })
      expect(en.body).toEqual({ _tag: "NotFound", message: "No such route in the API" })
    }
  })
})

describe("a defect in a handler", () => {
  it("answers a JSON 500 in the request's language and logs where, not the values", async () => {
    const { Database } = await import("@sotay/core")
    const { HttpServerRequest, HttpServerResponse } = await import("@effect/platform")
    const { Effect, Logger } = await import("effect")
    const { apiMiddleware } = await import("../src/http/Request.js")
    const logged: Array<string> = []
    const logger = Logger.make(({ message }) => void logged.push(String(Array.isArray(message) ? message.join(" ") : message)))
    const failing = Effect.die(new Database.DatabaseError({ operation: "insert vote", cause: Object.assign(new Error('insert or update violates foreign key: Key (id)=(Lò Văn A)'), { code: "23503" }) }))
    const response = await Effect.runPromise(apiMiddleware(failing).pipe(
      Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(new Request("http://sotay.test/v1/meetings/x/votes?q=Lò", { method: "POST", headers: { "accept-language": "en" } }))),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger))
    ))
    expect(response.status).toBe(500)
    const web = HttpServerResponse.toWeb(response)
    expect(await web.json()).toEqual({ _tag: "InternalError", message: expect.stringContaining("Server error") })
    expect(logged).toEqual(['POST /v1/meetings/x/votes: store operation "insert vote" failed (SQLSTATE 23503)'])
  })
})
