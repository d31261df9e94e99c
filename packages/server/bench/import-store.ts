/**
 * What the import benchmark's two processes share: the organizations the generated file refers
 * to (a province, a commune and CELLS cells coded `BENCH-CB-000`…), created on a migrated store,
 * and the message the import process sends back.
 */
import { Database, Migrations, Organizations } from "@sotay/core"
import { Effect } from "effect"

/** Cells of the generated file; member i is in cell i % CELLS. */
export const CELLS = 200

export const pad = (n: number, w = 2) => String(n).padStart(w, "0")

/** The code of cell `i` in the generated file. */
export const cellCode = (i: number) => `BENCH-CB-${pad(i, 3)}`

/** Migrates the store and creates the province, the commune and the cells. */
export const setup = Effect.gen(function*() {
  yield* Migrations.migrateToLatest
  yield* Organizations.createMany([
    { code: "BENCH-TINH", name: "Đảng bộ tỉnh thử", type: "PROVINCIAL_COMMITTEE", parentCode: null, committeeAbbr: "TU" },
    { code: "BENCH-XA", name: "Đảng bộ xã thử", type: "COMMUNE_COMMITTEE", parentCode: "BENCH-TINH", committeeAbbr: "ĐU" },
    ...Array.from({ length: CELLS }, (_, i) => ({ code: cellCode(i), name: `Chi bộ ${i}`, type: "GRASSROOTS_CELL" as const, parentCode: "BENCH-XA", committeeAbbr: null }))
  ])
  const rows = yield* Database.query("bench orgs", (db) => db.selectFrom("organizations").select(["id", "code", "province_id"]).where("code", "like", "BENCH-%").orderBy("code").execute())
  const commune = rows.find((r) => r.code === "BENCH-XA")!
  return { communeId: commune.id, provinceId: commune.province_id!, cellIds: rows.filter((r) => r.code.startsWith("BENCH-CB-")).map((r) => r.id) }
})

/** What the import process is told: the file, the row count, and the store to import into. */
export type ImportJob = {
  readonly csvFile: string
  readonly rows: number
} & (
  /** A database already migrated and holding the organizations, and the commune to import into. */
  | { readonly store: "postgres"; readonly url: string; readonly communeId: string }
  /** A fresh in-memory PGlite, migrated and given the organizations by the import process itself. */
  | { readonly store: "pglite" }
)

/** What the import process reports back (sizes in bytes). */
export interface ImportMeasure {
  /** Time of `MemberImport.importStream`, from the first byte read to the commit. */
  readonly seconds: number
  /** `process.resourceUsage().maxRSS` at the end: the process's peak resident memory, store opening included. */
  readonly peakRss: number
  /** Resident memory just before the import started (Node, the loaded code, the opened store). */
  readonly rssBefore: number
  /** Peak of JS heap used + array buffers during the import, sampled every 25 ms. */
  readonly peakHeap: number
  /** JS heap used + array buffers just before the import started. */
  readonly heapBefore: number
}
