/**
 * `Database.afterCommit`: what waits for a transaction runs once it has committed, outside it,
 * and never when it rolls back; outside a transaction it runs at once.
 */
import { Database } from "@sotay/core"
import { Effect, ManagedRuntime } from "effect"
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
  })
}
