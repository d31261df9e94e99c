/**
 * 500 concurrent check-ins to one meeting on PostgreSQL: 500 present, no errors, no duplicates.
 * Runs only when DATABASE_URL is set (PGlite has one connection: concurrency is PostgreSQL's).
 */
import { Audit, Database } from "@sotay/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { seedCrowd } from "./support/crowd.js"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

const postgres = testStores.find((s) => s.name === "postgres")

describe.skipIf(postgres === undefined)("500 concurrent check-ins on PostgreSQL", () => {
  let server: DemoServer
  beforeAll(async () => {
    server = await startDemo(postgres!)
  })
  afterAll(() => server?.close())

  it("records 500 present, once each, with no errors", async () => {
    const crowd = await server.run(Effect.flatMap(Database.Database, (db) => Effect.promise(() => seedCrowd(db, 500))))
    const staff = await server.login("spp.admin")
    const year = new Date().getUTCFullYear() + 1
    const created = await server.call(staff, "POST", `/v1/orgs/${crowd.cellId}/meetings`, {
      body: { kind: "regular_monthly", startsAt: `${year}-01-10T19:30`, place: "Hội trường", topic: "Thử tải" }
    })
    const id = created.body.id
    expect((await server.call(staff, "POST", `/v1/meetings/${id}/invitations`)).body.invited).toBe(500)
    await server.call(staff, "POST", `/v1/meetings/${id}/transitions`, { body: { to: "in_progress" } })
    const { code, qrToken } = (await server.call(staff, "GET", `/v1/meetings/${id}/check-in`)).body
    const responses = await Promise.all(crowd.members.map((m, i) =>
      server.call(m.token, "POST", `/v1/meetings/${id}/check-in`, { body: i % 2 === 0 ? { code } : { qrToken } })))
    expect(responses.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([])
    expect(responses.every((r) => r.body.changed === true)).toBe(true)
    // and again, all at once: nothing changes
    const again = await Promise.all(crowd.members.map((m) => server.call(m.token, "POST", `/v1/meetings/${id}/check-in`, { body: { code } })))
    expect(again.filter((r) => r.status !== 200 || r.body.changed !== false)).toEqual([])
    const rows = await server.run(Effect.flatMap(Database.Database, (db) => Effect.promise(() =>
      db.selectFrom("meeting_participants").select(["member_id", "attendance"]).where("meeting_id", "=", id).execute())))
    expect(rows).toHaveLength(500)
    expect(new Set(rows.map((r) => r.member_id)).size).toBe(500)
    expect(rows.every((r) => r.attendance === "present")).toBe(true)
    const audits = await server.run(Effect.flatMap(Database.Database, (db) => Effect.promise(() =>
      db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "meeting.check_in").where("target_id", "=", id).executeTakeFirstOrThrow())))
    expect(Number(audits.n)).toBe(500)
    // The entries were written concurrently, unsealed; the server's sealer chains them in the
    // background (here within a few seconds, without being asked) into one intact chain.
    let chain = await server.run(Audit.verifyChain)
    for (let i = 0; i < 100 && chain.pending > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      chain = await server.run(Audit.verifyChain)
    }
    expect(chain).toMatchObject({ ok: true, pending: 0, firstBroken: null })
    const sealed = await server.run(Effect.flatMap(Database.Database, (db) => Effect.promise(() =>
      db.selectFrom("audit_log").select(["seq"]).where("action", "=", "meeting.check_in").where("target_id", "=", id).execute())))
    expect(new Set(sealed.map((r) => r.seq)).size).toBe(500)
    expect((await server.call(staff, "GET", `/v1/meetings/${id}`)).body.counts).toMatchObject({ expected: 500, present: 500 })
  })
})
