/**
 * Meetings meet transfers: a member temporarily placed in another cell is invited there as a
 * temporary member, and not to their own cell's meeting.
 */
import { Database } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

describe("temporary placements at meetings", () => {
  let server: DemoServer
  let admin: string
  beforeAll(async () => {
    server = await startDemo(testStores[0]!)
    admin = await server.login("spp.admin")
  })
  afterAll(() => server?.close())

  const meetingIn = async (code: string) => {
    const created = await server.call(admin, "POST", `/v1/orgs/${server.ids[code]}/meetings`, {
      body: { kind: "regular_monthly", startsAt: "2027-02-03T08:00:00+07:00", place: "Nhà văn hóa bản", topic: "Sinh hoạt tháng 2" }
    })
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300)
    expect((await server.call(admin, "POST", `/v1/meetings/${created.body.id}/transitions`, { body: { to: "scheduled" } })).status).toBeLessThan(300)
    expect((await server.call(admin, "POST", `/v1/meetings/${created.body.id}/invitations`)).status).toBeLessThan(300)
    return created.body.id as string
  }
  const invited = (meetingId: string) =>
    server.run(Database.query("participants", (db) =>
      db.selectFrom("meeting_participants").select(["member_id", "category"]).where("meeting_id", "=", meetingId).where("invited_at", "is not", null).execute()))

  it("invites the hosted member to the host cell as temporary, and not to their own cell", async () => {
    const home = (await server.call(admin, "GET", `/v1/orgs/${server.ids["SPP-CB-BAN05"]}/members?status=official&limit=1`)).body.items[0].id
    const today = new Date().toISOString().slice(0, 10)
    const until = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10)
    const issued = await server.call(admin, "POST", `/v1/members/${home}/transfers`, {
      body: { kind: "temporary", toOrgId: server.ids["SPP-CB-BAN02"], issuedOn: today, until }
    })
    expect(issued.status, JSON.stringify(issued.body)).toBeLessThan(300)
    expect((await server.call(admin, "POST", `/v1/transfers/${issued.body.id}/receive`, { body: {} })).status).toBeLessThan(300)

    const host = await invited(await meetingIn("SPP-CB-BAN02"))
    expect(host.find((p) => p.member_id === home)?.category).toBe("temporary")
    const own = await invited(await meetingIn("SPP-CB-BAN05"))
    expect(own.map((p) => p.member_id)).not.toContain(home)
    expect(own.length).toBeGreaterThan(0)
  })
})
