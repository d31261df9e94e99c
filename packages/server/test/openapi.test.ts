/**
 * The contract: the committed client spec matches the server, every operation is authenticated
 * except the public ones, and the generated client talks to the real server.
 */
import { createSotayClient } from "@sotay/client"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openApiDocument } from "../src/api/OpenApi.js"
import { BASE, DEMO_PASSWORD, type DemoServer, startDemo, testStores } from "./support/demo.js"

const committed = JSON.parse(readFileSync(fileURLToPath(new URL("../../client/openapi.json", import.meta.url)), "utf8"))

describe("OpenAPI contract", () => {
  it("matches packages/client/openapi.json (regenerate with `npm run openapi`)", () => {
    expect(openApiDocument()).toEqual(committed)
  })

  it("requires a bearer token on every operation but health, login, activation, reset, registration and the docs", () => {
    const open: Array<string> = []
    for (const [path, item] of Object.entries<any>(committed.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!operation?.responses) continue
        if (!(operation.security ?? []).some((s: any) => "bearer" in s)) open.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(open.sort()).toEqual([
      "GET /health",
      "POST /v1/auth/activation",
      "POST /v1/auth/activation/confirm",
      "POST /v1/auth/login",
      "POST /v1/auth/password-reset",
      "POST /v1/auth/password-reset/confirm",
      "POST /v1/registrations",
      "POST /v1/registrations/{id}/verify"
    ])
  })

  it("declares no 500 response: every error has its status", () => {
    for (const item of Object.values<any>(committed.paths)) {
      for (const operation of Object.values<any>(item)) {
        if (operation?.responses) expect(Object.keys(operation.responses)).not.toContain("500")
      }
    }
  })
})

describe("the generated client against the real server", () => {
  let server: DemoServer
  beforeAll(async () => {
    server = await startDemo(testStores[0]!)
  })
  afterAll(() => server?.close())

  it("logs in, reads /v1/me and gets typed errors", async () => {
    const anonymous = createSotayClient({ baseUrl: BASE, fetch: server.handler, locale: "en" })
    const { data: session } = await anonymous.POST("/v1/auth/login", { body: { login: "spp.admin", password: DEMO_PASSWORD } })
    expect(session?.token).toBeTruthy()
    const client = createSotayClient({ baseUrl: BASE, fetch: server.handler, token: () => session!.token, locale: "en" })
    const { data: me } = await client.GET("/v1/me")
    expect(me?.roles[0]?.orgName).toBe("Đảng bộ xã Si Pa Phìn")
    const { error } = await client.GET("/v1/orgs/{orgId}", { params: { path: { orgId: server.ids["DB-TINH"]! } } })
    expect(error).toMatchObject({ _tag: "NotFound", message: "Party organization not found" })
  })
})
