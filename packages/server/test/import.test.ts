/**
 * The registry importer through `POST /v1/orgs/{orgId}/members/import`: every bad input of the
 * foundation issue, all-or-nothing writes, idempotent re-import.
 */
import { Database } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const HEADER = "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Chi bộ,Số CCCD,Số điện thoại,Trạng thái,Tài khoản ứng dụng"

interface Person {
  name?: string
  born?: string
  admitted?: string
  official?: string
  card?: string
  cell?: string
  citizenId?: string
  phone?: string
  status?: string
}
let counter = 0
const person = (p: Person = {}) => {
  counter++
  return [
    String(counter),
    p.name ?? `Lò Văn Thử${"abcdefghijklmnopqrstuvwxyz"[counter % 26]}`,
    p.born ?? "01/02/1990",
    "Nam",
    "Thái",
    p.admitted ?? "03/04/2015",
    p.official ?? "03/04/2016",
    p.card ?? `7${String(1000000 + counter)}`,
    p.cell ?? "SPP-CB-BAN05",
    "Chi bộ bản 05",
    p.citizenId ?? `0990${String(90000000 + counter)}`,
    p.phone ?? "",
    p.status ?? "Chính thức",
    "Chưa kích hoạt"
  ].map((f) => (f.includes(",") ? `"${f}"` : f)).join(",")
}
const file = (...rows: Array<string>) => `\ufeff${HEADER}\r\n${rows.join("\r\n")}\r\n`

