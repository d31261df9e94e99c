/**
 * The store's helpers. `afterCommit`: what waits for a transaction runs once it has committed,
 * outside it, and never when it rolls back; outside a transaction it runs at once. `prepared`:
 * compiled once, run with each call's own values, in or out of a transaction; on PostgreSQL a
 * named statement. `uuidArray`: any number of UUIDs as one parameter, nothing else. `copyRows`:
 * COPY on PostgreSQL, any text read back as written, rolled back with its transaction.
 */
import { Database } from "@sotay/core"
import { Effect, Layer, ManagedRuntime } from "effect"
import { sql } from "kysely"
import { afterAll, describe, expect, it } from "vitest"
import { testStores } from "../support/stores.js"

for (const store of testStores) {
  describe(`after commit (${store.name})`, () => {
    const runtime = ManagedRuntime.make(store.layer())
    afterAll(() => runtime.dispose())
    // any table will do: a login throttle row
    const setting = (key: string, _value: string) =>
      Database.query("write", (db) => sql`insert into login_throttle (key, failures, window_start) values (${key}, 1, now())`.execute(db))
    const read = (key: string) =>
      Database.query("read", (db) => db.selectFrom("login_throttle").select("key").where("key", "=", key).executeTakeFirst())

    it("runs after the commit, on the database outside the transaction, in order", async () => {
      const seen: Array<string> = []
      const observed = await runtime.runPromise(Effect.gen(function*() {
        yield* Database.transactionally(Effect.gen(function*() {
          yield* setting("after-commit-1", "x")
          yield* Database.afterCommit(Effect.flatMap(Database.Database, (db) =>
            Effect.sync(() => void seen.push(`first, in transaction: ${db.isTransaction}`))))
          yield* Database.transactionally(Database.afterCommit(Effect.sync(() => void seen.push("nested"))))
          expect(seen).toEqual([])
        }))
        return seen.slice()
      }))
      expect(observed).toEqual(["first, in transaction: false", "nested"])
      expect(await runtime.runPromise(read("after-commit-1"))).toBeDefined()
    })

    it("never runs for a transaction rolled back, and runs at once outside one", async () => {
      const seen: Array<string> = []
      const failed = await runtime.runPromise(Effect.either(Database.transactionally(Effect.gen(function*() {
        yield* setting("after-commit-2", "x")
        yield* Database.afterCommit(Effect.sync(() => void seen.push("rolled back")))
        return yield* Effect.fail("no")
      }))))
      expect(failed._tag).toBe("Left")
      expect(seen).toEqual([])
      expect(await runtime.runPromise(read("after-commit-2"))).toBeUndefined()
      await runtime.runPromise(Database.afterCommit(Effect.sync(() => void seen.push("now"))))
      expect(seen).toEqual(["now"])
    })

    const byKey = Database.prepared("by key", (db, p: { key: string; min: number }) =>
      db.selectFrom("login_throttle").select(["key", "failures"]).where("key", "=", p.key).where("failures", ">=", p.min))

    it("runs a prepared query with each call's own values, in and out of a transaction", async () => {
      await runtime.runPromise(Database.query("rows", (db) =>
        sql`insert into login_throttle (key, failures, window_start) values ('prepared-a', 1, now()), ('prepared-b', 5, now())`.execute(db)))
      expect(await runtime.runPromise(byKey({ key: "prepared-a", min: 0 }))).toEqual([{ key: "prepared-a", failures: 1 }])
      expect(await runtime.runPromise(byKey({ key: "prepared-b", min: 0 }))).toEqual([{ key: "prepared-b", failures: 5 }])
      expect(await runtime.runPromise(byKey({ key: "prepared-a", min: 2 }))).toEqual([])
      const inside = await runtime.runPromise(Database.transactionally(Effect.gen(function*() {
        yield* Database.query("update", (db) => db.updateTable("login_throttle").set({ failures: 9 }).where("key", "=", "prepared-a").execute())
        return yield* byKey({ key: "prepared-a", min: 9 })
      })))
      expect(inside).toEqual([{ key: "prepared-a", failures: 9 }])
    })

    if (store.name === "postgres") {
      it("runs a prepared query as a named statement on PostgreSQL, parsed once per connection", async () => {
        const named = await runtime.runPromise(Database.transactionally(Effect.gen(function*() {
          yield* byKey({ key: "prepared-a", min: 0 })
          yield* byKey({ key: "prepared-b", min: 0 })
          return yield* Database.query("prepared statements", (db) =>
            sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db).then((r) => r.rows))
        })))
        const mine = named.filter((s) => s.name.startsWith("sotay_") && s.statement.includes("login_throttle"))
        expect(mine).toHaveLength(1)
      })
    }

    it("writes rows with COPY where the store has it, any text read back as written, undone by a rollback", async () => {
      const copies = await runtime.runPromise(Database.supportsCopy)
      expect(copies).toBe(store.name === "postgres")
      if (!copies) return
      const awkward = ["tab\there", "line\nbreak", "back\\slash \\N", "\\.", "Ðiện Biên\r\n", "null"]
      const rows = awkward.map((key, i) => [`copy-${i}-${key}`, i, new Date(Date.UTC(2026, 0, 1)).toISOString()])
      expect(await runtime.runPromise(Database.copyRows("login_throttle", ["key", "failures", "window_start"], rows))).toBe(awkward.length)
      const back = await runtime.runPromise(Database.query("read", (db) =>
        db.selectFrom("login_throttle").select(["key", "failures"]).where("key", "like", "copy-%").orderBy("failures").execute()))
      expect(back).toEqual(rows.map(([key, failures]) => ({ key, failures })))
      const undone = await runtime.runPromise(Effect.either(Database.transactionally(Effect.gen(function*() {
        yield* Database.copyRows("login_throttle", ["key", "failures", "window_start"], [["copy-undone", 1, new Date().toISOString()]])
        return yield* Effect.fail("no")
      }))))
      expect(undone._tag).toBe("Left")
      expect(await runtime.runPromise(read("copy-undone"))).toBeUndefined()
    })

    it("sends 20,000 UUIDs as one array, and refuses anything that is not a UUID", async () => {
      const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`)
      const [row] = await runtime.runPromise(Database.query("count", (db) =>
        sql<{ n: number; nulls: number }>`select count(*)::int as n, count(*) filter (where id is null)::int as nulls from unnest(${Database.uuidArray([...ids, null])}) as t(id)`.execute(db).then((r) => r.rows)))
      expect(row).toEqual({ n: 20_001, nulls: 1 })
      expect(() => Database.uuidArray(["1}, {2"])).toThrow(/not a UUID/)
    })
  })
}

describe("an embedded store on disk", () => {
  it("is closed when its layer is released, even if no query ran, and opens again", async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs")
    const { tmpdir } = await import("node:os")
    const { join } = await import("node:path")
    const dataDir = mkdtempSync(join(tmpdir(), "sotay-pglite-"))
    try {
      await Effect.runPromise(Effect.scoped(Layer.build(Database.layerPglite({ dataDir }))))
      // PostgreSQL's lock file is gone: the directory was shut down cleanly
      expect(readdirSync(dataDir)).not.toContain("postmaster.pid")
      const runtime = ManagedRuntime.make(Database.layerPglite({ dataDir }))
      const [row] = await runtime.runPromise(Database.query("ping", (db) => sql<{ one: number }>`select 1 as one`.execute(db).then((r) => r.rows)))
      await runtime.dispose()
      expect(row).toEqual({ one: 1 })
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
