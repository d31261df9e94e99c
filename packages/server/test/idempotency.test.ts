/**
 * `Idempotency-Key` (DESIGN §5) over the HTTP API on the demo: a retried write returns the first
 * result and is applied once — also when the retries arrive all at once; the same key on another
 * request is refused naming the header; keys are the caller's own; a failed write is not kept.
 */
import { Database, Idempotency } from "@sotay/core"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

const nextYear = new Date().getUTCFullYear() + 1

describe.each(testStores)("idempotency keys on $name", (store) => {
  let server: DemoServer
  let secretary: string
  let staff: string
  let cell: string
  beforeAll(async () => {
    server = await startDemo(store)
    secretary = await server.login("spp.ban01.bithu")
    staff = await server.login("spp.admin")
    cell = server.ids["SPP-CB-BAN01"]!
  })
  afterAll(() => server?.close())

  const meeting = (topic: string, day = 10) => ({ kind: "thematic", startsAt: `${nextYear}-03-${day}T19:30`, place: "Nhà văn hóa", topic })
  const create = (token: string, key: string | undefined, body: unknown, language = "vi") =>
    server.call(token, "POST", `/v1/orgs/${cell}/meetings`, { body, headers: { "accept-language": language, ...(key ? { "idempotency-key": key } : {}) } })
  const countTopic = async (topic: string) =>
    Number((await server.run(Database.query("count", (db) =>
      db.selectFrom("meetings").select((eb) => eb.fn.countAll<number>().as("n")).where("topic", "=", topic).executeTakeFirstOrThrow()))).n)

  it("answers a retry with the first result, and applies the write once", async () => {
    const first = await create(secretary, "retry-1", meeting("Chuyên đề: thử lại"))
    expect(first.status).toBe(201)
    expect(first.headers.get("idempotent-replayed")).toBeNull()
    const again = await create(secretary, "retry-1", meeting("Chuyên đề: thử lại"))
    expect(again.status).toBe(201)
    expect(again.headers.get("idempotent-replayed")).toBe("true")
    expect(again.body).toEqual(first.body)
    expect(await countTopic("Chuyên đề: thử lại")).toBe(1)
    // without a key, the same request is a second meeting
    expect((await create(secretary, undefined, meeting("Chuyên đề: thử lại"))).status).toBe(201)
    expect(await countTopic("Chuyên đề: thử lại")).toBe(2)
  })

  it("applies ten simultaneous retries once: the others replay or are told to wait", async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => create(secretary, "burst-1", meeting("Chuyên đề: cùng lúc"))))
    const created = responses.filter((r) => r.status === 201)
    expect(created.length).toBeGreaterThanOrEqual(1)
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1)
    expect(responses.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body._tag === "Conflict")).toBe(true)
    expect(await countTopic("Chuyên đề: cùng lúc")).toBe(1)
  })

  it("refuses the same key on a different request, naming the header, in the request's language", async () => {
    expect((await create(secretary, "reuse-1", meeting("Chuyên đề: A"))).status).toBe(201)
    const vi = await create(secretary, "reuse-1", meeting("Chuyên đề: B"))
    expect(vi.status).toBe(400)
    expect(vi.body).toMatchObject({ _tag: "ValidationFailed", fields: [{ field: "Idempotency-Key" }] })
    expect(vi.body.message).toContain("khóa này đã dùng cho một yêu cầu khác")
    const en = await create(secretary, "reuse-1", meeting("Chuyên đề: B"), "en")
    expect(en.body.message).toContain("used for a different request")
    expect(await countTopic("Chuyên đề: B")).toBe(0)
    const bad = await create(secretary, "has space", meeting("Chuyên đề: C"))
    expect(bad.status).toBe(400)
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: "Idempotency-Key" })])
    expect((await create(secretary, "k".repeat(256), meeting("Chuyên đề: C"))).status).toBe(400)
  })

  it("keeps each caller's keys apart", async () => {
    const mine = await create(secretary, "shared-key", meeting("Chuyên đề: của bí thư"))
    const theirs = await create(staff, "shared-key", meeting("Chuyên đề: của đảng ủy"))
    expect(mine.status).toBe(201)
    expect(theirs.status).toBe(201)
    expect(theirs.headers.get("idempotent-replayed")).toBeNull()
    expect(theirs.body.id).not.toBe(mine.body.id)
  })

  it("does not keep a failed write: its retry runs again", async () => {
    const past = { ...meeting("Chuyên đề: quá khứ"), startsAt: "2020-01-01T19:30" }
    const failed = await create(secretary, "failed-1", past)
    expect(failed.status).toBe(400)
    const retried = await create(secretary, "failed-1", past)
    expect(retried.status).toBe(400)
    expect(retried.headers.get("idempotent-replayed")).toBeNull()
    // the key is free again: the corrected request may use it
    expect((await create(secretary, "failed-1", meeting("Chuyên đề: sửa lại"))).status).toBe(201)
  })

  it("forgets a key after 24 hours", async () => {
    const first = await create(secretary, "old-1", meeting("Chuyên đề: hôm qua"))
    await server.run(Database.query("age", (db) => sql`update idempotency_keys set created_at = now() - interval '25 hours'`.execute(db)))
    const later = await create(secretary, "old-1", meeting("Chuyên đề: hôm qua"))
    expect(later.status).toBe(201)
    expect(later.headers.get("idempotent-replayed")).toBeNull()
    expect(later.body.id).not.toBe(first.body.id)
    await server.run(Database.query("age", (db) => sql`update idempotency_keys set created_at = now() - interval '25 hours'`.execute(db)))
    await server.run(Idempotency.purge)
    expect(await server.run(Database.query("left", (db) => db.selectFrom("idempotency_keys").select("key_hash").execute()))).toEqual([])
  })
})
