/**
 * The registry as a real tool: header aliases, Excel-made files, a body streamed in small chunks,
 * each bad input of the issue, dry runs, re-imports that update; and profile corrections split
 * between the member (contact fields) and their secretary (the rest), audited before/after.
 */
import { Database } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

const VI = "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Chi bộ,Số CCCD,Số điện thoại,Trạng thái,Tài khoản ứng dụng"
const EN = "No,Full name,Date of birth,Gender,Ethnicity,Admission date,Official date,Party card number,Cell code,Cell name,Citizen ID,Phone,Status,Account"

let n = 0
const row = (p: { name?: string; born?: string; cell?: string; citizenId?: string; phone?: string; card?: string } = {}) => {
  n++
  return [
    String(n),
    p.name ?? `Lò Văn Tệp${"abcdefghij"[n % 10]}`,
    p.born ?? "02/03/1988",
    "Nam",
    "Thái",
    "10/10/2012",
    "10/10/2013",
    p.card ?? `8${String(2000000 + n)}`,
    p.cell ?? "SPP-CB-BAN06",
    "Chi bộ bản 06",
    p.citizenId ?? `0880${String(70000000 + n)}`,
    p.phone ?? "",
    "Chính thức",
    "Chưa kích hoạt"
  ].join(",")
}

