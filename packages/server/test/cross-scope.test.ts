/**
 * The generated cross-scope test: at least 10,000 requests over every id-bearing operation of the
 * served /openapi.json, from random actors of the demo tree (province and commune staff, another
 * commune's staff, cell secretaries and deputies, a committee member, plain members) against
 * random targets. Any id outside the actor's scope must answer 404, exactly like an id that does
 * not exist; a public id-bearing operation must answer a real id exactly as a random one.
 * Actors log in once each (scrypt is slow by design); requests go through the in-process handler.
 */
import { Csv, Database, Passwords } from "@sotay/core"
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DEMO_PASSWORD, type DemoServer, demoFile, startDemo, testStores } from "./support/demo.js"

const REQUESTS = 10_000

/** A small seeded generator, so that a failure reproduces. */
const mulberry32 = (seed: number) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

type Kind = "org" | "member" | "registration" | "session" | "roleAssignment" | "transfer" | "meeting" | "document" | "notification"
/** A target and where it stands; a transfer stands at both its releasing and its receiving cell. */
interface Target {
  readonly id: string
  readonly path: string
  readonly paths?: ReadonlyArray<string>
  readonly accountId?: string | null
  readonly memberId?: string | null
}
interface ActorScope {
  readonly name: string
  readonly token: string
  readonly accountId: string
  readonly memberId: string | null
  readonly memberPath: string | null
  readonly rolePaths: ReadonlyArray<string>
}
interface IdParam { readonly name: string; readonly in: "path" | "query"; readonly kind: Kind }
interface Operation { readonly id: string; readonly method: string; readonly path: string; readonly params: ReadonlyArray<IdParam>; readonly hasBody: boolean; readonly secured: boolean }

/** Which pool a path or query parameter draws from. A new kind of id needs a pool here. */
const kindOf = (name: string, path: string): Kind | undefined => {
  if (name === "orgId") return "org"
  if (name === "memberId") return "member"
  if (name === "sessionId") return "session"
  if (name === "roleAssignmentId") return "roleAssignment"
  if (name === "transferId") return "transfer"
  if (name === "meetingId") return "meeting"
  if (name === "documentId") return "document"
  if (name === "notificationId") return "notification"
  if (name === "id") {
    const segment = path.split("/{id}")[0]!.split("/").at(-1)
    if (segment === "registrations") return "registration"
  }
  return undefined
}

/** Query parameters that only filter what an in-scope resource shows (not an id to authorize). */
const FILTER_PARAMS = new Set(["meetings.invitationHtml:memberId"])
/** Operations whose sub-resource may not exist yet for an in-scope id (answering 404 NotFound). */
const MAY_BE_ABSENT = new Set(["meetings.getMinutes"])

