/**
 * Self-registration over the real HTTP API, and the audit trail: its API scoped to committee
 * staff's subtree, and the hash chain that detects an edited or deleted entry.
 */
import { Audit, Csv, Database, Phone } from "@sotay/core"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const rows = (() => {
  const { records } = Csv.parseCsv(demoFile("members-si-pa-phin.csv"))
  const [header, ...data] = records
  return data.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ""])))
})()
const byName = (name: string) => rows.find((r) => r["Họ và tên"]!.normalize("NFC") === name.normalize("NFC"))!
const isoDate = (vn: string) => vn.split("/").reverse().join("-")
const requestFor = (row: Record<string, string>, cellId: string, phone: string) => ({
  fullName: row["Họ và tên"],
  dateOfBirth: isoDate(row["Ngày sinh"]!),
  citizenId: row["Số CCCD"],
  partyCardNumber: row["Số thẻ đảng viên"],
  cellId,
  phone,
  password: "mật khẩu đăng ký của tôi"
})

describe.each(testStores)("registrations and the audit trail on $name", (store) => {
  let server: DemoServer
  let admin: string
  let secretary: string
  const codeFor = async (phone: string) => {
    const all = await server.deliveries()
    return [...all].reverse().find((d) => d.to.phone === Phone.normalizePhone(phone) && d.message.kind === "otp.registration")?.message.data?.code as string
  }
  const register = async (row: Record<string, string>, cell: string, phone: string) => {
    const submitted = await server.call(null, "POST", "/v1/registrations", { body: requestFor(row, server.ids[cell]!, phone) })
    expect(submitted.status).toBe(202)
    const verified = await server.call(null, "POST", `/v1/registrations/${submitted.body.id}/verify`, { body: { code: await codeFor(phone) } })
    expect(verified).toMatchObject({ status: 200, body: { status: "pending_approval" } })
    return submitted.body.id as string
  }

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    secretary = await server.login("spp.ban01.bithu")
  })
  afterAll(() => server?.close())

  describe("registrations", () => {
    it("takes a registration, verifies the phone by code, and answers a registry stranger the same way", async () => {
      const row = byName("Lầu Chứ Sính")
      const submitted = await server.call(null, "POST", "/v1/registrations", { body: requestFor(row, server.ids["SPP-CB-BAN01"]!, "0987 654 321") })
      const stranger = await server.call(null, "POST", "/v1/registrations", {
        body: { ...requestFor(row, server.ids["SPP-CB-BAN01"]!, "0987 654 322"), dateOfBirth: "1999-09-09" }
      })
      expect(submitted).toMatchObject({ status: 202, body: { status: "unverified" } })
      expect(stranger.status).toBe(202)
      expect(Object.keys(stranger.body)).toEqual(Object.keys(submitted.body))
      const wrong = await server.call(null, "POST", `/v1/registrations/${submitted.body.id}/verify`, { body: { code: "000000" } })
      const unknown = await server.call(null, "POST", "/v1/registrations/7d0d4b8e-3f3e-4b5c-9a43-2f1f0f0e0d0c/verify", { body: { code: "000000" } })
      expect(wrong.status).toBe(400)
      expect(unknown).toMatchObject({ status: wrong.status, body: wrong.body })
      const code = await codeFor("0987654321")
      const verified = await server.call(null, "POST", `/v1/registrations/${submitted.body.id}/verify`, { body: { code } })
      expect(verified.body.status).toBe("pending_approval")
      const memberId = (await server.run(Database.query("m", (db) => db.selectFrom("members").select("id").where("citizen_id", "=", row["Số CCCD"]!).executeTakeFirstOrThrow()))).id
      const account = await server.run(Database.query("a", (db) => db.selectFrom("accounts").select("status").where("member_id", "=", memberId).executeTakeFirstOrThrow()))
      expect(account.status).toBe("pending_approval")

      const listed = await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/registrations`)
      expect(listed.status).toBe(200)
      expect(listed.body.items.map((r: any) => r.id)).toContain(submitted.body.id)
      expect(listed.body.items.find((r: any) => r.id === submitted.body.id).registryMemberId).toBe(memberId)
    })

    it("refuses bad input naming the field, and extra fields", async () => {
      const row = byName("Đinh Thị Thu")
      const bad = await server.call(null, "POST", "/v1/registrations", {
        body: { ...requestFor(row, server.ids["DU-SPP"]!, "12345"), citizenId: "123" },
        headers: { "accept-language": "en" }
      })
      expect(bad.status).toBe(400)
      expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(["cellId", "citizenId", "phone"])
      const extra = await server.call(null, "POST", "/v1/registrations", { body: { ...requestFor(row, server.ids["SPP-CB-BAN01"]!, "0987000111"), status: "approved" } })
      expect(extra.status).toBe(400)
      expect(extra.body.message).toContain("status")
    })

    it("approving the same registration twice at the same time makes one account", async () => {
      const row = byName("Điêu Chứ Dũng")
      const id = await register(row, "SPP-CB-BAN01", "0987111222")
      const [a, b] = await Promise.all([
        server.call(secretary, "POST", `/v1/registrations/${id}/approve`),
        server.call(admin, "POST", `/v1/registrations/${id}/approve`)
      ])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      const accounts = await server.run(Database.query("accounts", (db) =>
        db.selectFrom("accounts as a").innerJoin("members as m", "m.id", "a.member_id").select(["a.status", "m.phone"]).where("m.citizen_id", "=", row["Số CCCD"]!).execute()))
      expect(accounts).toEqual([{ status: "active", phone: "+84987111222" }])
      const token = await server.login("0987111222", "mật khẩu đăng ký của tôi")
      expect((await server.call(token, "GET", "/v1/me")).body.member.fullName).toBe(row["Họ và tên"]!.normalize("NFC"))
    })

    it("keeps another cell's registrations from a secretary: 404 for its id and its cell", async () => {
      const row = byName("Bùi Văn Quyết")
      const id = await register(row, "SPP-CB-BAN03", "0987333444")
      expect((await server.call(secretary, "POST", `/v1/registrations/${id}/approve`)).status).toBe(404)
      expect((await server.call(secretary, "POST", `/v1/registrations/${id}/reject`, { body: { reason: "x" } })).status).toBe(404)
      expect((await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN03"]}/registrations`)).status).toBe(404)
      const member = await server.login(rows.find((r) => r["Mã chi bộ"] === "SPP-CB-BAN03" && r["Tài khoản ứng dụng"] === "Đã kích hoạt" && r["Số điện thoại"])!["Số điện thoại"]!)
      expect((await server.call(member, "POST", `/v1/registrations/${id}/approve`)).status).toBe(403)
    })

    it("rejects with a reason the registrant receives, and puts the account back", async () => {
      const row = byName("Mùa Thị Nhung")
      const id = await register(row, "SPP-CB-BAN03", "0987555666")
      const rejected = await server.call(admin, "POST", `/v1/registrations/${id}/reject`, { body: { reason: "Số thẻ đảng viên không khớp" } })
      expect(rejected).toMatchObject({ status: 200, body: { status: "rejected", reason: "Số thẻ đảng viên không khớp" } })
      const sms = [...await server.deliveries()].reverse().find((d) => d.to.phone === "+84987555666")!
      expect(sms.message.kind).toBe("registration.rejected")
      expect(sms.message.text.vi).toContain("Số thẻ đảng viên không khớp")
      expect((await server.call(admin, "POST", `/v1/registrations/${id}/approve`)).status).toBe(409)
      const account = await server.run(Database.query("a", (db) =>
        db.selectFrom("accounts as a").innerJoin("members as m", "m.id", "a.member_id").select("a.status").where("m.citizen_id", "=", row["Số CCCD"]!).executeTakeFirstOrThrow()))
      expect(account.status).toBe("provisioned")
    })

    it("will not approve a registration the registry does not match", async () => {
      const row = byName("Thào Thị Pàng")
      const submitted = await server.call(null, "POST", "/v1/registrations", { body: { ...requestFor(row, server.ids["SPP-CB-BAN03"]!, "0987777888"), partyCardNumber: "99999999" } })
      await server.call(null, "POST", `/v1/registrations/${submitted.body.id}/verify`, { body: { code: await codeFor("0987777888") } })
      const approved = await server.call(admin, "POST", `/v1/registrations/${submitted.body.id}/approve`)
      expect(approved.status).toBe(409)
      const pending = await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN03"]}/registrations?status=pending_approval`)
      expect(pending.body.items.find((r: any) => r.id === submitted.body.id)).toMatchObject({ status: "pending_approval", registryMemberId: null })
    })
  })

  describe("the audit trail", () => {
    it("shows committee staff their subtree's trail, logins included, and no one else", async () => {
      const member = rows.find((r) => r["Mã chi bộ"] === "SPP-CB-BAN02" && r["Tài khoản ứng dụng"] === "Đã kích hoạt" && r["Số điện thoại"])!
      await server.login(member["Số điện thoại"]!)
      await server.run(Audit.seal())
      const page = await server.call(admin, "GET", `/v1/audit?orgId=${server.ids["DU-SPP"]}&limit=200`)
      expect(page.status).toBe(200)
      const actions = new Set(page.body.items.map((e: any) => e.action))
      expect(actions.has("auth.login")).toBe(true)
      expect(actions.has("registration.approved")).toBe(true)
      for (const e of page.body.items) {
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/)
        expect(e.seq).toBeGreaterThan(0)
      }
      const ids = page.body.items.map((e: any) => e.id)
      expect([...ids].sort((a, b) => b - a)).toEqual(ids)
      if (page.body.nextCursor) {
        const next = await server.call(admin, "GET", `/v1/audit?orgId=${server.ids["DU-SPP"]}&cursor=${page.body.nextCursor}`)
        expect(next.body.items[0].id).toBeLessThan(ids.at(-1))
      }
      const logins = await server.call(admin, "GET", `/v1/audit?orgId=${server.ids["DU-SPP"]}&action=auth.login`)
      expect(logins.body.items.every((e: any) => e.action === "auth.login")).toBe(true)
      expect((await server.call(secretary, "GET", `/v1/audit?orgId=${server.ids["SPP-CB-BAN01"]}`)).status).toBe(403)
      expect((await server.call(admin, "GET", `/v1/audit?orgId=${server.ids["DB-TINH"]}`)).status).toBe(404)
      expect((await server.call(admin, "GET", `/v1/audit?orgId=${server.ids["DU-MNHE"]}`)).status).toBe(404)
      const province = await server.login("tinh.admin")
      expect((await server.call(province, "GET", `/v1/audit?orgId=${server.ids["DB-TINH"]}`)).status).toBe(200)
    })

    it("records failed logins too", async () => {
      await server.call(null, "POST", "/v1/auth/login", { body: { login: "spp.ban01.bithu", password: "wrong-password-2" } })
      const failed = await server.run(Database.query("failed", (db) => db.selectFrom("audit_log").select("action").where("action", "=", "auth.login.failed").execute()))
      expect(failed.length).toBeGreaterThan(0)
    })

    it("is append-only, and its hash chain detects an edited or deleted entry", async () => {
      await server.run(Audit.seal())
      const intact = await server.run(Audit.verifyChain)
      expect(intact).toMatchObject({ ok: true, pending: 0, firstBroken: null })
      expect(intact.entries).toBeGreaterThan(1)
      const target = await server.run(Database.query("pick", (db) => db.selectFrom("audit_log").select("id").where("action", "=", "auth.login").orderBy("id").limit(1).executeTakeFirstOrThrow()))
      await expect(server.run(Database.query("edit", (db) => db.updateTable("audit_log").set({ action: "nothing" }).where("id", "=", target.id).execute()))).rejects.toThrow()
      // Nor can anyone but the sealer seal: not an insert bringing its own hash, not an update.
      const forged = await server.run(Database.query("forge", (db) =>
        db.insertInto("audit_log").values({ action: "forged", actor_account_id: null, org_id: null, target_type: null, target_id: null, detail: "{}", seq: 999_999, prev_hash: "genesis", hash: "f".repeat(64) })
          .returning(["id", "seq", "hash"]).executeTakeFirstOrThrow()))
      expect(forged).toMatchObject({ seq: null, hash: null })
      await expect(server.run(Database.query("seal by hand", (db) => db.updateTable("audit_log").set({ seq: 999_999, prev_hash: "genesis", hash: "f".repeat(64) }).where("id", "=", forged.id).execute()))).rejects.toThrow()
      await server.run(Audit.seal()) // (or the server's sealer got there first)
      expect(await server.run(Audit.verifyChain)).toMatchObject({ ok: true, pending: 0 })
      await expect(server.run(Database.query("delete", (db) => db.deleteFrom("audit_log").where("id", "=", target.id).execute()))).rejects.toThrow()
      expect((await server.run(Audit.verifyChain)).ok).toBe(true)

      // Someone with the database's owner rights switches the guard off and edits one entry.
      const original = await server.run(Database.query("original", (db) => db.selectFrom("audit_log").select("detail").where("id", "=", target.id).executeTakeFirstOrThrow()))
      const tamper = (statement: ReturnType<typeof sql>) =>
        server.run(Database.query("tamper", async (db) => {
          await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db)
          await statement.execute(db)
          await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db)
        }))
      await tamper(sql`update audit_log set detail = '{"clientAddress":"10.0.0.1"}'::jsonb where id = ${target.id}`)
      expect(await server.run(Audit.verifyChain)).toMatchObject({ ok: false, firstBroken: { id: Number(target.id), problem: "hash" } })
      await tamper(sql`update audit_log set detail = ${JSON.stringify(original.detail)}::jsonb where id = ${target.id}`)
      expect((await server.run(Audit.verifyChain)).ok).toBe(true)

      // Deleting an entry breaks the link of the entry after it.
      const [gone, next] = await server.run(Database.query("pick", (db) => db.selectFrom("audit_log").select("id").where("id", ">", target.id).orderBy("id").limit(2).execute()))
      await tamper(sql`delete from audit_log where id = ${gone!.id}`)
      expect(await server.run(Audit.verifyChain)).toMatchObject({ ok: false, firstBroken: { id: Number(next!.id), problem: "link" } })
    })
  })
})