describe.each(testStores)("registry and profile on $name", (store) => {
  let server: DemoServer
  let admin: string
  let commune: string
  const post = (csv: string | ReadableStream<Uint8Array>, dryRun: boolean, headers: Record<string, string> = {}) =>
    server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/import${dryRun ? "?dryRun=true" : ""}`, {
      method: "POST",
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/csv", ...headers },
      body: csv,
      ...(typeof csv === "string" ? {} : { duplex: "half" })
    } as RequestInit)).then(async (r) => ({ status: r.status, body: await r.json() as any }))
  const search = (q: string) => server.call(admin, "GET", `/v1/orgs/${commune}/members?q=${encodeURIComponent(q)}`).then((r) => r.body.items as Array<any>)

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    commune = server.ids["DU-SPP"]!
  })
  afterAll(() => server?.close())

  it("stores NFD names and the lookalike Ð in NFC with Đ, and finds them by search", async () => {
    const name = "\u00d0ặng Thị Nguyên".normalize("NFD")
    const response = await post(`${VI}\r\n${row({ name, citizenId: "088011110001" })}\r\n`, false)
    expect(response.body).toMatchObject({ created: 1, errors: [] })
    const found = await search("dang nguyen")
    expect(found.map((m) => m.fullName)).toEqual(["Đặng Thị Nguyên"])
    expect(found[0].fullName).toBe("Đ\u1eb7ng Thị Nguyên".normalize("NFC"))
    expect((await search("Ðặng nguyên")).length).toBe(1)
  })

  it("recognizes a phone that lost its leading zero (912345678)", async () => {
    const response = await post(`${VI}\r\n${row({ name: "Quàng Văn Số", citizenId: "088011110002", phone: "912345678" })}\r\n`, false)
    expect(response.body).toMatchObject({ created: 1, errors: [] })
    const [member] = await search("quang van so")
    expect((await server.call(admin, "GET", `/v1/members/${member.id}`)).body.phone).toBe("+84912345678")
  })

  it("rejects a US-ordered date (07/30/2003) rather than reinterpreting it", async () => {
    const response = await post(`${VI}\r\n${row({ born: "07/30/2003", citizenId: "088011110003" })}\r\n`, true, { "accept-language": "en" })
    expect(response.body.created).toBe(0)
    expect(response.body.errors).toEqual([{ row: 2, column: "Ngày sinh", message: "no such calendar day" }])
  })

  it("counts the same person twice in one file (name case differs) as one error, not two members", async () => {
    const csv = `${VI}\r\n${row({ name: "Giàng A Trùng", citizenId: "088011110004" })}\r\n${row({ name: "GIÀNG A TRÙNG", citizenId: "088011110004" })}\r\n`
    const dry = await post(csv, true)
    expect(dry.body.created).toBe(1)
    expect(dry.body.errors).toHaveLength(1)
    const real = await post(csv, false)
    expect(real.status).toBe(422)
    expect(await search("giang a trung")).toEqual([])
  })

  it("rejects a cell code that does not exist, or exists outside the importing subtree", async () => {
    const csv = `${VI}\r\n${row({ cell: "SPP-CB-KHONGCO", citizenId: "088011110005" })}\r\n${row({ cell: "MNHE-CB2", citizenId: "088011110006" })}\r\n`
    const response = await post(csv, true, { "accept-language": "en" })
    expect(response.body.errors.map((e: any) => [e.row, e.column])).toEqual([[2, "Mã chi bộ"], [3, "Mã chi bộ"]])
    expect(response.body.errors[0].message).toMatch(/no cell has the code/)
    expect(response.body.errors[1].message).toMatch(/not part of/)
  })

  it("reads English headers and Excel-made files (BOM, CRLF, ; separators, quoted fields)", async () => {
    const english = await post(`${EN}\n${row({ name: "Mùa A Anh", citizenId: "088011110007" })}\n`, true)
    expect(english.body).toMatchObject({ created: 1, errors: [] })
    const excel = `\ufeff${VI.replaceAll(",", ";")}\r\n` +
      row({ name: "Sùng Thị Excel", citizenId: "088011110008" }).split(",").map((f, i) => (i === 9 ? `"Chi bộ; bản ""06"""` : f)).join(";") + "\r\n"
    const response = await post(excel, false)
    expect(response.body).toMatchObject({ created: 1, errors: [] })
  })

  it("streams a 5,000-row body sent in 997-byte chunks split inside multi-byte characters", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row({ name: `Vừ Thị Luồng${"abcdefghijklmnopqrstuvwxy"[i % 25]}`, citizenId: `0770${String(10000000 + i)}`, card: `6${String(3000000 + i)}` }))
    const bytes = new TextEncoder().encode(`\ufeff${VI}\r\n${rows.join("\r\n")}\r\n`)
    const body = () => new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 997) controller.enqueue(bytes.slice(i, i + 997))
        controller.close()
      }
    })
    const dry = await post(body(), true)
    expect(dry.body).toMatchObject({ rows: 5000, created: 5000, errors: [] })
    const real = await post(body(), false)
    expect(real.body).toMatchObject({ committed: true, created: 5000 })
    const again = await post(body(), true)
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 5000 })
    // One bad row at the very end rolls back every batch before it.
    const bad = new TextEncoder().encode(`${VI}\r\n${rows.slice(0, 4500).join("\r\n").replaceAll(",Thái,", ",Mông,")}\r\n${row({ born: "99/99/1990" })}\r\n`)
    const rejected = await post(new ReadableStream({ start(c) { c.enqueue(bad); c.close() } }), false)
    expect(rejected.status).toBe(422)
    const ethnicities = await server.run(Database.query("ethnicities", (db) =>
      db.selectFrom("members").select("ethnicity").where("citizen_id", "like", "0770%").groupBy("ethnicity").execute()))
    expect(ethnicities.map((e) => e.ethnicity)).toEqual(["Thái"])
  })

  it("updates changed fields on re-import and reports the rest unchanged", async () => {
    const first = row({ name: "Hờ A Đổi", citizenId: "088011110009" })
    await post(`${VI}\r\n${first}\r\n`, false)
    const changed = first.replace(",Thái,", ",Mông,")
    const dry = await post(`${VI}\r\n${changed}\r\n`, true)
    expect(dry.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 })
    const real = await post(`${VI}\r\n${changed}\r\n`, false)
    expect(real.body).toMatchObject({ committed: true, updated: 1 })
    const [member] = await search("ho a doi")
    expect((await server.call(admin, "GET", `/v1/members/${member.id}`)).body.ethnicity).toBe("Mông")
  })

  it("refuses an upload that is neither CSV nor XLSX", async () => {
    const response = await post("{}", true, { "content-type": "application/json" })
    expect(response.status).toBe(400)
    expect(response.body.fields[0].field).toBe("content-type")
  })

  describe("profile", () => {
    it("lets a member correct their contact fields but not the rest of the record", async () => {
      const member = await server.login("0912355799")
      const me = (await server.call(member, "GET", "/v1/me")).body.member.id
      const ok = await server.call(member, "PATCH", `/v1/members/${me}`, { body: { email: "Dat.Tong@Example.vn", address: "Bản  Si Pa Phìn" } })
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({ email: "dat.tong@example.vn", address: "Bản Si Pa Phìn" })
      const refused = await server.call(member, "PATCH", `/v1/members/${me}`, { body: { fullName: "Tòng Văn Khác", dateOfBirth: "1990-01-01" } })
      expect(refused.status).toBe(400)
      expect(refused.body.fields.map((f: any) => f.field)).toEqual(["fullName", "dateOfBirth"])
      expect((await server.call(member, "PATCH", `/v1/members/${me}`, { body: { email: "not-an-email" } })).status).toBe(400)
    })

    it("lets the secretary correct the record, audited with before and after (phone and citizen id masked)", async () => {
      const secretary = await server.login("spp.ban01.bithu")
      const target = (await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/members?limit=1`)).body.items[0]
      const before = (await server.call(secretary, "GET", `/v1/members/${target.id}`)).body
      const response = await server.call(secretary, "PATCH", `/v1/members/${target.id}`, {
        body: { fullName: "Ðào Thị Sửa".normalize("NFD"), ethnicity: "Kinh", phone: "0987 654 321" }
      })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ fullName: "Đào Thị Sửa", ethnicity: "Kinh", phone: "+84987654321" })
      expect((await search("dao thi sua")).map((m) => m.id)).toEqual([target.id])
      const audit = await server.run(Database.query("audit", (db) =>
        db.selectFrom("audit_log").select("detail").where("action", "=", "member.update").where("target_id", "=", target.id).orderBy("id", "desc").executeTakeFirstOrThrow()))
      expect(audit.detail).toMatchObject({
        by: "secretary",
        before: { fullName: before.fullName, ethnicity: before.ethnicity },
        after: { fullName: "Đào Thị Sửa", ethnicity: "Kinh", phone: "+84*****4321" }
      })
      expect(JSON.stringify(audit.detail)).not.toContain("987654321")
      const taken = await server.call(secretary, "PATCH", `/v1/members/${target.id}`, { body: { partyCardNumber: "62001010" } })
      expect(taken.status).toBe(409)
    })
  })
})
