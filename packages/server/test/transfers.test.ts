/**
 * Transfers of Party activities over HTTP: official transfers (access follows on acceptance, not
 * before), transfers to another commune, temporary placements outside the host's headcount but in
 * its attendance, overdue letters.
 */
import { Database, DateOnly } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

const daysAgo = (n: number) => {
  const today = DateOnly.todayInVietnam()
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - n)
  return d.toISOString().slice(0, 10)
}
const monthsLater = (n: number) => {
  const d = new Date(`${DateOnly.todayInVietnam()}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() + n)
  return d.toISOString().slice(0, 10)
}

describe.each(testStores)("transfers on $name", (store) => {
  let server: DemoServer
  let admin: string
  let tinh: string
  let secretary: string
  const id = (code: string) => server.ids[code]!
  const cellTotal = async (cellCode: string) => {
    const report = await server.call(admin, "GET", `/v1/orgs/${id("DU-SPP")}/reports/adoption`)
    return report.body.children.find((c: { orgId: string }) => c.orgId === id(cellCode)).totalMembers as number
  }
  const memberOf = (cellCode: string, offset = 0) =>
    server.run(Database.query("member of", (db) =>
      db.selectFrom("members").select(["id"]).where("org_id", "=", id(cellCode)).where("status", "=", "official")
        .orderBy("sort_key").offset(offset).limit(1).executeTakeFirstOrThrow())).then((r) => r.id)

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    tinh = await server.login("tinh.admin")
    secretary = await server.login("spp.ban01.bithu")
  })
  afterAll(() => server?.close())

  it("moves a member's access with an official transfer on acceptance, not before", async () => {
    const member = await server.login("0912355799")
    const me = (await server.call(member, "GET", "/v1/me")).body
    expect(me.member.orgId).toBe(id("SPP-CB-BAN01"))
    const issued = await server.call(secretary, "POST", `/v1/members/${me.member.id}/transfers`, {
      body: { kind: "official", toOrgId: id("SPP-CB-BAN02"), issuedOn: daysAgo(3), letterSymbol: "12-GGT/CB" }
    })
    expect(issued.status).toBe(201)
    expect(issued.body).toMatchObject({ status: "introduced", fromOrgId: id("SPP-CB-BAN01"), toOrgId: id("SPP-CB-BAN02"), overdue: false })
    // Before acceptance nothing moves.
    expect((await server.call(member, "GET", "/v1/me")).body.member.orgId).toBe(id("SPP-CB-BAN01"))
    expect((await server.call(member, "GET", `/v1/orgs/${id("SPP-CB-BAN02")}/members`)).status).toBe(404)
    expect((await server.call(secretary, "GET", `/v1/members/${me.member.id}`)).status).toBe(200)
    // Only the receiving side accepts.
    expect((await server.call(secretary, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })).status).toBe(403)
    const incoming = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN02")}/transfers?direction=incoming`)
    expect(incoming.body.items.map((t: { id: string }) => t.id)).toContain(issued.body.id)
    const received = await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })
    expect(received.status).toBe(200)
    expect(received.body.status).toBe("received")
    // On the very next request the member belongs to the new cell, and the old secretary loses them.
    expect((await server.call(member, "GET", "/v1/me")).body.member.orgId).toBe(id("SPP-CB-BAN02"))
    expect((await server.call(member, "GET", `/v1/orgs/${id("SPP-CB-BAN02")}/members`)).status).toBe(200)
    expect((await server.call(member, "GET", `/v1/orgs/${id("SPP-CB-BAN01")}/members`)).status).toBe(404)
    expect((await server.call(secretary, "GET", `/v1/members/${me.member.id}`)).status).toBe(404)
    expect((await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })).status).toBe(409)
  })

  it("transfers a member to another commune: the commune releases, the receiving committee accepts", async () => {
    const memberId = await memberOf("SPP-CB-BAN03")
    const issued = await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, {
      body: { kind: "official", toOrgId: id("MNHE-CB1"), issuedOn: daysAgo(1) }
    })
    expect(issued.status).toBe(201)
    expect((await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "official", toOrgId: id("MNHE-CB2"), issuedOn: daysAgo(1) } })).status).toBe(409)
    expect((await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })).status).toBe(403)
    const before = (await server.call(admin, "GET", `/v1/orgs/${id("DU-SPP")}/reports/adoption`)).body.totalMembers
    const received = await server.call(tinh, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: { on: DateOnly.todayInVietnam() } })
    expect(received.status).toBe(200)
    expect((await server.call(admin, "GET", `/v1/orgs/${id("DU-SPP")}/reports/adoption`)).body.totalMembers).toBe(before - 1)
    expect((await server.call(admin, "GET", `/v1/members/${memberId}`)).status).toBe(404)
    expect((await server.call(tinh, "GET", `/v1/members/${memberId}`)).body.orgId).toBe(id("MNHE-CB1"))
  })

  it("keeps a temporary member out of the host's headcount but in its attendance, until the placement ends", async () => {
    const memberId = await memberOf("SPP-CB-BAN04")
    const noEnd = await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "temporary", toOrgId: id("SPP-CB-BAN05"), issuedOn: daysAgo(2) } })
    expect(noEnd.status).toBe(400)
    expect(noEnd.body.fields[0].field).toBe("until")
    const hostBefore = await cellTotal("SPP-CB-BAN05")
    const homeBefore = await cellTotal("SPP-CB-BAN04")
    const issued = await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, {
      body: { kind: "temporary", toOrgId: id("SPP-CB-BAN05"), issuedOn: daysAgo(2), until: monthsLater(6) }
    })
    expect(issued.status).toBe(201)
    expect((await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })).status).toBe(200)
    expect(await cellTotal("SPP-CB-BAN05")).toBe(hostBefore)
    expect(await cellTotal("SPP-CB-BAN04")).toBe(homeBefore)
    const host = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN05")}/placements`)
    expect(host.status).toBe(200)
    expect(host.body.items.filter((p: { kind: string }) => p.kind === "official")).toHaveLength(hostBefore)
    expect(host.body.items.find((p: { memberId: string }) => p.memberId === memberId)).toMatchObject({ kind: "temporary", homeOrgId: id("SPP-CB-BAN04") })
    const home = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN04")}/placements`)
    expect(home.body.items.find((p: { memberId: string }) => p.memberId === memberId)).toMatchObject({ kind: "official", away: true })
    const ended = await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/end`, { body: {} })
    expect(ended.body.status).toBe("ended")
    const after = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN05")}/placements`)
    expect(after.body.items.some((p: { memberId: string }) => p.memberId === memberId)).toBe(false)
  })

  it("flags letters not presented within 30 days as overdue", async () => {
    const late = await server.call(admin, "POST", `/v1/members/${await memberOf("SPP-CB-BAN06")}/transfers`, {
      body: { kind: "official", toOrgId: id("SPP-CB-BAN07"), issuedOn: daysAgo(31) }
    })
    const fresh = await server.call(admin, "POST", `/v1/members/${await memberOf("SPP-CB-BAN06", 1)}/transfers`, {
      body: { kind: "official", toOrgId: id("SPP-CB-BAN07"), issuedOn: daysAgo(30) }
    })
    const list = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN07")}/transfers?direction=incoming&status=introduced`)
    const byId = new Map(list.body.items.map((t: { id: string; overdue: boolean }) => [t.id, t.overdue]))
    expect(byId.get(late.body.id)).toBe(true)
    expect(byId.get(fresh.body.id)).toBe(false)
    const outgoing = await server.call(admin, "GET", `/v1/orgs/${id("SPP-CB-BAN06")}/transfers?direction=outgoing`)
    expect(outgoing.body.items).toHaveLength(2)
    const cancelled = await server.call(admin, "POST", `/v1/transfers/${late.body.id}/cancel`)
    expect(cancelled.body.status).toBe("cancelled")
  })

  it("refuses bad letters: not a cell, the same cell, a future date; a stranger gets 404", async () => {
    const memberId = await memberOf("SPP-CB-BAN08")
    expect((await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "official", toOrgId: id("DU-MNHE"), issuedOn: daysAgo(1) } })).status).toBe(400)
    expect((await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "official", toOrgId: id("SPP-CB-BAN08"), issuedOn: daysAgo(1) } })).status).toBe(400)
    expect((await server.call(admin, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "official", toOrgId: id("SPP-CB-BAN09"), issuedOn: "2099-01-01" } })).status).toBe(400)
    expect((await server.call(secretary, "POST", `/v1/members/${memberId}/transfers`, { body: { kind: "official", toOrgId: id("SPP-CB-BAN09"), issuedOn: daysAgo(1) } })).status).toBe(404)
  })
})
