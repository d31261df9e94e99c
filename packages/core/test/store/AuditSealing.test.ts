/**
 * The audit chain off the write path (migration 0005): entries are appended unsealed and chained
 * afterwards by the sealer. A chain written by the old trigger survives the migration; entries
 * committed out of id order are sealed in commit-visible order, once each; racing sealers leave
 * one intact chain.
 */
import { Audit, Database, Migrations } from "@sotay/core"
import { Effect, ManagedRuntime } from "effect"
import { Migrator, sql } from "kysely"
import { afterAll, describe, expect, it } from "vitest"
import { testStores } from "../support/stores.js"

const append = (action: string) => Audit.record({ action, targetType: "test" })

for (const store of testStores) {
  describe(`audit sealing (${store.name})`, () => {
    const runtime = ManagedRuntime.make(store.empty())
    afterAll(() => runtime.dispose())

    it("keeps a chain written before migration 0005 intact, then seals what comes after", async () => {
      await runtime.runPromise(Database.query("migrate to 0004", async (db) => {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...Migrations.migrations }) } })
        const { error } = await migrator.migrateTo("0004_meetings")
        if (error) throw error
      }))
      for (const action of ["test.one", "test.two", "test.three"]) await runtime.runPromise(append(action))
      const old = await runtime.runPromise(Database.query("old chain", (db) =>
        db.selectFrom("audit_log").select(["id", "hash"]).orderBy("id").execute()))
      expect(old.every((r) => /^[0-9a-f]{64}$/.test(r.hash ?? ""))).toBe(true)

      await runtime.runPromise(Migrations.migrateToLatest)
      expect(await runtime.runPromise(Audit.verifyChain)).toEqual({ ok: true, entries: 3, pending: 0, head: old[2]!.hash, firstBroken: null })
      const kept = await runtime.runPromise(Database.query("kept", (db) =>
        db.selectFrom("audit_log").select(["id", "seq", "hash"]).orderBy("id").execute()))
      expect(kept).toEqual(old.map((r, i) => ({ ...r, seq: i + 1 })))

      await runtime.runPromise(append("test.four"))
      await runtime.runPromise(append("test.five"))
      expect(await runtime.runPromise(Audit.verifyChain)).toMatchObject({ ok: true, entries: 3, pending: 2 })
      expect(await runtime.runPromise(Audit.seal())).toBe(2)
      expect(await runtime.runPromise(Audit.seal())).toBe(0)
      const chain = await runtime.runPromise(Audit.verifyChain)
      expect(chain).toMatchObject({ ok: true, entries: 5, pending: 0 })
      expect(chain.head).not.toBe(old[2]!.hash)
    })

    it("seals in batches until nothing is left", async () => {
      for (let i = 0; i < 25; i++) await runtime.runPromise(append(`test.batch.${i}`))
      expect(await runtime.runPromise(Audit.seal(7))).toBe(25)
      expect(await runtime.runPromise(Audit.verifyChain)).toMatchObject({ ok: true, pending: 0 })
    })

    it.skipIf(store.name !== "postgres")("seals an entry whose transaction commits late after the later ones, and stays intact under racing sealers", async () => {
      // Entry A gets the smaller id but commits after entry B and after a seal: the sealer cannot
      // see A yet, seals B, and chains A next time, after B.
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      let inserted!: () => void
      const aInserted = new Promise<void>((resolve) => (inserted = resolve))
      const late = runtime.runPromise(Database.query("late writer", (db) =>
        db.transaction().execute(async (trx) => {
          const row = await trx.insertInto("audit_log").values({ action: "test.late", actor_account_id: null, org_id: null, target_type: null, target_id: null, detail: "{}" })
            .returning("id").executeTakeFirstOrThrow()
          inserted()
          await gate
          return row.id
        })))
      await aInserted
      await runtime.runPromise(append("test.early"))
      await runtime.runPromise(Audit.seal())
      release()
      const lateId = await late
      await runtime.runPromise(Audit.seal())
      const [a, b] = await runtime.runPromise(Database.query("order", (db) =>
        db.selectFrom("audit_log").select(["id", "seq", "action"]).where("action", "in", ["test.late", "test.early"]).orderBy("id").execute()))
      expect(a).toMatchObject({ id: lateId, action: "test.late" })
      expect(b!.action).toBe("test.early")
      expect(Number(a!.seq)).toBeGreaterThan(Number(b!.seq))
      expect(await runtime.runPromise(Audit.verifyChain)).toMatchObject({ ok: true, pending: 0 })

      // 300 writers and 4 sealers at once.
      const writers = Array.from({ length: 300 }, (_, i) => runtime.runPromise(append(`test.crowd.${i}`)))
      const sealers = Array.from({ length: 4 }, () =>
        runtime.runPromise(Effect.repeatN(Effect.zipRight(Audit.seal(), Effect.sleep("5 millis")), 20)))
      await Promise.all([...writers, ...sealers])
      await runtime.runPromise(Audit.seal())
      const chain = await runtime.runPromise(Audit.verifyChain)
      expect(chain).toMatchObject({ ok: true, pending: 0, firstBroken: null })
      const positions = await runtime.runPromise(Database.query("positions", (db) =>
        sql<{ n: number; max: number; distinct: number }>`select count(*)::int as n, max(seq)::int as max, count(distinct seq)::int as distinct from audit_log`.execute(db).then((r) => r.rows[0]!)))
      expect(positions.n).toBe(positions.max)
      expect(positions.distinct).toBe(positions.n)
    })
  })
}