describe.each(testStores)("registry import on $name", (store) => {
  let server: DemoServer
  let admin: string
  let commune: string
  const count = () => server.run(Database.query("count", (db) =>
    db.selectFrom("members").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow())).then((r) => Number(r.n))
  const importCsv = (csv: string, dryRun: boolean, headers: Record<string, string> = {}) =>
    server.call(admin, "POST", `/v1/orgs/${commune}/members/import${dryRun ? "?dryRun=true" : ""}`, { text: csv, headers })

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    commune = server.ids["DU-SPP"]!
  })
  afterAll(() => server?.close())

  it("re-imports the demo file with nothing changed and no duplicates", async () => {
    const before = await count()
    const dry = await importCsv(demoFile("members-si-pa-phin.csv"), true)
    expect(dry.status).toBe(200)
    expect(dry.body).toMatchObject({ dryRun: true, committed: false, rows: 488, created: 0, updated: 0, unchanged: 488, errors: [] })
    const real = await importCsv(demoFile("members-si-pa-phin.csv"), false)
    expect(real.status).toBe(200)
    expect(real.body).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 488, accountsCreated: 0, accountsActivated: 0 })
    expect(await count()).toBe(before)
  })

  it("creates in a real run what a dry run reported, then leaves it alone", async () => {
    const csv = file(person({ name: "Mùa A Mới" }), person({ name: "Lý Thị Mới", phone: "+84 988 111 222", status: "Dự bị", official: "", card: "" }))
    const before = await count()
    const dry = await importCsv(csv, true)
    expect(dry.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, errors: [] })
    expect(await count()).toBe(before)
    const real = await importCsv(csv, false)
    expect(real.body).toMatchObject({ committed: true, created: 2, accountsCreated: 2 })
    expect(await count()).toBe(before + 2)
    const again = await importCsv(csv, false)
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 })
    expect(await count()).toBe(before + 2)
  })

  it("updates the fields that changed", async () => {
    const row = { name: "Sùng A Đổi", citizenId: "099012345001", card: "79000001" }
    await importCsv(file(person(row)), false)
    const changed = await importCsv(file(person({ ...row, phone: "0977 123 456" })), false)
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 })
    const found = await server.call(admin, "GET", `/v1/orgs/${commune}/members?q=${encodeURIComponent("sùng a đổi")}`)
    expect(found.body.items[0].phone).toBe("+84*****3456")
  })

  const rejects = async (csv: string, want: Array<{ row: number; column: string; message: RegExp }>) => {
    const before = await count()
    const dry = await importCsv(csv, true, { "accept-language": "en" })
    expect(dry.status).toBe(200)
    expect(dry.body.errors).toHaveLength(want.length)
    want.forEach((w, i) => {
      expect(dry.body.errors[i].row).toBe(w.row)
      expect(dry.body.errors[i].column).toBe(w.column)
      expect(dry.body.errors[i].message).toMatch(w.message)
    })
    const real = await importCsv(csv, false, { "accept-language": "en" })
    expect(real.status).toBe(422)
    expect(real.body._tag).toBe("ImportRejected")
    expect(real.body.message).toMatch(/nothing was written/)
    expect(real.body.report.errors).toEqual(dry.body.errors)
    expect(await count()).toBe(before)
  }

  it("rejects an unknown cell code, writing nothing, not even the good rows", async () => {
    await rejects(file(person(), person({ cell: "SPP-CB-NOPE" })), [{ row: 3, column: "Mã chi bộ", message: /no cell has the code SPP-CB-NOPE/ }])
  })

  it("rejects a cell outside the importing organization's subtree", async () => {
    await rejects(file(person({ cell: "MNHE-CB1" })), [{ row: 2, column: "Mã chi bộ", message: /not part of Đảng bộ xã Si Pa Phìn/ }])
  })

  it("rejects impossible dates and dates that are not dd/mm/yyyy", async () => {
    await rejects(file(person({ born: "31/02/1980" }), person({ admitted: "2015-04-03" }), person({ born: "07/30/2003" })), [
      { row: 2, column: "Ngày sinh", message: /no such calendar day/ },
      { row: 3, column: "Ngày vào Đảng", message: /dd\/mm\/yyyy/ },
      { row: 4, column: "Ngày sinh", message: /no such calendar day/ }
    ])
  })

  it("rejects citizen ids that are not 12 digits", async () => {
    await rejects(file(person({ citizenId: "12345678901" }), person({ citizenId: "12345678901X" })), [
      { row: 2, column: "Số CCCD", message: /exactly 12 digits/ },
      { row: 3, column: "Số CCCD", message: /exactly 12 digits/ }
    ])
  })

  it("reports the same person twice in one file (name case differs) as one error", async () => {
    await rejects(file(person({ name: "Vàng A Hai", citizenId: "099011112222" }), person({ name: "VÀNG A HAI", citizenId: "099011112222", card: "79990001" })), [
      { row: 3, column: "Số CCCD", message: /same citizen id as row 2/ }
    ])
  })

  it("rejects a citizen id already stored under another name", async () => {
    const stored = demoFile("members-si-pa-phin.csv").split(/\r?\n/)[1]!.split(",")[10]!
    await rejects(file(person({ name: "Người Khác Tên", citizenId: stored })), [
      { row: 2, column: "Số CCCD", message: /already stored under another name/ }
    ])
  })

  it("rejects a file without the required columns as a whole, naming them", async () => {
    const response = await importCsv("Họ và tên,Ngày sinh\r\nLò Văn A,01/01/1990\r\n", false, { "accept-language": "en" })
    expect(response.status).toBe(400)
    expect(response.body._tag).toBe("ValidationFailed")
    expect(response.body.message).toContain("Giới tính")
    expect(response.body.fields[0].field).toBe("file")
    expect((await importCsv("", false)).status).toBe(400)
  })

  it("reads Excel's ;-separated, quoted, NFD-named files, storing names in NFC with Đ", async () => {
    const nfd = "\u00d0inh Thị Excel".normalize("NFD")
    const csv = `\ufeff${HEADER.replaceAll(",", ";")}\r\n` +
      `1;"${nfd}";05/06/1991;Nữ;Thái;03/04/2015;03/04/2016;79995555;SPP-CB-BAN05;"Chi bộ bản 05";099055556666;"0912.555.666";Chính thức;Chưa kích hoạt\r\n`
    const response = await importCsv(csv, false)
    expect(response.status).toBe(200)
    expect(response.body.created).toBe(1)
    const found = await server.call(admin, "GET", `/v1/orgs/${commune}/members?q=dinh%20excel`)
    expect(found.body.items.map((m: any) => m.fullName)).toEqual(["Đinh Thị Excel"])
    expect(found.body.items[0].fullName).toBe(found.body.items[0].fullName.normalize("NFC"))
  })

  it("refuses an upload that is not CSV text, and an oversized one", async () => {
    const json = await server.call(admin, "POST", `/v1/orgs/${commune}/members/import`, { body: { rows: [] } })
    expect(json.status).toBeGreaterThanOrEqual(400)
    expect(json.status).toBeLessThan(500)
    const huge = await server.call(admin, "POST", `/v1/orgs/${commune}/members/import`, {
      text: "x".repeat(25 * 1024 * 1024 + 10),
      headers: { "content-length": String(25 * 1024 * 1024 + 10) }
    })
    expect(huge.status).toBe(413)
    expect(huge.body._tag).toBe("PayloadTooLarge")
  })

  it("takes the whole upload before importing: a slow upload holds no transaction open", async () => {
    let upload!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (upload = controller) })
    const encoder = new TextEncoder()
    const responded = server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/import`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${admin}`, "content-type": "text/csv" },
      duplex: "half"
    } as RequestInit))
    upload.enqueue(encoder.encode(`\ufeff${HEADER}\r\n${person({ name: "Lò Văn Chậm" })}\r\n`))
    await new Promise((resolve) => setTimeout(resolve, 300))
    // meanwhile another write goes through (on PGlite, one connection: a transaction held open by
    // the upload would keep it waiting until the upload ends)
    const login = server.login("spp.admin")
    const waited = await Promise.race([login.then(() => "done"), new Promise((resolve) => setTimeout(() => resolve("blocked"), 10_000))])
    expect(waited).toBe("done")
    upload.enqueue(encoder.encode(`${person({ name: "Lò Thị Chậm" })}\r\n`))
    upload.close()
    const response = await responded
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ dryRun: false, created: 2, errors: [] })
  })
})
