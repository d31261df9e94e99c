/**
 * Accounts over the real HTTP API: activation and password reset by one-time code (5 minutes,
 * 5 tries), password rules, sessions, automatic and administrative disabling, login limits,
 * "unknown user" against "wrong password", assisted activation, roles, data export and
 * anonymization.
 */
import { Accounts, Csv, CurrentActor, Database, Passwords, Phone, Settings } from "@sotay/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const rows = (() => {
  const { records } = Csv.parseCsv(demoFile("members-si-pa-phin.csv"))
  const [header, ...data] = records
  return data.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ""])))
})()
const official = (r: Record<string, string>) => r["Trạng thái"] === "Chính thức"
// Provisioned members with a phone, not their cell's secretary (the first official member).
const firstOfficial = new Map<string, Record<string, string>>()
for (const r of rows) if (official(r) && !firstOfficial.has(r["Mã chi bộ"]!)) firstOfficial.set(r["Mã chi bộ"]!, r)
const provisioned = rows.filter((r) =>
  r["Tài khoản ứng dụng"] === "Chưa kích hoạt" && r["Số điện thoại"] && official(r) && firstOfficial.get(r["Mã chi bộ"]!) !== r
)
const activated = rows.filter((r) => r["Tài khoản ứng dụng"] === "Đã kích hoạt" && r["Số điện thoại"] && firstOfficial.get(r["Mã chi bộ"]!) !== r)
const e164 = (phone: string) => Phone.normalizePhone(phone)!

