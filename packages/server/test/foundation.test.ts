/**
 * The foundation's acceptance, end to end through the HTTP API on every store: the demo's 488
 * members paged, searched and reported; logins; scoping by role.
 */
import { Csv, VietnameseText } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { allPages, type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const memberRows = (() => {
  const { records } = Csv.parseCsv(demoFile("members-si-pa-phin.csv"))
  const [header, ...rows] = records
  return rows.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ""])))
})()

describe.each(testStores)("foundation on $name", (store) => {
  let server: DemoServer
  let admin: string
  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
  })
  afterAll(() => server?.close())

  it("reports health with current migrations", async () => {
    const health = await server.call(null, "GET", "/health")
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: "ok", store: { engine: store.name }, migrations: { current: true } })
  })

  it("serves the OpenAPI document and the docs page", async () => {
    const spec = await server.call(null, "GET", "/openapi.json")
    expect(spec.status).toBe(200)
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining([
      "/v1/auth/login",
      "/v1/me",
      "/v1/orgs/{orgId}/members",
      "/v1/members/{memberId}",
      "/v1/orgs/{orgId}/members/import",
      "/v1/orgs/{orgId}/reports/adoption"
    ]))
    const docs = await server.handler(new Request("http://sotay.test/docs"))
    expect(docs.status).toBe(200)
  })

  it("names the commune in /v1/me of its staff", async () => {
    const me = await server.call(admin, "GET", "/v1/me")
    expect(me.status).toBe(200)
    expect(me.body.member).toBeNull()
    expect(me.body.roles).toEqual([{ orgId: server.ids["DU-SPP"], orgName: "Đảng bộ xã Si Pa Phìn", role: "committee_staff" }])
  })

  it("pages through exactly the 488 members of Si Pa Phìn, without duplicates, in Vietnamese name order", async () => {
    const items = await allPages(server, admin, `/v1/orgs/${server.ids["DU-SPP"]}/members`)
    expect(items).toHaveLength(488)
    expect(new Set(items.map((m) => m.id)).size).toBe(488)
    const names = items.map((m) => m.fullName)
    expect(names).toEqual([...names].sort(VietnameseText.compareNames))
    // small pages give the same sequence as large ones
    const small: Array<string> = []
    let cursor: string | null = null
    do {
      const page: any = await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/members?limit=37${cursor ? `&cursor=${cursor}` : ""}`)
      small.push(...page.body.items.map((m: any) => m.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(small).toEqual(items.map((m) => m.id))
  })

  it("masks citizen ids and phones in lists", async () => {
    const page = await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/members?limit=200`)
    for (const m of page.body.items) {
      expect(m.citizenId).toMatch(/^\*{9}\d{3}$/)
      if (m.phone !== null) expect(m.phone).toMatch(/^\+84\*+\d{4}$/)
    }
  })

  it("finds the members named Giàng with q=giang, and nobody else", async () => {
    const want = memberRows.filter((r) => r["Họ và tên"]!.split(" ").includes("Giàng")).map((r) => r["Họ và tên"]).sort()
    const found = await allPages(server, admin, `/v1/orgs/${server.ids["DU-SPP"]}/members?q=giang`)
    expect(found.map((m) => m.fullName).sort()).toEqual(want)
    expect(want.length).toBeGreaterThan(0)
  })

  it("finds Điêu with q=dieu, q=Điêu, q=ÐIÊU (lookalike Ð) and NFD input alike", async () => {
    const want = memberRows.filter((r) => r["Họ và tên"]!.split(" ").includes("Điêu")).length
    expect(want).toBeGreaterThan(0)
    for (const q of ["dieu", "Điêu", "\u00d0IÊU", "Điêu".normalize("NFD")]) {
      const found = await allPages(server, admin, `/v1/orgs/${server.ids["DU-SPP"]}/members?q=${encodeURIComponent(q)}`)
      expect(found.length, q).toBe(want)
    }
  })

  it("combines search terms and filters by status", async () => {
    const both = await allPages(server, admin, `/v1/orgs/${server.ids["DU-SPP"]}/members?q=${encodeURIComponent("giàng thị")}`)
    expect(both.length).toBeGreaterThan(0)
    for (const m of both) expect(VietnameseText.fold(m.fullName).split(" ")).toEqual(expect.arrayContaining(["giang", "thi"]))
    const exempt = await allPages(server, admin, `/v1/orgs/${server.ids["DU-SPP"]}/members?status=exempt`)
    expect(exempt).toHaveLength(memberRows.filter((r) => r["Trạng thái"]!.startsWith("Miễn")).length)
    const bad = await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/members?status=retired`)
    expect(bad.status).toBe(400)
    expect(bad.body.fields[0].field).toBe("status")
  })

  it("reports adoption 296 / 488 for Si Pa Phìn, both denominators stated, rolled up to the province", async () => {
    const report = await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/reports/adoption`)
    expect(report.status).toBe(200)
    expect(report.body).toMatchObject({ totalMembers: 488, accountsActivated: 296, inScopeMembers: 479 })
    expect(report.body.activationRate).toBeCloseTo(296 / 488, 4)
    expect(report.body.activationRateInScope).toBeCloseTo(296 / 479, 4)
    const cells = report.body.children as Array<any>
    expect(cells.reduce((n, c) => n + c.totalMembers, 0)).toBe(488)
    expect(cells.reduce((n, c) => n + c.accountsActivated, 0)).toBe(296)

    const province = await server.call(await server.login("tinh.admin"), "GET", `/v1/orgs/${server.ids["DB-TINH"]}/reports/adoption`)
    expect(province.status).toBe(200)
    expect(province.body).toMatchObject({ totalMembers: 488, accountsActivated: 296 })
    const spp = province.body.children.find((c: any) => c.orgId === server.ids["DU-SPP"])
    expect(spp).toMatchObject({ totalMembers: 488, accountsActivated: 296, activationRate: 0.6066 })
    expect(province.body.children).toHaveLength(10)
  })

  it("lists the children of an organization", async () => {
    const children = await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/children`)
    expect(children.status).toBe(200)
    expect(children.body.items).toHaveLength(31)
    expect(children.body.items.map((o: any) => o.name)).toContain("Chi bộ bản 01")
    const org = await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}`)
    expect(org.body).toMatchObject({ code: "SPP-CB-BAN01", type: "GRASSROOTS_CELL", parentId: server.ids["DU-SPP"] })
  })
})
