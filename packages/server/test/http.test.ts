/**
 * Bad input at the HTTP edge: always a 4xx naming the problem, in the request's language; never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BASE, type DemoServer, startDemo, testStores } from "./support/demo.js"

describe("bad input over HTTP", () => {
  let server: DemoServer
  let admin: string
  beforeAll(async () => {
    server = await startDemo(testStores[0]!)
    admin = await server.login("spp.admin")
  })
  afterAll(() => server?.close())

  const raw = (path: string, init: RequestInit) => server.handler(new Request(`${BASE}${path}`, init))

  it("answers malformed JSON with 400 naming the body", async () => {
    for (const lang of ["vi", "en"]) {
      const response = await raw("/v1/auth/login", { method: "POST", headers: { "content-type": "application/json", "accept-language": lang }, body: "{\"login\":\"spp.admin\"," })
      expect(response.status).toBe(400)
      const body = await response.json()
      expect(body._tag).toBe("HttpApiDecodeError")
      expect(body.message).toMatch(lang === "vi" ? /^Dữ liệu không hợp lệ ở trường body/ : /^Invalid input in body/)
    }
  })

  it("says what is wrong in the request's language: one issue for a value outside a union, no echo of optional parameters", async () => {
    const cell = server.ids["SPP-CB-BAN01"]
    const meeting = { kind: "weekly", startsAt: "2027-01-10T19:30", place: "Nhà văn hóa", topic: "Sinh hoạt" }
    const vi = await server.call(admin, "POST", `/v1/orgs/${cell}/meetings`, { body: meeting, headers: { "accept-language": "vi" } })
    expect(vi.status).toBe(400)
    expect(vi.body.issues).toHaveLength(1)
    expect(vi.body.message).toBe(
      "Dữ liệu không hợp lệ ở trường kind (kind: phải là một trong \"regular_monthly\", \"thematic\", \"extraordinary\", " +
        "\"cell_committee\", \"admission_ceremony\" (nhận được \"weekly\"))"
    )
    const en = await server.call(admin, "POST", `/v1/orgs/${cell}/meetings`, { body: meeting, headers: { "accept-language": "en" } })
    expect(en.body.message).toMatch(/^Invalid input in kind \(kind: Expected one of "regular_monthly" \| "thematic" \| .*, actual "weekly"\)$/)
    const missing = await server.call(admin, "POST", `/v1/orgs/${cell}/meetings`, { body: { place: "x" }, headers: { "accept-language": "vi" } })
    expect(missing.body.message).toBe("Dữ liệu không hợp lệ ở trường kind (kind: bắt buộc, chưa có)")
    const limit = await server.call(admin, "GET", `/v1/orgs/${cell}/members?limit=abc`, { headers: { "accept-language": "vi" } })
    expect(limit.status).toBe(400)
    expect(limit.body.message).toBe("Dữ liệu không hợp lệ ở trường limit (limit: không đọc được \"abc\" thành số)")
    const range = await server.call(admin, "GET", `/v1/orgs/${cell}/members?limit=100000`, { headers: { "accept-language": "vi" } })
    expect(range.body.message).toBe("Dữ liệu không hợp lệ ở trường limit (limit: phải là số từ 1 đến 200 (nhận được 100000))")
    const uuid = await server.call(admin, "GET", "/v1/meetings/not-a-uuid", { headers: { "accept-language": "vi" } })
    expect(uuid.status).toBe(400)
    expect(uuid.body.message).toContain("meetingId: phải là một mã UUID")
  })

  it("refuses HTML form bodies with 415 naming content-type, on login and on any write", async () => {
    for (const [path, token, contentType, body] of [
      ["/v1/auth/login", null, "application/x-www-form-urlencoded", "login=spp.admin&password=test-demo-password"],
      ["/v1/auth/login", null, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"login\"\r\n\r\nspp.admin\r\n--x--\r\n"],
      [`/v1/orgs/${server.ids["SPP-CB-BAN01"]}/meetings`, admin, "application/x-www-form-urlencoded; charset=utf-8", "kind=regular_monthly&place=x&topic=y"]
    ] as const) {
      for (const lang of ["vi", "en"]) {
        const response = await raw(path, {
          method: "POST",
          headers: { "content-type": contentType, "accept-language": lang, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body
        })
        expect(response.status, `${path} ${contentType}`).toBe(415)
        const answer = await response.json()
        expect(answer).toMatchObject({ _tag: "UnsupportedMediaType", field: "content-type" })
        expect(answer.message).toContain(lang === "vi" ? "gửi JSON" : "send JSON")
      }
    }
  })

  it("answers missing fields, wrong types and unknown fields with 400 naming each field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ login: "spp.admin" }, "password"],
      [{ login: 42, password: "x" }, "login"],
      [{ login: "spp.admin", password: "x", admin: true }, "admin"],
      [["spp.admin"], "body"],
      [{ login: "", password: "x" }, "login"]
    ]
    for (const [body, field] of cases) {
      const response = await server.call(null, "POST", "/v1/auth/login", { body, headers: { "accept-language": "en" } })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.body.message, JSON.stringify(body)).toContain(field)
    }
  })

  it("refuses a JSON body over 1 MiB with 413", async () => {
    const body = JSON.stringify({ login: "x".repeat(1024 * 1024), password: "x" })
    const response = await raw("/v1/auth/login", { method: "POST", headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }, body })
    expect(response.status).toBe(413)
    expect((await response.json())._tag).toBe("PayloadTooLarge")
  })

  it("checks list parameters: limit 1–200, a real cursor", async () => {
    const org = server.ids["DU-SPP"]
    for (const query of ["limit=0", "limit=201", "limit=abc", "limit=1.5"]) {
      const response = await server.call(admin, "GET", `/v1/orgs/${org}/members?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.body.message, query).toContain("limit")
    }
    const cursor = await server.call(admin, "GET", `/v1/orgs/${org}/members?cursor=not-a-cursor`)
    expect(cursor.status).toBe(400)
    expect(cursor.body.fields[0].field).toBe("cursor")
    const dryRun = await server.call(admin, "POST", `/v1/orgs/${org}/members/import?dryRun=maybe`, { text: "a\n1\n" })
    expect(dryRun.status).toBe(400)
    expect(dryRun.body.message).toContain("dryRun")
  })

  it("answers a missing or malformed Authorization header with 401", async () => {
    expect((await raw("/v1/me", {})).status).toBe(401)
    expect((await raw("/v1/me", { headers: { authorization: "Basic abc" } })).status).toBe(401)
    expect((await raw("/v1/me", { headers: { authorization: `Bearer ${"x".repeat(5000)}` } })).status).toBe(401)
  })

  it("answers an unknown route with 404", async () => {
    expect((await raw("/v1/nothing-here", {})).status).toBe(404)
  })
})