describe.each(testStores)("accounts on $name", (store) => {
  let server: DemoServer
  let admin: string
  const codeFor = async (phone: string, kind: string) => {
    const all = await server.deliveries()
    const last = [...all].reverse().find((d) => d.to.phone === e164(phone) && d.message.kind === kind)
    return last?.message.data?.code as string | undefined
  }
  const memberIdOf = async (citizenId: string) =>
    (await server.run(Database.query("member", (db) => db.selectFrom("members").select("id").where("citizen_id", "=", citizenId).executeTakeFirstOrThrow()))).id
  const accountOf = (memberId: string) =>
    server.run(Database.query("account", (db) => db.selectFrom("accounts").selectAll().where("member_id", "=", memberId).executeTakeFirstOrThrow()))

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
  })
  afterAll(() => server?.close())

  describe("activation by one-time code", () => {
    it("sends a code to the registered phone, answers an unknown login the same way, and activates with a good password", async () => {
      const row = provisioned[0]!
      const sent = await server.call(null, "POST", "/v1/auth/activation", { body: { login: row["Số điện thoại"] } })
      const before = (await server.deliveries()).length
      const unknown = await server.call(null, "POST", "/v1/auth/activation", { body: { login: "0999999999" } })
      expect(sent.status).toBe(202)
      expect(unknown).toMatchObject({ status: 202, body: sent.body })
      expect((await server.deliveries()).length).toBe(before)
      const code = await codeFor(row["Số điện thoại"]!, "otp.activation")
      expect(code).toMatch(/^\d{6}$/)
      const wrong = code === "000000" ? "111111" : "000000"
      const bad = await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code: wrong, password: "một câu mật khẩu dài" } })
      expect(bad.status).toBe(400)
      expect(bad.body.fields[0].field).toBe("code")
      for (const weak of ["short", "12345678", "matkhau123", "Mật Khẩu 123"]) {
        const response = await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code, password: weak }, headers: { "accept-language": "en" } })
        expect(response.status, weak).toBe(400)
        expect(response.body.fields[0].field, weak).toBe("password")
      }
      const ok = await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code, password: "một câu mật khẩu dài" } })
      expect(ok).toMatchObject({ status: 200, body: { status: "active" } })
      await server.login(row["Số điện thoại"]!, "một câu mật khẩu dài")
      const again = await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code, password: "một câu mật khẩu dài" } })
      expect(again.status).toBe(400)
      const audit = await server.run(Database.query("audit", (db) => db.selectFrom("audit_log").select(["detail"]).execute()))
      expect(JSON.stringify(audit)).not.toContain(code)
    })

    it("allows five tries and five minutes", async () => {
      const row = provisioned[1]!
      await server.call(null, "POST", "/v1/auth/activation", { body: { login: row["Số điện thoại"] } })
      const code = (await codeFor(row["Số điện thoại"]!, "otp.activation"))!
      const wrong = code === "999999" ? "888888" : "999999"
      for (let i = 0; i < 5; i++) {
        expect((await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code: wrong, password: "một câu mật khẩu dài" } })).status).toBe(400)
      }
      expect((await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code, password: "một câu mật khẩu dài" } })).status).toBe(400)

      await server.call(null, "POST", "/v1/auth/activation", { body: { login: row["Số điện thoại"] } })
      const fresh = (await codeFor(row["Số điện thoại"]!, "otp.activation"))!
      await server.run(Database.query("age codes", (db) => db.updateTable("one_time_codes").set({ expires_at: new Date(Date.now() - 1000) }).where("consumed_at", "is", null).execute()))
      expect((await server.call(null, "POST", "/v1/auth/activation/confirm", { body: { login: row["Số điện thoại"], code: fresh, password: "một câu mật khẩu dài" } })).status).toBe(400)
      // A third request within the window is refused with 429 and Retry-After.
      const third = await server.call(null, "POST", "/v1/auth/activation", { body: { login: row["Số điện thoại"] } })
      const fourth = await server.call(null, "POST", "/v1/auth/activation", { body: { login: row["Số điện thoại"] } })
      expect([third.status, fourth.status]).toContain(429)
      expect(Number((third.status === 429 ? third : fourth).headers.get("retry-after"))).toBeGreaterThan(0)
    })
  })

  describe("passwords and sessions", () => {
    it("resets a password by code, ending every session", async () => {
      const phone = activated[0]!["Số điện thoại"]!
      const old = await server.login(phone)
      expect((await server.call(null, "POST", "/v1/auth/password-reset", { body: { login: phone } })).status).toBe(202)
      const code = (await codeFor(phone, "otp.password_reset"))!
      const reset = await server.call(null, "POST", "/v1/auth/password-reset/confirm", { body: { login: phone, code, password: "mật khẩu mới rất dài" } })
      expect(reset.status).toBe(200)
      expect((await server.call(old, "GET", "/v1/me")).status).toBe(401)
      await server.login(phone, "mật khẩu mới rất dài")
    })

    it("changes a password, checking the current one, and ends the other sessions", async () => {
      const phone = activated[1]!["Số điện thoại"]!
      const first = await server.login(phone)
      const second = await server.login(phone)
      const wrong = await server.call(second, "POST", "/v1/me/password", { body: { currentPassword: "not-it-at-all", newPassword: "another long password" } })
      expect(wrong.status).toBe(400)
      expect(wrong.body.fields[0].field).toBe("currentPassword")
      const weak = await server.call(second, "POST", "/v1/me/password", { body: { currentPassword: "test-demo-password", newPassword: "password123" } })
      expect(weak.status).toBe(400)
      expect(weak.body.fields[0].field).toBe("newPassword")
      const ok = await server.call(second, "POST", "/v1/me/password", { body: { currentPassword: "test-demo-password", newPassword: "another long password" } })
      expect(ok.status).toBe(204)
      expect((await server.call(first, "GET", "/v1/me")).status).toBe(401)
      expect((await server.call(second, "GET", "/v1/me")).status).toBe(200)
    })

    it("lists the owner's sessions and revokes one: its very next request answers 401", async () => {
      const phone = activated[2]!["Số điện thoại"]!
      const a = await server.login(phone)
      const b = await server.login(phone)
      const list = await server.call(a, "GET", "/v1/me/sessions")
      expect(list.status).toBe(200)
      expect(list.body.filter((s: any) => s.current)).toHaveLength(1)
      const other = list.body.find((s: any) => !s.current)
      expect(other).toBeDefined()
      const adminSessions = (await server.call(admin, "GET", "/v1/me/sessions")).body
      expect((await server.call(a, "DELETE", `/v1/me/sessions/${adminSessions[0].id}`)).status).toBe(404)
      expect((await server.call(a, "DELETE", `/v1/me/sessions/${other.id}`)).status).toBe(204)
      expect((await server.call(b, "GET", "/v1/me")).status).toBe(401)
      expect((await server.call(a, "GET", "/v1/me")).status).toBe(200)
    })
  })

  describe("disabling", () => {
    it("disables an account on the next request once its member dies, is removed, expelled or made exempt, and keeps it disabled", async () => {
      for (const [i, status] of (["deceased", "removed", "expelled", "exempt"] as const).entries()) {
        const row = activated[10 + i]!
        const token = await server.login(row["Số điện thoại"]!)
        expect((await server.call(token, "GET", "/v1/me")).status).toBe(200)
        const memberId = await memberIdOf(row["Số CCCD"]!)
        // What a lifecycle transition does to the member row, by whatever code path.
        await server.run(Database.query("transition", (db) => db.updateTable("members").set({ status }).where("id", "=", memberId).execute()))
        expect((await server.call(token, "GET", "/v1/me")).status, status).toBe(401)
        const account = await accountOf(memberId)
        expect(account.status).toBe("disabled")
        expect(account.disabled_reason).toBe(`member ${status}`)
        await server.run(Database.query("back", (db) => db.updateTable("members").set({ status: "official" }).where("id", "=", memberId).execute()))
        expect((await server.call(null, "POST", "/v1/auth/login", { body: { login: row["Số điện thoại"], password: "test-demo-password" } })).status).toBe(401)
      }
    })

    it("disables the account of a member who transfers to another province", async () => {
      const row = activated[14]!
      const token = await server.login(row["Số điện thoại"]!)
      const memberId = await memberIdOf(row["Số CCCD"]!)
      await server.run(Database.query("transfer", (db) => db.updateTable("members").set({ province_id: "00000000-0000-4000-8000-000000000001" }).where("id", "=", memberId).execute()))
      expect((await server.call(token, "GET", "/v1/me")).status).toBe(401)
      expect((await accountOf(memberId)).disabled_reason).toBe("member transferred out")
    })

    it("lets committee staff disable an account (its very next request answers 401) and enable it again", async () => {
      const row = activated[15]!
      const token = await server.login(row["Số điện thoại"]!)
      const memberId = await memberIdOf(row["Số CCCD"]!)
      const secretary = await server.login("spp.ban01.bithu")
      expect((await server.call(secretary, "PUT", `/v1/members/${memberId}/account/status`, { body: { status: "disabled" } })).status).toBe(404)
      const disabled = await server.call(admin, "PUT", `/v1/members/${memberId}/account/status`, { body: { status: "disabled", reason: "lost phone" } })
      expect(disabled).toMatchObject({ status: 200, body: { status: "disabled", reason: "lost phone" } })
      expect((await server.call(token, "GET", "/v1/me")).status).toBe(401)
      const enabled = await server.call(admin, "PUT", `/v1/members/${memberId}/account/status`, { body: { status: "active" } })
      expect(enabled.status).toBe(200)
      await server.login(row["Số điện thoại"]!)
      const mass = await server.call(admin, "PUT", `/v1/members/${memberId}/account/status`, { body: { status: "active", role: "system_admin" } })
      expect(mass.status).toBe(400)
    })
  })

  describe("login limits", () => {
    it("runs exactly one scrypt verification for an unknown user, a wrong password and an inactive account", async () => {
      const cases = [
        { login: "nobody.at.all", password: "wrong-password-1" },
        { login: "spp.ban01.bithu", password: "wrong-password-1" },
        { login: provisioned[5]!["Số điện thoại"]!, password: "wrong-password-1" }
      ]
      const answers = []
      for (const body of cases) {
        const before = Passwords.verificationCount()
        const response = await server.call(null, "POST", "/v1/auth/login", { body })
        expect(Passwords.verificationCount() - before, body.login).toBe(1)
        answers.push({ status: response.status, body: response.body })
      }
      expect(answers[1]).toEqual(answers[0])
      expect(answers[2]).toEqual(answers[0])
    })

    it("answers 429 with Retry-After after five failures for a login, known or unknown", async () => {
      for (const login of ["tinh.admin", "no.such.login"]) {
        const statuses = []
        for (let i = 0; i < 6; i++) statuses.push((await server.call(null, "POST", "/v1/auth/login", { body: { login, password: "wrong-password-1" } })).status)
        expect(statuses, login).toEqual([401, 401, 401, 401, 401, 429])
        const blocked = await server.call(null, "POST", "/v1/auth/login", { body: { login, password: "wrong-password-1" } })
        expect(blocked.status).toBe(429)
        expect(blocked.body._tag).toBe("RateLimited")
        expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(800)
      }
      // Even the right password waits, then works once the block is over.
      expect((await server.call(null, "POST", "/v1/auth/login", { body: { login: "tinh.admin", password: "test-demo-password" } })).status).toBe(429)
      await server.run(Database.query("unblock", (db) => db.deleteFrom("login_throttle").execute()))
      await server.login("tinh.admin")
    })

    it("limits failures per client address", async () => {
      const attempt = (login: string) =>
        server.run(Accounts.login(login, "wrong-password-1").pipe(
          Effect.provideService(CurrentActor.RequestContext, { clientAddress: "203.0.113.7" }),
          Effect.provideService(Settings.Settings, { ...Settings.fromEnv({}), maxFailuresPerAddress: 3 })
        ).pipe(Effect.flip, Effect.map((e) => e._tag)))
      expect(await attempt("a.login")).toBe("Unauthenticated")
      expect(await attempt("b.login")).toBe("Unauthenticated")
      expect(await attempt("c.login")).toBe("Unauthenticated")
      expect(await attempt("d.login")).toBe("RateLimited")
      await server.run(Database.query("unblock", (db) => db.deleteFrom("login_throttle").execute()))
    })
  })

  describe("assisted mode", () => {
    it("lets a secretary activate a member of their cell, recording who, for whom and how", async () => {
      const row = [...provisioned].reverse().find((r) => r["Mã chi bộ"] === "SPP-CB-BAN01")!
      const memberId = await memberIdOf(row["Số CCCD"]!)
      const secretary = await server.login("spp.ban01.bithu")
      const other = provisioned.find((r) => r["Mã chi bộ"] === "SPP-CB-BAN02")!
      expect((await server.call(secretary, "POST", `/v1/members/${await memberIdOf(other["Số CCCD"]!)}/activation`, { body: { channel: "paper" } })).status).toBe(404)
      const member = [...activated].reverse().find((r) => r["Mã chi bộ"] === "SPP-CB-BAN01")!
      const memberToken = await server.login(member["Số điện thoại"]!)
      expect((await server.call(memberToken, "POST", `/v1/members/${memberId}/activation`, { body: { channel: "paper" } })).status).toBe(403)

      expect((await server.call(secretary, "POST", `/v1/members/${memberId}/activation`, { body: { channel: "in_person" } })).status).toBe(202)
      const code = (await codeFor(row["Số điện thoại"]!, "otp.activation"))!
      const done = await server.call(secretary, "POST", `/v1/members/${memberId}/activation/confirm`, { body: { channel: "in_person", code, password: "mật khẩu của bà con" } })
      expect(done.status).toBe(200)
      const me = (await server.call(secretary, "GET", "/v1/me")).body
      expect(done.body.assistance).toEqual({ recordedBy: me.account.id, onBehalfOf: memberId, channel: "in_person" })
      const record = await server.run(Database.query("audit", (db) =>
        db.selectFrom("audit_log").selectAll().where("action", "=", "account.activated").where("on_behalf_of", "=", memberId).executeTakeFirstOrThrow()))
      expect(record).toMatchObject({ actor_account_id: me.account.id, channel: "in_person" })
      await server.login(row["Số điện thoại"]!, "mật khẩu của bà con")
    })
  })

  describe("roles", () => {
    it("lets committee staff grant and remove roles within their subtree only", async () => {
      const row = [...activated].reverse().find((r) => r["Mã chi bộ"] === "SPP-CB-BAN05")!
      const memberId = await memberIdOf(row["Số CCCD"]!)
      const cell = server.ids["SPP-CB-BAN05"]!
      expect((await server.call(admin, "POST", `/v1/orgs/${cell}/roles`, { body: { memberId, role: "committee_staff" } })).status).toBe(400)
      expect((await server.call(admin, "POST", `/v1/orgs/${server.ids["DU-SPP"]}/roles`, { body: { memberId, role: "system_admin" } })).status).toBe(403)
      expect((await server.call(admin, "POST", `/v1/orgs/${server.ids["DU-MNHE"]}/roles`, { body: { memberId, role: "committee_staff" } })).status).toBe(404)
      const secretary = await server.login("spp.ban01.bithu")
      expect((await server.call(secretary, "POST", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/roles`, { body: { memberId, role: "cell_deputy" } })).status).toBe(403)

      const token = await server.login(row["Số điện thoại"]!)
      expect((await server.call(token, "GET", `/v1/orgs/${cell}/reports/adoption`)).status).toBe(403)
      const granted = await server.call(admin, "POST", `/v1/orgs/${cell}/roles`, { body: { memberId, role: "cell_deputy" } })
      expect(granted.status).toBe(201)
      expect(granted.body).toMatchObject({ memberId, orgId: cell, role: "cell_deputy" })
      expect((await server.call(admin, "POST", `/v1/orgs/${cell}/roles`, { body: { memberId, role: "cell_deputy" } })).status).toBe(409)
      expect((await server.call(token, "GET", `/v1/orgs/${cell}/reports/adoption`)).status).toBe(200)
      const listed = await server.call(admin, "GET", `/v1/orgs/${cell}/roles`)
      expect(listed.body.map((g: any) => g.id)).toContain(granted.body.id)
      expect((await server.call(secretary, "DELETE", `/v1/roles/${granted.body.id}`)).status).toBe(404)
      expect((await server.call(admin, "DELETE", `/v1/roles/${granted.body.id}`)).status).toBe(204)
      expect((await server.call(token, "GET", `/v1/orgs/${cell}/reports/adoption`)).status).toBe(403)
    })
  })

  describe("data subject rights", () => {
    it("gives a member all data held about them as JSON", async () => {
      const row = activated[20]!
      const token = await server.login(row["Số điện thoại"]!)
      const data = await server.call(token, "GET", "/v1/me/export")
      expect(data.status).toBe(200)
      expect(data.body.member.citizenId).toBe(row["Số CCCD"])
      expect(data.body.account.status).toBe("active")
      expect(data.body.sessions.length).toBeGreaterThan(0)
      expect(data.body.auditTrail.some((e: any) => e.action === "auth.login")).toBe(true)
    })

    it("anonymizes a deceased member after the retention period, keeping the counts", async () => {
      const row = activated[21]!
      const memberId = await memberIdOf(row["Số CCCD"]!)
      const counts = () =>
        server.run(Database.query("counts", (db) =>
          db.selectFrom("members").select(["status", "gender", (eb) => eb.fn.countAll<number>().as("n")]).groupBy(["status", "gender"]).orderBy("status").orderBy("gender").execute()))
      await server.run(Database.query("die", (db) => db.updateTable("members").set({ status: "deceased" }).where("id", "=", memberId).execute()))
      const before = await counts()
      const reportBefore = (await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/reports/adoption`)).body
      expect((await server.call(admin, "POST", `/v1/members/${memberId}/anonymize`)).status).toBe(409)
      await server.run(Database.query("age", (db) => db.updateTable("members").set({ status_changed_at: new Date(Date.now() - 6 * 365 * 86_400_000) }).where("id", "=", memberId).execute()))
      const secretary = await server.login("spp.ban01.bithu")
      expect((await server.call(secretary, "POST", `/v1/members/${memberId}/anonymize`)).status).toBe(404)
      const done = await server.call(admin, "POST", `/v1/members/${memberId}/anonymize`)
      expect(done.status).toBe(200)
      const record = (await server.call(admin, "GET", `/v1/members/${memberId}`)).body
      expect(record.fullName).toBe("Đã ẩn danh")
      expect(record.citizenId).not.toBe(row["Số CCCD"])
      expect(record.phone).toBeNull()
      expect(record.partyCardNumber).toBeNull()
      expect(record.dateOfBirth.slice(5)).toBe("01-01")
      expect(await counts()).toEqual(before)
      const reportAfter = (await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/reports/adoption`)).body
      expect({ ...reportAfter, asOf: null }).toEqual({ ...reportBefore, asOf: null })
      expect((await server.call(null, "POST", "/v1/auth/login", { body: { login: row["Số thẻ đảng viên"], password: "test-demo-password" } })).status).toBe(401)
      expect((await server.call(admin, "POST", `/v1/members/${memberId}/anonymize`)).status).toBe(409)
      const living = await memberIdOf(activated[22]!["Số CCCD"]!)
      expect((await server.call(admin, "POST", `/v1/members/${living}/anonymize`)).status).toBe(409)
    })
  })
})