/** A valid body for every id-bearing operation that takes one (so the request reaches the policy). */
const SAMPLE_BODIES: Record<string, (pick: () => string) => { body?: unknown; text?: string }> = {
  "members.updateMember": () => ({ body: { phone: "0912345678" } }),
  "members.importMembers": () => ({ text: "Họ và tên,Ngày sinh\nA,01/01/1990\n" }),
  "registrations.verifyRegistration": () => ({ body: { code: "123456" } }),
  "registrations.rejectRegistration": () => ({ body: { reason: "Không khớp hồ sơ" } }),
  "accounts.setAccountStatus": () => ({ body: { status: "disabled", reason: "cross-scope test" } }),
  "accounts.requestAssistedActivation": () => ({ body: { channel: "paper" } }),
  "accounts.confirmAssistedActivation": () => ({ body: { channel: "in_person", code: "123456", password: "một mật khẩu dài" } }),
  "accounts.grantRole": (pickMember) => ({ body: { memberId: pickMember(), role: "cell_deputy" } }),
  "orgs.createOrg": () => ({ body: { code: "CROSS-SCOPE-1", name: "Chi bộ thử", type: "GRASSROOTS_CELL" } }),
  "orgs.renameOrg": () => ({ body: { name: "Tên mới" } }),
  "orgs.moveOrg": () => ({ body: { parentId: randomUUID() } }),
  "orgs.mergeOrg": () => ({ body: { intoOrgId: randomUUID() } }),
  "members.admitMember": () => ({
    body: { fullName: "Người Mới", dateOfBirth: "1995-01-01", gender: "male", citizenId: "011095000001", decisionSymbol: "1-QĐ/ĐU", decisionDate: "2026-10-01", ceremonyDate: "2026-10-15" }
  }),
  "members.applyTransition": () => ({ body: { kind: "recognize", decisionSymbol: "2-QĐ/ĐU", decisionDate: "2026-10-01", votesFor: 5, votesEligible: 6 } }),
  "transfers.issueTransfer": () => ({ body: { kind: "official", toOrgId: randomUUID(), issuedOn: "2026-11-01" } }),
  "transfers.receiveTransfer": () => ({ body: {} }),
  "transfers.cancelTransfer": () => ({ body: {} }),
  "transfers.endTransfer": () => ({ body: {} }),
  "meetings.createMeeting": () => ({ body: { kind: "regular_monthly", startsAt: "2027-01-05T08:00:00+07:00", place: "Nhà văn hóa bản", topic: "Sinh hoạt thường kỳ" } }),
  "meetings.createMeetingSeries": () => ({ body: { kind: "regular_monthly", startsAt: "2027-01-05T08:00:00+07:00", place: "Nhà văn hóa bản", topic: "Sinh hoạt thường kỳ", months: 3 } }),
  "meetings.updateMeeting": () => ({ body: { place: "Hội trường xã" } }),
  "meetings.transitionMeeting": () => ({ body: { to: "cancelled", reason: "thử phạm vi" } }),
  "meetings.rsvp": () => ({ body: { response: "attending" } }),
  "meetings.setAttendance": () => ({ body: { status: "present" } }),
  "meetings.checkIn": () => ({ body: { code: "123456" } }),
  "meetings.recordVote": () => ({ body: { subject: "Biểu quyết thử", kind: "ordinary", yes: 1, no: 0, abstain: 0 } }),
  "meetings.putMinutes": () => ({ body: { contents: "Nội dung biên bản" } }),
  "meetings.approveMinutes": () => ({ body: { as: "chair" } }),
  "meetings.amendMinutes": () => ({ body: { text: "Sửa lại", reason: "Sai sót" } }),
  "meetings.attachDocument": () => ({ body: { symbol: "339-QĐ/TW" } }),
  "meetings.openDocument": () => ({ body: {} }),
  "meetings.acknowledgeDocument": () => ({ body: {} })
}

const rows = (() => {
  const { records } = Csv.parseCsv(demoFile("members-si-pa-phin.csv"))
  const [header, ...data] = records
  return data.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ""])))
})()

