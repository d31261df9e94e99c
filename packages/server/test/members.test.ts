/**
 * Members in depth over HTTP: the lifecycle (transitions, history, derived dates), and the
 * registry's export in CSV and XLSX round-tripping through the importer.
 */
import { CurrentActor, Database, MemberImport } from "@sotay/core"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

describe.each(testStores)("members in depth on $name", (store) => {
  let server: DemoServer
  let admin: string
  let commune: string
  const memberBy = (where: { status: string }) =>
    server.run(Database.query("find member", (db) =>
      db.selectFrom("members").select(["id", "admission_date", "org_id", "status"]).where("status", "=", where.status).orderBy("sort_key").executeTakeFirstOrThrow()))
  const transition = (memberId: string, body: Record<string, unknown>, token = admin, headers: Record<string, string> = {}) =>
    server.call(token, "POST", `/v1/members/${memberId}/transitions`, { body, headers })

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    commune = server.ids["DU-SPP"]!
  })
  afterAll(() => server?.close())

  describe("export", () => {
    it("exports the commune as CSV that re-imports with dryRun as 488 unchanged", async () => {
      const response = await server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/export`, { headers: { authorization: `Bearer ${admin}` } }))
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toContain("text/csv")
      const csv = await response.text()
      expect(csv.split("\r\n").filter((l) => l.length > 0)).toHaveLength(489)
      const dry = await server.call(admin, "POST", `/v1/orgs/${commune}/members/import?dryRun=true`, { text: csv })
      expect(dry.status).toBe(200)
      expect(dry.body).toMatchObject({ rows: 488, created: 0, updated: 0, unchanged: 488, errors: [] })
    })

    it("exports XLSX (format=xlsx or Accept) in the same columns, and it re-imports as 488 unchanged", async () => {
      for (const request of [
        new Request(`http://sotay.test/v1/orgs/${commune}/members/export?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } }),
        new Request(`http://sotay.test/v1/orgs/${commune}/members/export`, { headers: { authorization: `Bearer ${admin}`, accept: XLSX } })
      ]) {
        const response = await server.handler(request)
        expect(response.status).toBe(200)
        expect(response.headers.get("content-type")).toBe(XLSX)
        const bytes = new Uint8Array(await response.arrayBuffer())
        const workbook = new ExcelJS.Workbook()
        await workbook.xlsx.load(Buffer.from(bytes) as never)
        const sheet = workbook.worksheets[0]!
        expect(sheet.rowCount).toBe(489)
        expect((sheet.getRow(1).values as Array<unknown>).slice(1)).toEqual([...demoFile("members-si-pa-phin.csv").split(/\r?\n/)[0]!.replace(/^\ufeff/, "").split(",")])
        const dry = await server.handler(new Request(`http://sotay.test/v1/orgs/${commune}/members/import?dryRun=true`, {
          method: "POST",
          headers: { authorization: `Bearer ${admin}`, "content-type": XLSX },
          body: bytes
        }))
        expect(dry.status).toBe(200)
        expect(await dry.json()).toMatchObject({ rows: 488, created: 0, updated: 0, unchanged: 488, errors: [] })
      }
    })

    it("exports only the caller's subtree: a cell secretary is refused, another commune's id is 404", async () => {
      const secretary = await server.login("spp.ban01.bithu")
      expect((await server.call(secretary, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/members/export`)).status).toBe(403)
      expect((await server.call(admin, "GET", `/v1/orgs/${server.ids["DU-MNHE"]}/members/export`)).status).toBe(404)
      const cell = await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN01"]}/members/export`)
      expect(cell.status).toBe(200)
      const lines = String(cell.body).split("\r\n").filter((l) => l.length > 0).slice(1)
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.every((l) => l.includes("SPP-CB-BAN01"))).toBe(true)
    })
  })

  describe("lifecycle", () => {
    it("recognizes a probationary member 14 months after admission with the official date admission + 12 months", async () => {
      const member = await memberBy({ status: "probationary" })
      await server.run(Database.query("backdate", (db) => db.updateTable("members").set({ admission_date: "2025-01-15" }).where("id", "=", member.id).execute()))
      const short = await transition(member.id, { kind: "recognize", decisionSymbol: "15-QĐ/ĐU", decisionDate: "2026-03-15", votesFor: 5, votesEligible: 9 })
      expect(short.status).toBe(400)
      expect(short.body.fields[0].field).toBe("votes")
      const response = await transition(member.id, { kind: "recognize", decisionSymbol: "15-QĐ/ĐU", decisionDate: "2026-03-15", votesFor: 6, votesEligible: 9 })
      expect(response.status).toBe(200)
      expect(response.body).toMatchObject({ status: "official", officialDate: "2026-01-15", probationEndsOn: null, recognitionOverdue: false })
      expect(response.body.history).toHaveLength(1)
      expect(response.body.history[0]).toMatchObject({ kind: "recognize", fromStatus: "probationary", toStatus: "official", effectiveDate: "2026-01-15", decisionSymbol: "15-QĐ/ĐU", decisionDate: "2026-03-15", votesFor: 6, votesEligible: 9 })
      expect(response.body.partyAgeDays).toBeGreaterThan(365)
      const stored = await server.call(admin, "GET", `/v1/members/${member.id}`)
      expect(stored.body).toMatchObject({ status: "official", officialDate: "2026-01-15" })
      const audit = await server.run(Database.query("audit", (db) =>
        db.selectFrom("audit_log").select(["detail"]).where("action", "=", "member.transition.recognize").where("target_id", "=", member.id).execute()))
      expect(audit[0]!.detail).toMatchObject({ before: { status: "probationary", officialDate: null }, after: { status: "official", officialDate: "2026-01-15" } })
    })

    it("answers 409 InvalidTransition naming the current status when recognizing an expelled member", async () => {
      const member = await memberBy({ status: "official" })
      const expel = await transition(member.id, { kind: "expel", decisionSymbol: "21-QĐ/ĐU", decisionDate: "2026-06-01" })
      expect(expel.status).toBe(200)
      expect(expel.body.status).toBe("expelled")
      const recognize = await transition(member.id, { kind: "recognize", decisionSymbol: "22-QĐ/ĐU", decisionDate: "2026-07-01", votesFor: 9, votesEligible: 9 }, admin, { "accept-language": "en" })
      expect(recognize.status).toBe(409)
      expect(recognize.body).toMatchObject({ _tag: "InvalidTransition", currentStatus: "expelled", transition: "recognize" })
      expect(recognize.body.message).toContain("expelled")
      const vi = await transition(member.id, { kind: "recognize", decisionSymbol: "22-QĐ/ĐU", decisionDate: "2026-07-01", votesFor: 9, votesEligible: 9 })
      expect(vi.body.message).toMatch(/^Không thể chuyển trạng thái \(hiện tại: expelled\)/)
    })

    it("removes a probationary member rather than expelling them, and readmits once", async () => {
      const member = await memberBy({ status: "probationary" })
      const expel = await transition(member.id, { kind: "expel", decisionSymbol: "30-QĐ/ĐU", decisionDate: "2026-05-01" }, admin, { "accept-language": "en" })
      expect(expel.status).toBe(409)
      expect(expel.body.message).toContain("removed, not expelled")
      const noVote = await transition(member.id, { kind: "remove", decisionSymbol: "31-QĐ/ĐU", decisionDate: "2026-05-02" })
      expect(noVote.status).toBe(400)
      const removed = await transition(member.id, { kind: "remove", decisionSymbol: "31-QĐ/ĐU", decisionDate: "2026-05-02", votesFor: 7, votesEligible: 9 })
      expect(removed.body.status).toBe("removed")
      const readmitted = await transition(member.id, { kind: "readmit", decisionSymbol: "40-QĐ/ĐU", decisionDate: "2026-08-01", effectiveDate: "2026-08-20" })
      expect(readmitted.status).toBe(200)
      expect(readmitted.body).toMatchObject({ status: "probationary", admissionDate: "2026-08-20", readmittedOn: "2026-08-20", probationEndsOn: "2027-08-20" })
      expect(readmitted.body.history.map((h: { kind: string }) => h.kind)).toEqual(["remove", "readmit"])
      await transition(member.id, { kind: "remove", decisionSymbol: "41-QĐ/ĐU", decisionDate: "2026-09-01", votesFor: 9, votesEligible: 9 })
      const again = await transition(member.id, { kind: "readmit", decisionSymbol: "42-QĐ/ĐU", decisionDate: "2026-10-01" })
      expect(again.status).toBe(409)
      expect(again.body.currentStatus).toBe("removed")
    })

    it("exempts and returns a member to their status, suspends and reinstates, records death", async () => {
      const member = await memberBy({ status: "official" })
      for (const [kind, status] of [["exempt", "exempt"], ["return", "official"], ["suspend", "suspended"], ["reinstate", "official"], ["die", "deceased"]] as const) {
        const response = await transition(member.id, { kind, decisionSymbol: "05-NQ/CB", decisionDate: "2026-04-01" })
        expect(response.status, kind).toBe(200)
        expect(response.body.status, kind).toBe(status)
      }
      expect((await transition(member.id, { kind: "return", decisionSymbol: "05-NQ/CB", decisionDate: "2026-04-01" })).status).toBe(409)
      const history = await server.call(admin, "GET", `/v1/members/${member.id}/transitions`)
      expect(history.body.history).toHaveLength(5)
    })

    it("admits a candidate to a cell as probationary, ceremony within 30 working days of the decision", async () => {
      const cell = server.ids["SPP-CB-BAN07"]!
      const body = { fullName: "Lò Thị Kết Nạp", dateOfBirth: "2000-02-02", gender: "female", citizenId: "011200999888", phone: "912 000 333", decisionSymbol: "88-QĐ/ĐU", decisionDate: "2026-09-01", ceremonyDate: "2026-09-20" }
      const late = await server.call(admin, "POST", `/v1/orgs/${cell}/members`, { body: { ...body, ceremonyDate: "2026-10-20" } })
      expect(late.status).toBe(400)
      expect(late.body.fields[0].field).toBe("ceremonyDate")
      const young = await server.call(admin, "POST", `/v1/orgs/${cell}/members`, { body: { ...body, dateOfBirth: "2009-01-01" } })
      expect(young.body.fields[0].field).toBe("dateOfBirth")
      expect((await server.call(admin, "POST", `/v1/orgs/${commune}/members`, { body })).status).toBe(409)
      const admitted = await server.call(admin, "POST", `/v1/orgs/${cell}/members`, { body })
      expect(admitted.status).toBe(201)
      expect(admitted.body).toMatchObject({ status: "probationary", admissionDate: "2026-09-20", admissionDecisionDate: "2026-09-01", probationEndsOn: "2027-09-20", partyAgeDays: null })
      expect(admitted.body.history).toEqual([expect.objectContaining({ kind: "admit", fromStatus: null, toStatus: "probationary", decisionSymbol: "88-QĐ/ĐU" })])
      const member = await server.call(admin, "GET", `/v1/members/${admitted.body.memberId}`)
      expect(member.body).toMatchObject({ fullName: "Lò Thị Kết Nạp", phone: "+84912000333", orgId: cell, accountStatus: "provisioned" })
      expect((await server.call(admin, "POST", `/v1/orgs/${cell}/members`, { body })).status).toBe(409)
    })

    it("refuses bad decisions with 400 naming the field, a member's own request with 403, an outsider with 404", async () => {
      const member = await memberBy({ status: "official" })
      const badSymbol = await transition(member.id, { kind: "suspend", decisionSymbol: "439/QĐ-TTg", decisionDate: "2026-04-01" })
      expect(badSymbol.status).toBe(400)
      expect(badSymbol.body.fields[0].field).toBe("decisionSymbol")
      const future = await transition(member.id, { kind: "suspend", decisionSymbol: "12-QĐ/ĐU", decisionDate: "2099-01-01" })
      expect(future.status).toBe(400)
      const unknownKind = await transition(member.id, { kind: "promote", decisionSymbol: "12-QĐ/ĐU", decisionDate: "2026-01-01" })
      expect(unknownKind.status).toBe(400)
      const self = await server.login("0912355799")
      const me = await server.call(self, "GET", "/v1/me")
      const own = await transition(me.body.member.id, { kind: "exempt", decisionSymbol: "12-NQ/CB", decisionDate: "2026-04-01" }, self)
      expect(own.status).toBe(403)
      const secretary = await server.login("spp.ban01.bithu")
      const outside = await server.run(Database.query("outside", (db) =>
        db.selectFrom("members").select("id").where("org_id", "!=", server.ids["SPP-CB-BAN01"]!).where("status", "=", "official").executeTakeFirstOrThrow()))
      expect((await transition(outside.id, { kind: "suspend", decisionSymbol: "12-QĐ/ĐU", decisionDate: "2026-04-01" }, secretary)).status).toBe(404)
    })
  })

  it("reports the importer's progress batch by batch", async () => {
    const seen: Array<number> = []
    const report = await server.run(MemberImport.importCsv(commune, demoFile("members-si-pa-phin.csv"), { dryRun: true, onProgress: (p) => seen.push(p.rows) }).pipe(
      Effect.provideService(CurrentActor.CurrentActor, CurrentActor.systemActor)
    ))
    expect(report.rows).toBe(488)
    expect(seen.at(-1)).toBe(488)
  })
})
