/**
 * Organization changes over HTTP: create, rename, move a subtree, merge two cells, dissolve;
 * paths, access and reports right after each (no stale access, no orphans).
 */
import { Database } from "@sotay/core"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { allPages, type DemoServer, startDemo, testStores } from "./support/demo.js"

describe.each(testStores)("organization changes on $name", (store) => {
  let server: DemoServer
  let admin: string
  let tinh: string
  let commune: string
  const id = (code: string) => server.ids[code]!
  const total = async (token: string, orgId: string) => {
    const report = await server.call(token, "GET", `/v1/orgs/${orgId}/reports/adoption`)
    expect(report.status).toBe(200)
    return report.body.totalMembers as number
  }
  /** Every organization's path is its parent's path plus its own id; depth and province agree. */
  const treeIsConsistent = () =>
    server.run(Database.query("tree invariant", (db) =>
      sql<{ bad: number }>`select count(*)::int as bad from organizations c
          left join organizations p on p.id = c.parent_id
          where (c.parent_id is null and c.path <> '/' || c.id || '/')
             or (c.parent_id is not null and (p.id is null or c.path <> p.path || c.id || '/' or c.depth <> p.depth + 1
                 or c.province_id is distinct from p.province_id and c.type <> 'PROVINCIAL_COMMITTEE'))`.execute(db))).then((r) => r.rows[0]!.bad)
  const rolesAt = (orgId: string) =>
    server.run(Database.query("roles at", (db) => db.selectFrom("role_assignments").select(["id", "account_id", "role"]).where("org_id", "=", orgId).execute()))
  const membersWithWrongProvince = () =>
    server.run(Database.query("member provinces", (db) =>
      sql<{ bad: number }>`select count(*)::int as bad from members m join organizations o on o.id = m.org_id
          where m.province_id is distinct from o.province_id`.execute(db))).then((r) => r.rows[0]!.bad)

  beforeAll(async () => {
    server = await startDemo(store)
    admin = await server.login("spp.admin")
    tinh = await server.login("tinh.admin")
    commune = id("DU-SPP")
  })
  afterAll(() => server?.close())

  it("merges two demo cells: the commune keeps 488, members and meetings follow, the old cell is kept as merged", async () => {
    const source = id("SPP-CB-BAN01")
    const target = id("SPP-CB-BAN02")
    const created = await server.call(admin, "POST", `/v1/orgs/${source}/meetings`, {
      body: { kind: "regular_monthly", startsAt: "2027-01-06T08:00:00+07:00", place: "Nhà văn hóa bản 01", topic: "Sinh hoạt tháng 1" }
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const meetingId: string = created.body.id
    const before = (await allPages(server, admin, `/v1/orgs/${source}/members`)).length + (await allPages(server, admin, `/v1/orgs/${target}/members`)).length
    const secretary = await server.login("spp.ban01.bithu")
    expect((await server.call(secretary, "GET", `/v1/orgs/${source}/members`)).body.items.length).toBeGreaterThan(0)
    // Before the merge the secretary acts on the cell's members and meetings through the role.
    const formerMember: string = (await allPages(server, admin, `/v1/orgs/${source}/members`))[0]!.id
    expect((await server.call(secretary, "GET", `/v1/members/${formerMember}`)).status).toBe(200)
    expect((await server.call(secretary, "GET", `/v1/meetings/${meetingId}`)).status).toBe(200)
    const heldAtSource = await rolesAt(source)
    expect(heldAtSource.length).toBeGreaterThan(0)
    const heldAtTarget = await rolesAt(target)

    const merged = await server.call(admin, "POST", `/v1/orgs/${source}/merge`, { body: { intoOrgId: target } })
    expect(merged.status).toBe(200)
    expect(merged.body.organization.id).toBe(target)

    // Every role held at the merged cell ended, and the result lists them for the committee to
    // reassign at the absorbing cell; none is carried over there, and each is in the audit log.
    const ended: Array<{ id: string; accountId: string; username: string | null; orgId: string; role: string }> = merged.body.endedRoles
    expect(ended.map((r) => r.id).sort()).toEqual(heldAtSource.map((r) => r.id).sort())
    expect(ended.every((r) => r.orgId === source && r.role === "cell_secretary")).toBe(true)
    expect(ended.map((r) => r.username)).toContain("spp.ban01.bithu")
    expect(await rolesAt(source)).toEqual([])
    expect((await rolesAt(target)).map((r) => r.id).sort()).toEqual(heldAtTarget.map((r) => r.id).sort())
    const revoked = await server.run(Database.query("role audit", (db) =>
      db.selectFrom("audit_log").select(["target_id", "detail"]).where("action", "=", "role.revoked").where("org_id", "=", source).execute()))
    expect(revoked.map((r) => r.target_id).sort()).toEqual(ended.map((r) => r.accountId).sort())
    for (const entry of revoked) expect(entry.detail).toMatchObject({ role: "cell_secretary", endedBy: "org.merge", mergedOrgId: source, mergedInto: target })

    expect(await total(admin, commune)).toBe(488)
    expect((await allPages(server, admin, `/v1/orgs/${commune}/members`)).length).toBe(488)
    expect((await allPages(server, admin, `/v1/orgs/${target}/members`)).length).toBe(before)
    expect((await server.call(admin, "GET", `/v1/orgs/${source}`)).body).toMatchObject({ status: "merged", mergedInto: target })
    const meeting = await server.run(Database.query("meeting after", (db) =>
      sql<{ org_id: string; path: string }>`select m.org_id, o.path from meetings m join organizations o on o.id = m.org_id where m.id = ${meetingId}`.execute(db)))
    expect(meeting.rows[0]!.org_id).toBe(target)
    // …and reachable through the API, under the absorbing cell.
    const reached = await server.call(admin, "GET", `/v1/meetings/${meetingId}`)
    expect(reached.status).toBe(200)
    expect(reached.body.orgId).toBe(target)
    expect((await allPages(server, admin, `/v1/orgs/${target}/meetings`)).map((m) => m.id)).toContain(meetingId)
    expect(meeting.rows[0]!.path.startsWith((await server.run(Database.query("commune path", (db) =>
      db.selectFrom("organizations").select("path").where("id", "=", commune).executeTakeFirstOrThrow()))).path)).toBe(true)
    // No stale access: the former secretary holds no role any more, and acts neither on the merged
    // cell nor on its former members and meetings (now in the absorbing cell) nor on that cell.
    expect((await server.call(secretary, "GET", "/v1/me")).body.roles).toEqual([])
    expect((await server.call(secretary, "GET", `/v1/orgs/${source}/members`)).status).toBe(404)
    expect((await server.call(secretary, "POST", `/v1/orgs/${source}/meetings`, {
      body: { kind: "regular_monthly", startsAt: "2027-02-03T08:00:00+07:00", place: "Nhà văn hóa bản 01", topic: "Sinh hoạt tháng 2" }
    })).status).toBe(404)
    expect((await server.call(secretary, "GET", `/v1/members/${formerMember}`)).status).toBe(404)
    expect((await server.call(secretary, "PATCH", `/v1/members/${formerMember}`, { body: { phone: "0912345678" } })).status).toBe(404)
    expect((await server.call(secretary, "GET", `/v1/meetings/${meetingId}`)).status).toBe(404)
    expect((await server.call(secretary, "PATCH", `/v1/meetings/${meetingId}`, { body: { place: "Nhà văn hóa bản 02" } })).status).toBe(404)
    expect((await server.call(secretary, "GET", `/v1/orgs/${target}/members`)).status).toBe(404)
    // The adoption report no longer lists the merged cell; it cannot be merged or moved again.
    const report = await server.call(admin, "GET", `/v1/orgs/${commune}/reports/adoption`)
    expect(report.body.children.map((c: { orgId: string }) => c.orgId)).not.toContain(source)
    expect((await server.call(admin, "POST", `/v1/orgs/${source}/merge`, { body: { intoOrgId: id("SPP-CB-BAN03") } })).status).toBe(409)
    const audit = await server.run(Database.query("audit", (db) =>
      db.selectFrom("audit_log").select("detail").where("action", "=", "org.merge").where("target_id", "=", source).executeTakeFirstOrThrow()))
    expect(audit.detail).toMatchObject({ after: { status: "merged", mergedInto: target } })
    expect(await treeIsConsistent()).toBe(0)
  })

  it("refuses to merge a cell into a committee, or into its own ancestor", async () => {
    expect((await server.call(admin, "POST", `/v1/orgs/${id("SPP-CB-BAN05")}/merge`, { body: { intoOrgId: id("SPP-DBCS-TH") } })).status).toBe(409)
    expect((await server.call(admin, "POST", `/v1/orgs/${id("SPP-DBCS-TH-CB1")}/merge`, { body: { intoOrgId: id("SPP-DBCS-TH") } })).status).toBe(409)
  })

  it("refuses, as a whole, a merge that would end a system administrator's role, unless a system administrator merges", async () => {
    const source = id("SPP-CB-BAN07")
    const held = await rolesAt(source)
    const adminRole = crypto.randomUUID()
    await server.run(Database.query("system admin role", (db) =>
      db.insertInto("role_assignments").values({ id: adminRole, account_id: held[0]!.account_id, org_id: source, role: "system_admin" }).execute()))
    try {
      const refused = await server.call(admin, "POST", `/v1/orgs/${source}/merge`, { body: { intoOrgId: id("SPP-CB-BAN08") } })
      expect(refused.status).toBe(403)
      expect((await server.call(admin, "GET", `/v1/orgs/${source}`)).body.status).toBe("active")
      expect((await rolesAt(source)).length).toBe(held.length + 1)
    } finally {
      await server.run(Database.query("drop system admin role", (db) => db.deleteFrom("role_assignments").where("id", "=", adminRole).execute()))
    }
  })

  it("merges a grassroots committee into another: its cells move with their members, paths rewritten", async () => {
    const thCells = [id("SPP-DBCS-TH-CB1"), id("SPP-DBCS-TH-CB2")]
    const cellRoles = (await Promise.all(thCells.map(rolesAt))).flat().map((r) => r.id).sort()
    expect(cellRoles.length).toBeGreaterThan(0)
    // A cell of the committee merged before, still holding a role (as merges left them before
    // they ended roles): it ends with the committee's merge.
    const cellType = (await server.call(admin, "GET", `/v1/orgs/${thCells[0]}`)).body.type
    const extra = await server.call(admin, "POST", `/v1/orgs/${id("SPP-DBCS-TH")}/children`, { body: { code: "SPP-DBCS-TH-CB9", name: "Chi bộ thử", type: cellType } })
    expect(extra.status).toBe(201)
    const extraId: string = extra.body.organization.id
    const mergedExtra = await server.call(admin, "POST", `/v1/orgs/${extraId}/merge`, { body: { intoOrgId: thCells[0] } })
    expect(mergedExtra.status).toBe(200)
    expect(mergedExtra.body.endedRoles).toEqual([])
    const staleId = crypto.randomUUID()
    const someAccount = (await rolesAt(thCells[0]!))[0]!.account_id
    await server.run(Database.query("stale role", (db) =>
      db.insertInto("role_assignments").values({ id: staleId, account_id: someAccount, org_id: extraId, role: "cell_secretary" }).execute()))
    const heldAtCommittee = (await rolesAt(id("SPP-DBCS-TH"))).map((r) => r.id)

    const response = await server.call(admin, "POST", `/v1/orgs/${id("SPP-DBCS-TH")}/merge`, { body: { intoOrgId: id("SPP-DBCS-THCS") } })
    expect(response.status).toBe(200)
    // The committee's own roles and the stale one end; its cells, still active, keep theirs.
    expect(response.body.endedRoles.map((r: { id: string }) => r.id).sort()).toEqual([...heldAtCommittee, staleId].sort())
    expect((await Promise.all(thCells.map(rolesAt))).flat().map((r) => r.id).sort()).toEqual(cellRoles)
    expect(await rolesAt(extraId)).toEqual([])
    const children = await allPages(server, admin, `/v1/orgs/${id("SPP-DBCS-THCS")}/children`)
    expect(children.map((c) => c.id)).toEqual(expect.arrayContaining(thCells))
    expect(await treeIsConsistent()).toBe(0)
    expect(await total(admin, commune)).toBe(488)
  })

  it("moves a subtree to another commune in one step: access and reports follow at once, no orphans", async () => {
    // A sub-committee with a cell under it, moved as a whole.
    const sub = await server.call(admin, "POST", `/v1/orgs/${commune}/children`, { body: { code: "SPP-DBBP-1", name: "Đảng bộ bộ phận thử", type: "SUB_COMMITTEE" } })
    expect(sub.status).toBe(201)
    const subId = sub.body.organization.id
    const cell = id("SPP-CB-BAN05")
    const cellMembers = (await allPages(server, admin, `/v1/orgs/${cell}/members`)).length
    const intoSub = await server.call(admin, "POST", `/v1/orgs/${cell}/move`, { body: { parentId: subId } })
    expect(intoSub.status).toBe(200)
    expect(intoSub.body.organization).toMatchObject({ parentId: subId, depth: 3 })
    expect(await total(admin, commune)).toBe(488)

    // Staff of the commune cannot move things out of their scope…
    expect((await server.call(admin, "POST", `/v1/orgs/${subId}/move`, { body: { parentId: id("DU-MNHE") } })).status).toBe(404)
    // …the province can.
    const mnheBefore = await total(tinh, id("DU-MNHE"))
    const moved = await server.call(tinh, "POST", `/v1/orgs/${subId}/move`, { body: { parentId: id("DU-MNHE") } })
    expect(moved.status).toBe(200)
    expect(await treeIsConsistent()).toBe(0)
    expect(await membersWithWrongProvince()).toBe(0)
    expect(await total(admin, commune)).toBe(488 - cellMembers)
    expect(await total(tinh, id("DU-MNHE"))).toBe(mnheBefore + cellMembers)
    expect((await allPages(server, admin, `/v1/orgs/${commune}/members`)).length).toBe(488 - cellMembers)
    expect((await server.call(admin, "GET", `/v1/orgs/${cell}`)).status).toBe(404)
    expect((await server.call(admin, "GET", `/v1/orgs/${cell}/members`)).status).toBe(404)
    expect((await allPages(server, tinh, `/v1/orgs/${cell}/members`)).length).toBe(cellMembers)

    // …and back again.
    const back = await server.call(tinh, "POST", `/v1/orgs/${subId}/move`, { body: { parentId: commune } })
    expect(back.status).toBe(200)
    expect(await total(admin, commune)).toBe(488)
    expect(await treeIsConsistent()).toBe(0)
  })

  it("refuses to move an organization under itself", async () => {
    const sub = await server.call(admin, "POST", `/v1/orgs/${commune}/children`, { body: { code: "SPP-DBBP-2", name: "Đảng bộ bộ phận hai", type: "SUB_COMMITTEE" } })
    const inner = await server.call(admin, "POST", `/v1/orgs/${sub.body.organization.id}/children`, { body: { code: "SPP-DBBP-2-CB", name: "Chi bộ trong", type: "AFFILIATED_CELL" } })
    expect(inner.status).toBe(201)
    const response = await server.call(admin, "POST", `/v1/orgs/${sub.body.organization.id}/move`, { body: { parentId: inner.body.organization.id } })
    expect(response.status).toBe(409)
  })

  it("creates, renames and dissolves only an empty organization, with cell warnings", async () => {
    const created = await server.call(admin, "POST", `/v1/orgs/${commune}/children`, { body: { code: "spp-cb-moi", name: "Chi bo\u0323\u0302 mới", type: "GRASSROOTS_CELL" } })
    expect(created.status).toBe(201)
    expect(created.body.organization).toMatchObject({ code: "SPP-CB-MOI", name: "Chi bộ mới", status: "active" })
    expect(created.body.warnings).toEqual([expect.objectContaining({ code: "CELL_BELOW_MINIMUM", officialMembers: 0 })])
    expect((await server.call(admin, "POST", `/v1/orgs/${commune}/children`, { body: { code: "SPP-CB-MOI", name: "x", type: "GRASSROOTS_CELL" } })).status).toBe(409)
    const renamed = await server.call(admin, "PATCH", `/v1/orgs/${created.body.organization.id}`, { body: { name: "Chi bộ bản Mới" } })
    expect(renamed.body.organization.name).toBe("Chi bộ bản Mới")
    expect((await server.call(admin, "POST", `/v1/orgs/${id("SPP-CB-BAN03")}/dissolve`)).status).toBe(409)
    // a secretary appointed to the new cell (a member of the commune) loses the role with it
    const newCell = created.body.organization.id
    const appointee = await server.run(Database.query("appointee", (db) =>
      db.selectFrom("accounts as a").innerJoin("members as m", "m.id", "a.member_id").select("a.id")
        .where("m.org_id", "=", id("SPP-CB-BAN05")).where("a.status", "=", "active").limit(1).executeTakeFirstOrThrow()))
    await server.run(Database.query("appoint", (db) =>
      db.insertInto("role_assignments").values({ id: crypto.randomUUID(), account_id: appointee.id, org_id: newCell, role: "cell_secretary" }).execute()))
    const dissolved = await server.call(admin, "POST", `/v1/orgs/${newCell}/dissolve`)
    expect(dissolved.status).toBe(200)
    expect(dissolved.body.organization.status).toBe("dissolved")
    expect(dissolved.body.endedRoles).toEqual([expect.objectContaining({ accountId: appointee.id, orgId: newCell, role: "cell_secretary" })])
    const left = await server.run(Database.query("left", (db) => db.selectFrom("role_assignments").select("id").where("org_id", "=", newCell).execute()))
    expect(left).toEqual([])
    // and no meeting is scheduled at a closed organization, by anyone
    const meeting = await server.call(admin, "POST", `/v1/orgs/${newCell}/meetings`, {
      body: { kind: "regular_monthly", startsAt: `${new Date().getUTCFullYear() + 1}-01-10T19:30`, place: "Nhà văn hóa", topic: "Thử" }
    })
    expect(meeting.status).toBe(409)
    const warnings = await server.call(admin, "GET", `/v1/orgs/${commune}/warnings`)
    expect(warnings.status).toBe(200)
    expect(warnings.body.items.map((w: { orgId: string }) => w.orgId)).not.toContain(created.body.organization.id)
    expect(warnings.body.items.some((w: { code: string }) => w.code === "CELL_COMMITTEE_ALLOWED")).toBe(true)
  })

  it("lets only committee staff change the tree: a secretary gets 403, another subtree 404, bad input 400", async () => {
    // The secretary of Chi bộ bản 01 lost the role when it merged into bản 02 (first test); the
    // committee reassigns it there.
    const cell = id("SPP-CB-BAN02")
    await server.run(Database.query("reassign", (db) =>
      db.insertInto("role_assignments")
        .values((eb) => ({ id: crypto.randomUUID(), account_id: eb.selectFrom("accounts").select("id").where("username", "=", "spp.ban01.bithu"), org_id: cell, role: "cell_secretary" }))
        .onConflict((oc) => oc.doNothing())
        .execute()))
    const secretary = await server.login("spp.ban01.bithu")
    expect((await server.call(secretary, "GET", `/v1/orgs/${cell}`)).status).toBe(200)
    expect((await server.call(secretary, "PATCH", `/v1/orgs/${cell}`, { body: { name: "x" } })).status).toBe(403)
    expect((await server.call(admin, "PATCH", `/v1/orgs/${id("DU-MNHE")}`, { body: { name: "x" } })).status).toBe(404)
    expect((await server.call(admin, "POST", `/v1/orgs/${commune}/children`, { body: { code: "a b", name: "x", type: "CELL" } })).status).toBe(400)
    // Commune staff may not move or dissolve the commune itself (that is the province's decision).
    expect((await server.call(admin, "POST", `/v1/orgs/${commune}/dissolve`)).status).toBe(403)
  })
})
