/**
 * Logins and scoping through the HTTP API: each demo role against its own subtree and others.
 */
import { Csv, Database } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const rows = (() => {
  const { records } = Csv.parseCsv(demoFile("members-si-pa-phin.csv"))
  const [header, ...data] = records
  return data.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ""])))
})()
// Activated members of Chi bộ bản 02 other than its secretary (the cell's first official member).
const ban02Secretary = rows.find((r) => r["Mã chi bộ"] === "SPP-CB-BAN02" && r["Trạng thái"] === "Chính thức")!
const activated = rows.filter((r) =>
  r["Tài khoản ứng dụng"] === "Đã kích hoạt" && r["Mã chi bộ"] === "SPP-CB-BAN02" && r["Số thẻ đảng viên"] && r !== ban02Secretary
)

describe.each(testStores)("logins and access on $name", (store) => {
  let server: DemoServer
  let admin: string
  let secretary: string
  let member: string
  let memberId: string
  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    secretary = await server.login("spp.ban01.bithu")
    member = await server.login(activated[0]!["Số điện thoại"]!)
    memberId = (await server.call(member, "GET", "/v1/me")).body.member.id
  })
  afterAll(() => server?.close())

  const firstMemberOf = async (code: string) =>
    (await server.call(admin, "GET", `/v1/orgs/${server.ids[code]}/members?limit=1`)).body.items[0].id as string

  describe("login", () => {
    it("accepts a phone number in every common form, and a Party card number", async () => {
      const row = activated[1]!
      const phone = row["Số điện thoại"]!.startsWith("+84")
        ? "0" + row["Số điện thoại"]!.replace(/\D/g, "").slice(2)
        : row["Số điện thoại"]!
      const digits = phone.slice(1)
      for (const form of [phone, `+84 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, `${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`, `84${digits}`, row["Số thẻ đảng viên"]!]) {
        const token = await server.login(form)
        const me = await server.call(token, "GET", "/v1/me")
        expect(me.body.member.fullName, form).toBe(row["Họ và tên"]!.normalize("NFC"))
        expect(me.body.roles.at(-1)).toEqual({ orgId: server.ids["SPP-CB-BAN02"], orgName: "Chi bộ bản 02", role: "member" })
      }
    })

    it("answers an unknown login and a wrong password the same way, in the request's language", async () => {
      const unknown = await server.call(null, "POST", "/v1/auth/login", { body: { login: "nobody.here", password: "wrong-password-1" } })
      const wrong = await server.call(null, "POST", "/v1/auth/login", { body: { login: "spp.admin", password: "wrong-password-1" } })
      expect(unknown.status).toBe(401)
      expect(wrong).toMatchObject({ status: unknown.status, body: unknown.body })
      expect(unknown.body).toEqual({ _tag: "Unauthenticated", message: "Tên đăng nhập hoặc mật khẩu không đúng" })
      const english = await server.call(null, "POST", "/v1/auth/login", {
        body: { login: "nobody.here", password: "x" },
        headers: { "accept-language": "en-US,en;q=0.9" }
      })
      expect(english.body.message).toBe("Wrong login or password")
    })

    it("refuses members whose account is not activated", async () => {
      const inactive = rows.find((r) => r["Tài khoản ứng dụng"] === "Chưa kích hoạt" && r["Số điện thoại"])!
      const response = await server.call(null, "POST", "/v1/auth/login", { body: { login: inactive["Số điện thoại"], password: "test-demo-password" } })
      expect(response.status).toBe(401)
    })

    it("ends a session at logout, and refuses forged and expired tokens", async () => {
      const token = await server.login("spp.admin")
      expect((await server.call(token, "POST", "/v1/auth/logout")).status).toBe(204)
      expect((await server.call(token, "GET", "/v1/me")).status).toBe(401)
      expect((await server.call("forged-token", "GET", "/v1/me")).status).toBe(401)
      const expiring = await server.login("spp.admin")
      await server.run(Database.query("expire sessions", (db) =>
        db.updateTable("sessions").set({ expires_at: new Date(Date.now() - 1000) }).where("revoked_at", "is", null).where("account_id", "in", (eb) => eb.selectFrom("accounts").select("id").where("username", "=", "spp.admin")).execute()))
      expect((await server.call(expiring, "GET", "/v1/me")).status).toBe(401)
      admin = await server.login("spp.admin")
    })

    it("stops a disabled account on its very next request", async () => {
      const token = await server.login("tinh.admin")
      expect((await server.call(token, "GET", "/v1/me")).status).toBe(200)
      await server.run(Database.query("disable", (db) => db.updateTable("accounts").set({ status: "disabled" }).where("username", "=", "tinh.admin").execute()))
      expect((await server.call(token, "GET", "/v1/me")).status).toBe(401)
      await server.run(Database.query("enable", (db) => db.updateTable("accounts").set({ status: "active" }).where("username", "=", "tinh.admin").execute()))
    })

    it("stores tokens hashed, never in the clear", async () => {
      const token = await server.login("spp.admin")
      const stored = await server.run(Database.query("sessions", (db) => db.selectFrom("sessions").select("token_hash").execute()))
      expect(stored.some((s) => s.token_hash === token)).toBe(false)
      expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true)
    })
  })

  describe("scoping", () => {
    it("committee staff read their subtree and nothing above or beside it", async () => {
      expect((await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN05"]}/members`)).status).toBe(200)
      expect((await server.call(admin, "GET", `/v1/orgs/${server.ids["DB-TINH"]}`)).status).toBe(404)
      expect((await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-MNHE"]}/members`)).status).toBe(404)
      expect((await server.call(admin, "GET", `/v1/orgs/${server.ids["DB-TINH"]}/reports/adoption`)).status).toBe(404)
      const member = await server.call(admin, "GET", `/v1/members/${memberId}`)
      expect(member.status).toBe(200)
      expect(member.body.citizenId).toMatch(/^\d{12}$/)
    })

    it("a cell secretary reads their cell, and gets 404 for another cell and for the commune", async () => {
      const own = await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/members`)
      expect(own.status).toBe(200)
      expect(own.body.items).toHaveLength(rows.filter((r) => r["Mã chi bộ"] === "SPP-CB-BAN01").length)
      expect((await server.call(secretary, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/members?limit=5`)).status).toBe(404)
      const other = await firstMemberOf("SPP-CB-BAN03")
      expect((await server.call(secretary, "GET", `/v1/members/${other}`)).status).toBe(404)
      expect((await server.call(secretary, "PATCH", `/v1/members/${other}`, { body: { phone: "0912345678" } })).status).toBe(404)
      const mine = await firstMemberOf("SPP-CB-BAN01")
      expect((await server.call(secretary, "GET", `/v1/members/${mine}`)).status).toBe(200)
      expect((await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/reports/adoption`)).status).toBe(200)
      expect((await server.call(secretary, "POST", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/members/import?dryRun=true`, { text: "a,b\n1,2\n" })).status).toBe(403)
    })

    it("a member reads their own record and their cell's roster with citizen ids masked, nothing else", async () => {
      expect((await server.call(member, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/members?limit=5`)).status).toBe(404)
      const roster = await server.call(member, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN02"]}/members`)
      expect(roster.status).toBe(200)
      expect(roster.body.items.length).toBe(rows.filter((r) => r["Mã chi bộ"] === "SPP-CB-BAN02").length)
      for (const m of roster.body.items) {
        expect(m.citizenId).toMatch(/^\*{9}\d{3}$/)
        expect(m.phone).toBeNull()
        expect(m.dateOfBirth).toBeNull()
      }
      const self = await server.call(member, "GET", `/v1/members/${memberId}`)
      expect(self.status).toBe(200)
      expect(self.body.citizenId).toMatch(/^\d{12}$/)
      const cellmate = roster.body.items.find((m: any) => m.id !== memberId)
      const mate = await server.call(member, "GET", `/v1/members/${cellmate.id}`)
      expect(mate.status).toBe(200)
      expect(mate.body.citizenId).toMatch(/^\*+\d{3}$/)
      expect((await server.call(member, "PATCH", `/v1/members/${cellmate.id}`, { body: { phone: "0912345678" } })).status).toBe(403)
      expect((await server.call(member, "GET", `/v1/members/${await firstMemberOf("SPP-CB-BAN01")}`)).status).toBe(404)
      expect((await server.call(member, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN02"]}/reports/adoption`)).status).toBe(403)
      expect((await server.call(member, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN02"]}/children`)).body.items).toEqual([])
    })

    it("a random id answers 404 like another subtree's, and a malformed id 400 naming the field", async () => {
      const random = await server.call(admin, "GET", "/v1/members/7d0d4b8e-3f3e-4b5c-9a43-2f1f0f0e0d0c")
      expect(random.status).toBe(404)
      expect(random.body._tag).toBe("NotFound")
      const malformed = await server.call(admin, "GET", "/v1/members/not-an-id", { headers: { "accept-language": "en" } })
      expect(malformed.status).toBe(400)
      expect(malformed.body.message).toContain("memberId")
    })
  })

  describe("profile", () => {
    it("lets a member correct their own phone, stored in E.164, and audits it without the value", async () => {
      const response = await server.call(member, "PATCH", `/v1/members/${memberId}`, { body: { phone: "0912.000.111" } })
      expect(response.status).toBe(200)
      expect(response.body.phone).toBe("+84912000111")
      const audit = await server.run(Database.query("audit", (db) =>
        db.selectFrom("audit_log").selectAll().where("action", "=", "member.update").where("target_id", "=", memberId).execute()))
      expect(audit).toHaveLength(1)
      expect(JSON.stringify(audit[0]!.detail)).not.toContain("912000111")
      const again = await server.call(member, "PATCH", `/v1/members/${memberId}`, { body: { phone: "+84 912 000 111" } })
      expect(again.status).toBe(200)
    })

    it("refuses mass assignment and bad values with 400 naming the field, in vi and en", async () => {
      for (const field of ["role", "status", "orgId", "citizenId"]) {
        const response = await server.call(member, "PATCH", `/v1/members/${memberId}`, { body: { [field]: "x" } })
        expect(response.status, field).toBe(400)
        expect(response.body.message, field).toContain(field)
      }
      const wrongType = await server.call(member, "PATCH", `/v1/members/${memberId}`, { body: { phone: 912345678 } })
      expect(wrongType.status).toBe(400)
      expect(wrongType.body.message).toMatch(/^Dữ liệu không hợp lệ ở trường phone/)
      const badPhone = await server.call(member, "PATCH", `/v1/members/${memberId}`, { body: { phone: "12345" }, headers: { "accept-language": "en" } })
      expect(badPhone.status).toBe(400)
      expect(badPhone.body).toMatchObject({ _tag: "ValidationFailed", fields: [{ field: "phone", message: "not a Vietnamese phone number" }] })
      expect(badPhone.body.message).toContain("phone")
    })

    it("audits reads of sensitive fields", async () => {
      await server.call(admin, "GET", `/v1/members/${memberId}`)
      const reads = await server.run(Database.query("audit", (db) =>
        db.selectFrom("audit_log").select(["actor_account_id", "target_id"]).where("action", "=", "member.read").where("target_id", "=", memberId).execute()))
      expect(reads.length).toBeGreaterThan(0)
      expect(reads.every((r) => r.actor_account_id !== null)).toBe(true)
    })
  })
})