describe.each(testStores)("cross-scope requests on $name", (store) => {
  let server: DemoServer
  let actors: Array<ActorScope>
  let operations: Array<Operation>
  const pools = {} as Record<Kind, Array<Target>>

  beforeAll(async () => {
    server = await startDemo(store)
    const spp = await server.login("spp.admin")
    const q = <A>(name: string, run: Parameters<typeof Database.query<A>>[1]) => server.run(Database.query(name, run))

    // Another commune's staff, made the way the demo makes its logins.
    const hash = await Effect.runPromise(Passwords.hash(DEMO_PASSWORD))
    const otherId = randomUUID()
    await q("other staff", (db) => db.insertInto("accounts").values({ id: otherId, member_id: null, username: "mnhe.admin", status: "active", password_hash: hash, activated_at: new Date() }).execute())
    await q("other staff role", (db) => db.insertInto("role_assignments").values({ id: randomUUID(), account_id: otherId, org_id: server.ids["DU-MNHE"]!, role: "committee_staff" }).execute())

    // Plain members of several cells, who have activated their accounts.
    const activatedByCell = new Map<string, Array<Record<string, string>>>()
    for (const r of rows) {
      if (r["Tài khoản ứng dụng"] !== "Đã kích hoạt" || !r["Số điện thoại"]) continue
      activatedByCell.set(r["Mã chi bộ"]!, [...(activatedByCell.get(r["Mã chi bộ"]!) ?? []), r])
    }
    const cells = [...activatedByCell.keys()].sort()
    const phones = cells.slice(0, 10).map((c) => activatedByCell.get(c)!.at(-1)!["Số điện thoại"]!)

    // A committee member of the commune and a deputy of a cell, granted through the API.
    const memberIdOf = async (phone: string) => (await server.call(await server.login(phone), "GET", "/v1/me")).body.member.id as string
    const committeePhone = activatedByCell.get(cells[2]!)!.at(-2)!["Số điện thoại"]!
    const deputyPhone = activatedByCell.get(cells[3]!)!.at(-2)!["Số điện thoại"]!
    const granted1 = await server.call(spp, "POST", `/v1/orgs/${server.ids["DU-SPP"]}/roles`, { body: { memberId: await memberIdOf(committeePhone), role: "committee_member" } })
    expect(granted1.status).toBe(201)
    const deputyMember = await server.call(spp, "GET", `/v1/members/${await memberIdOf(deputyPhone)}`)
    const granted2 = await server.call(spp, "POST", `/v1/orgs/${deputyMember.body.orgId}/roles`, { body: { memberId: deputyMember.body.id, role: "cell_deputy" } })
    expect(granted2.status).toBe(201)

    // Cell secretaries (the demo's first official member of each cell) who have activated.
    const secretaries = await q("secretaries", (db) =>
      db.selectFrom("role_assignments as r").innerJoin("accounts as a", "a.id", "r.account_id").innerJoin("members as m", "m.id", "a.member_id")
        .select("m.phone").where("r.role", "=", "cell_secretary").where("a.status", "=", "active").where("m.phone", "is not", null)
        .orderBy("m.phone").limit(4).execute())

    const logins = ["tinh.admin", "spp.admin", "spp.ban01.bithu", "mnhe.admin", committeePhone, deputyPhone, ...phones, ...secretaries.map((s) => s.phone!)]
    actors = []
    for (const login of logins) {
      await new Promise((resolve) => setImmediate(resolve))
      const token = await server.login(login)
      const me = (await server.call(token, "GET", "/v1/me")).body
      const scope = await q("scope", (db) =>
        db.selectFrom("role_assignments as r").innerJoin("organizations as o", "o.id", "r.org_id").select("o.path").where("r.account_id", "=", me.account.id).execute())
      const memberPath = me.member
        ? (await q("member path", (db) => db.selectFrom("organizations").select("path").where("id", "=", me.member.orgId).executeTakeFirstOrThrow())).path
        : null
      actors.push({ name: login, token, accountId: me.account.id, memberId: me.member?.id ?? null, memberPath, rolePaths: scope.map((s) => s.path) })
    }

    // Registrations in several cells, through the public API.
    const cellIds = cells.slice(0, 8).map((c) => server.ids[c]!)
    for (const [i, cellId] of cellIds.entries()) {
      const response = await server.call(null, "POST", "/v1/registrations", {
        body: { fullName: `Người Đăng Ký ${i}`, dateOfBirth: "1990-05-0" + (i + 1), citizenId: `0011900000${10 + i}`, partyCardNumber: `9900${1000 + i}`, cellId, phone: `091200${1000 + i}`, password: "mật khẩu đăng ký dài" }
      })
      expect(response.status).toBe(202)
    }

    // Transfer letters between cells of Si Pa Phìn, and from Si Pa Phìn to another commune.
    const letters: Array<[string, string, "official" | "temporary"]> = [
      ["SPP-CB-BAN10", "SPP-CB-BAN11", "official"],
      ["SPP-CB-BAN12", "SPP-CB-BAN13", "temporary"],
      ["SPP-CB-BAN14", "MNHE-CB1", "official"],
      ["SPP-CB-CA", "SPP-CB-QS", "temporary"]
    ]
    for (const [from, to, kind] of letters) {
      const member = (await server.call(spp, "GET", `/v1/orgs/${server.ids[from]}/members?limit=1`)).body.items[0].id
      const issued = await server.call(spp, "POST", `/v1/members/${member}/transfers`, {
        body: { kind, toOrgId: server.ids[to], issuedOn: "2026-11-20", ...(kind === "temporary" ? { until: "2027-05-20" } : {}) }
      })
      expect(issued.status, JSON.stringify(issued.body)).toBeLessThan(300)
    }
    pools.transfer = (await q("transfers", (db) =>
      db.selectFrom("transfers as t").innerJoin("organizations as f", "f.id", "t.from_org_id").innerJoin("organizations as o", "o.id", "t.to_org_id")
        .select(["t.id", "f.path as from_path", "o.path as to_path"]).execute()))
      .map((t) => ({ id: t.id, path: t.from_path, paths: [t.from_path, t.to_path] }))

    // Scheduled meetings (members never see drafts) of several cells, with Regulation 339 attached
    // and invitations sent, in Si Pa Phìn and in another commune.
    const tinh = await server.login("tinh.admin")
    for (const [code, token] of [["SPP-CB-BAN01", spp], ["SPP-CB-BAN02", spp], ["SPP-CB-BAN05", spp], ["SPP-CB-BAN13", spp], ["MNHE-CB1", tinh]] as const) {
      const created = await server.call(token, "POST", `/v1/orgs/${server.ids[code]}/meetings`, {
        body: { kind: "regular_monthly", startsAt: "2027-01-05T08:00:00+07:00", place: "Nhà văn hóa bản", topic: "Sinh hoạt chi bộ tháng 1" }
      })
      expect(created.status, JSON.stringify(created.body)).toBeLessThan(300)
      for (const [method, suffix, body] of [["POST", "documents", { symbol: "339-QĐ/TW" }], ["POST", "transitions", { to: "scheduled" }], ["POST", "invitations", undefined]] as const) {
        const response = await server.call(token, method, `/v1/meetings/${created.body.id}/${suffix}`, body === undefined ? {} : { body })
        expect(response.status, `${suffix}: ${JSON.stringify(response.body)}`).toBeLessThan(300)
      }
    }
    pools.meeting = await q("meetings", (db) => db.selectFrom("meetings as m").innerJoin("organizations as o", "o.id", "m.org_id").select(["m.id", "o.path"]).execute())
    // Documents are not scoped by organization: a document id is in scope wherever its meeting is.
    pools.document = (await q("documents", (db) => db.selectFrom("documents").select("id").where("symbol", "=", "339-QĐ/TW").execute()))
      .map((d) => ({ id: d.id, path: "" }))
    pools.notification = (await q("notifications", (db) => db.selectFrom("notifications").select(["id", "member_id", "account_id"]).execute()))
      .map((n) => ({ id: n.id, path: "", memberId: n.member_id, accountId: n.account_id }))

    pools.org = await q("orgs", (db) => db.selectFrom("organizations").select(["id", "path"]).execute())
    pools.member = await q("members", (db) => db.selectFrom("members as m").innerJoin("organizations as o", "o.id", "m.org_id").select(["m.id", "o.path"]).execute())
    pools.registration = await q("registrations", (db) => db.selectFrom("registrations as r").innerJoin("organizations as o", "o.id", "r.org_id").select(["r.id", "o.path"]).execute())
    pools.session = (await q("sessions", (db) => db.selectFrom("sessions").select(["id", "account_id"]).where("revoked_at", "is", null).execute()))
      .map((s) => ({ id: s.id, path: "", accountId: s.account_id }))
    pools.roleAssignment = await q("roles", (db) => db.selectFrom("role_assignments as r").innerJoin("organizations as o", "o.id", "r.org_id").select(["r.id", "o.path"]).execute())

    const spec = (await server.call(null, "GET", "/openapi.json")).body
    operations = []
    for (const [path, item] of Object.entries<any>(spec.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        if (!op?.operationId) continue
        const params: Array<IdParam> = []
        for (const p of op.parameters ?? []) {
          if (p.in !== "path" && p.in !== "query") continue
          if (p.name !== "id" && !/Id$/.test(p.name)) continue
          if (FILTER_PARAMS.has(`${op.operationId}:${p.name}`)) continue
          const kind = kindOf(p.name, path)
          if (!kind) throw new Error(`${op.operationId}: no pool of ids for the parameter ${p.name}; add one to cross-scope.test.ts`)
          params.push({ name: p.name, in: p.in, kind })
        }
        if (params.length === 0) continue
        const hasBody = op.requestBody !== undefined
        if (hasBody && !SAMPLE_BODIES[op.operationId]) throw new Error(`${op.operationId}: add a valid sample body to SAMPLE_BODIES`)
        operations.push({ id: op.operationId, method, path, params, hasBody, secured: (op.security ?? []).some((s: any) => "bearer" in s) })
      }
    }
  }, 600_000)
  afterAll(() => server?.close())

  const inScope = (actor: ActorScope, kind: Kind, target: Target) => {
    if (kind === "session") return target.accountId === actor.accountId
    if (kind === "document") return true
    if (kind === "notification") {
      return (target.memberId != null && target.memberId === actor.memberId) || (target.accountId != null && target.accountId === actor.accountId)
    }
    if (kind === "member" && target.id === actor.memberId) return true
    const paths = target.paths ?? [target.path]
    if (actor.memberPath !== null && paths.includes(actor.memberPath)) return true
    return actor.rolePaths.some((root) => paths.some((path) => path.startsWith(root)))
  }

  it(`sends ${REQUESTS} requests over every id-bearing operation and finds no leak`, async () => {
    const random = mulberry32(20_260_101)
    const pick = <A>(items: ReadonlyArray<A>) => items[Math.floor(random() * items.length)]!
    const leaks: Array<string> = []
    const served = new Map<string, number>()
    let sent = 0
    let outOfScope = 0
    let inScopeReads = 0
    const send = async (actor: ActorScope | null, op: Operation, values: ReadonlyArray<string>) => {
      let path = op.path
      const query: Array<string> = []
      op.params.forEach((p, i) => {
        if (p.in === "path") path = path.replace(`{${p.name}}`, values[i]!)
        else query.push(`${p.name}=${values[i]}`)
      })
      const sample = op.hasBody ? SAMPLE_BODIES[op.id]!(() => pick(pools.member).id) : {}
      sent++
      served.set(op.id, (served.get(op.id) ?? 0) + 1)
      return server.call(actor?.token ?? null, op.method.toUpperCase(), `${path}${query.length ? `?${query.join("&")}` : ""}`, sample)
    }
    for (let attempt = 0; sent < REQUESTS && attempt < REQUESTS * 5; attempt++) {
      // PGlite answers through microtasks only: let the worker's own messages through now and then.
      if (attempt % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
      const op = pick(operations)
      if (!op.secured) {
        // A public id-bearing operation answers a real id exactly as a random one.
        const real = op.params.map((p) => pick(pools[p.kind]).id)
        const a = await send(null, op, real)
        const b = await send(null, op, op.params.map(() => randomUUID()))
        if (a.status !== b.status || JSON.stringify(a.body) !== JSON.stringify(b.body)) {
          leaks.push(`${op.id} answers a real id (${a.status}) unlike a random one (${b.status})`)
        }
        continue
      }
      const actor = pick(actors)
      const targets = op.params.map((p) => {
        const pool = pools[p.kind]
        const outside = pool.filter((t) => !inScope(actor, p.kind, t))
        return outside.length > 0 && random() < 0.75 ? pick(outside) : pick(pool)
      })
      const anyOutside = op.params.some((p, i) => !inScope(actor, p.kind, targets[i]!))
      if (!anyOutside && op.method !== "get") continue // in scope, a write would change the demo
      const response = await send(actor, op, targets.map((t) => t.id))
      const label = `${actor.name} ${op.method.toUpperCase()} ${op.path} ${targets.map((t) => t.id).join(",")}`
      if (response.status >= 500) leaks.push(`${label}: HTTP ${response.status}`)
      if (anyOutside) {
        outOfScope++
        if (response.status !== 404 || response.body?._tag !== "NotFound") leaks.push(`${label}: HTTP ${response.status} for an id outside the actor's scope`)
      } else {
        inScopeReads++
        if (response.status === 404 && !MAY_BE_ABSENT.has(op.id)) leaks.push(`${label}: 404 for an id inside the actor's scope (the oracle or the policy is wrong)`)
      }
      if (leaks.length > 20) break
    }
    expect(leaks).toEqual([])
    expect(sent).toBeGreaterThanOrEqual(REQUESTS)
    expect([...served.keys()].sort()).toEqual(operations.map((o) => o.id).sort())
    expect(outOfScope).toBeGreaterThan(REQUESTS / 2)
    expect(inScopeReads).toBeGreaterThan(100)
  }, 600_000)
})
