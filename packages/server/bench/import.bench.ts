/**
 * Registry import of 100,000 generated members, into PGlite and into PostgreSQL (DATABASE_URL, or
 * postgres://postgres@127.0.0.1:5432/postgres, in a fresh database created and dropped here):
 * rows/second through the real streaming importer (parse, validate, look up, write members and
 * accounts), beside a bare `COPY` of the same member rows into the same table in the same run, and
 * the peak memory of the import.
 *
 * `npm run bench -- import` (BENCH_ROWS to change the row count).
 */
import { PGlite } from "@electric-sql/pglite"
import { CurrentActor, Database, MemberImport, Migrations, Organizations, VietnameseText } from "@sotay/core"
import { Effect, Layer, Stream } from "effect"
import { Kysely, sql } from "kysely"
import { PGliteDialect } from "kysely-pglite-dialect"
import { randomBytes, randomUUID } from "node:crypto"
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pipeline } from "node:stream/promises"
import { Readable } from "node:stream"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import type { BenchResult } from "./run.js"

export const name = "registry import (100,000 generated members)"

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const CELLS = 200
const HEADER = "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Chi bộ,Số CCCD,Số điện thoại,Trạng thái,Tài khoản ứng dụng"
const FAMILY = ["Lò", "Quàng", "Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lý", "Điêu", "Tòng", "Nguyễn", "Trần", "Hờ", "Cứ", "Lầu"]
const MIDDLE = ["Văn", "Thị", "A", "Seo", "Chứ", "Minh", "Thanh", "Đức"]
const GIVEN = ["Dũng", "Hương", "Páo", "Sính", "Tủa", "Lan", "Mai", "Sử", "Chi", "Đạt", "Nhàn", "Phìn", "Sang", "Tùng", "Vư"]
const ETHNIC = ["Mông", "Thái", "Khơ Mú", "Kinh", "Dao"]

const pad = (n: number, w = 2) => String(n).padStart(w, "0")

interface Generated {
  readonly csvFile: string
  /** The member rows as COPY text, minus the ids of the cells (filled per store). */
  readonly copyRows: (cellIds: ReadonlyArray<string>, provinceId: string) => string
}

/** Writes the generated registry file to disk (streamed) and keeps what COPY needs. */
const generate = async (dir: string): Promise<Generated> => {
  const csvFile = join(dir, "members.csv")
  const people: Array<{ name: string; born: string; admitted: string; official: string; card: string; cell: number; citizenId: string; phone: string; gender: string; ethnicity: string }> = []
  for (let i = 0; i < ROWS; i++) {
    const year = 1950 + (i % 50)
    const person = {
      name: `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 3) % MIDDLE.length]} ${GIVEN[(i >> 5) % GIVEN.length]}`,
      born: `${pad(1 + (i % 28))}/${pad(1 + (i % 12))}/${year}`,
      admitted: `${pad(1 + (i % 28))}/${pad(1 + ((i >> 2) % 12))}/${year + 25}`,
      official: `${pad(1 + (i % 28))}/${pad(1 + ((i >> 2) % 12))}/${year + 26}`,
      card: String(70_000_000 + i),
      cell: i % CELLS,
      citizenId: `0${String(10_000_000_000 + i).slice(-11)}`,
      phone: i % 3 === 0 ? "" : `09${String(10_000_000 + i).slice(-8)}`,
      gender: i % 2 === 0 ? "Nam" : "Nữ",
      ethnicity: ETHNIC[i % ETHNIC.length]!
    }
    people.push(person)
  }
  const out = createWriteStream(csvFile)
  await pipeline(
    Readable.from((function*() {
      yield `\ufeff${HEADER}\r\n`
      for (let i = 0; i < people.length; i += 1000) {
        yield people.slice(i, i + 1000).map((p, j) =>
          [i + j + 1, p.name, p.born, p.gender, p.ethnicity, p.admitted, p.official, p.card, `BENCH-CB-${pad(p.cell, 3)}`, `Chi bộ ${p.cell}`, p.citizenId, p.phone, "Chính thức", i % 2 ? "Đã kích hoạt" : "Chưa kích hoạt"].join(",")
        ).join("\r\n") + "\r\n"
      }
    })()),
    out
  )
  const iso = (d: string) => `${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)}`
  const copyRows = (cellIds: ReadonlyArray<string>, provinceId: string) =>
    people.map((p) =>
      [randomUUID(), cellIds[p.cell], provinceId, p.name, VietnameseText.fold(p.name), VietnameseText.nameSortKey(p.name), iso(p.born), p.gender === "Nam" ? "male" : "female", p.ethnicity, iso(p.admitted), iso(p.official), p.card, p.citizenId, p.phone ? `+84${p.phone.slice(1)}` : "\\N", "official"].join("\t")
    ).join("\n") + "\n"
  return { csvFile, copyRows }
}

const COPY_COLUMNS = "id, org_id, province_id, full_name, name_folded, sort_key, date_of_birth, gender, ethnicity, admission_date, official_date, party_card_number, citizen_id, phone, status"

type Store = Layer.Layer<Database.Database>

const setup = (store: Store) =>
  Effect.runPromise(Effect.gen(function*() {
    yield* Migrations.migrateToLatest
    yield* Organizations.createMany([
      { code: "BENCH-TINH", name: "Đảng bộ tỉnh thử", type: "PROVINCIAL_COMMITTEE", parentCode: null, committeeAbbr: "TU" },
      { code: "BENCH-XA", name: "Đảng bộ xã thử", type: "COMMUNE_COMMITTEE", parentCode: "BENCH-TINH", committeeAbbr: "ĐU" },
      ...Array.from({ length: CELLS }, (_, i) => ({ code: `BENCH-CB-${pad(i, 3)}`, name: `Chi bộ ${i}`, type: "GRASSROOTS_CELL" as const, parentCode: "BENCH-XA", committeeAbbr: null }))
    ])
    const rows = yield* Database.query("bench orgs", (db) => db.selectFrom("organizations").select(["id", "code", "province_id"]).where("code", "like", "BENCH-%").orderBy("code").execute())
    const commune = rows.find((r) => r.code === "BENCH-XA")!
    return { communeId: commune.id, provinceId: commune.province_id!, cellIds: rows.filter((r) => r.code.startsWith("BENCH-CB-")).map((r) => r.id) }
  }).pipe(Effect.provide(store)))

const reset = (store: Store) =>
  Effect.runPromise(Database.query("reset", (db) => sql`truncate accounts, members cascade`.execute(db)).pipe(Effect.provide(store)))

/** Runs the importer over the file, sampling memory; returns rows/s and peak memory growth. */
const timeImport = async (store: Store, communeId: string, csvFile: string) => {
  global.gc?.()
  const base = process.memoryUsage()
  let peakRss = base.rss
  let peakHeap = base.heapUsed + base.arrayBuffers
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peakRss = Math.max(peakRss, m.rss)
    peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers)
  }, 25)
  const started = performance.now()
  const report = await Effect.runPromise(MemberImport.importStream(
    communeId,
    Stream.fromAsyncIterable(createReadStream(csvFile, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>, (e) => e as Error),
    { dryRun: false }
  ).pipe(Effect.provideService(CurrentActor.CurrentActor, CurrentActor.systemActor), Effect.provide(store)))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  if (!report.committed || report.created !== ROWS) throw new Error(`import did not create ${ROWS} rows: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`)
  return { rate: ROWS / seconds, seconds, rssMb: (peakRss - base.rss) / 2 ** 20, heapMb: (peakHeap - base.heapUsed - base.arrayBuffers) / 2 ** 20, peakRssMb: peakRss / 2 ** 20 }
}

const results = (engine: string, copyRate: number, imp: Awaited<ReturnType<typeof timeImport>>, target?: string): Array<BenchResult> => [
  { label: `${engine}: import`, value: imp.rate, unit: "rows/s", baseline: { label: "COPY", value: copyRate }, ...(target ? { target } : {}) },
  { label: `${engine}: import time`, value: imp.seconds, unit: "s" },
  { label: `${engine}: JS heap growth during import`, value: imp.heapMb, unit: "MB", target: "< 300 MB" },
  { label: `${engine}: RSS growth during import (process peak ${imp.peakRssMb.toFixed(0)} MB)`, value: imp.rssMb, unit: "MB", target: "< 300 MB" }
]

const benchPostgres = async (gen: Generated): Promise<Array<BenchResult>> => {
  const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
  const dbName = `sotay_bench_${randomBytes(4).toString("hex")}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${dbName}`)
  const target = new URL(url)
  target.pathname = `/${dbName}`
  try {
    const pool = new pg.Pool({ connectionString: target.toString(), max: 4, types: Database.pgTypes as never })
    pool.on("error", () => undefined)
    const store = Database.layerPg({ pool }) as unknown as Store
    const { communeId, provinceId, cellIds } = await setup(store)
    // The bare COPY of the same member rows into the same table (indexes and constraints included).
    const text = gen.copyRows(cellIds, provinceId)
    const client = await pool.connect()
    const started = performance.now()
    await pipeline(Readable.from([text]), client.query(copyFrom(`copy members (${COPY_COLUMNS}) from stdin`)))
    const copyRate = ROWS / ((performance.now() - started) / 1000)
    client.release()
    await reset(store)
    const imp = await timeImport(store, communeId, gen.csvFile)
    await pool.end()
    return results("PostgreSQL", copyRate, imp, "within 3× of COPY")
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`)
    await admin.end()
  }
}

const benchPglite = async (gen: Generated): Promise<Array<BenchResult>> => {
  const pglite = new PGlite({ parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) } })
  await pglite.waitReady
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
  const store = Layer.succeed(Database.Database, db) as Store
  try {
    const { communeId, provinceId, cellIds } = await setup(store)
    const text = gen.copyRows(cellIds, provinceId)
    const started = performance.now()
    await pglite.query(`copy members (${COPY_COLUMNS}) from '/dev/blob'`, [], { blob: new Blob([text]) })
    const copyRate = ROWS / ((performance.now() - started) / 1000)
    await reset(store)
    const imp = await timeImport(store, communeId, gen.csvFile)
    return results("PGlite", copyRate, imp)
  } finally {
    await db.destroy()
  }
}

export const run = async (): Promise<ReadonlyArray<BenchResult>> => {
  const dir = mkdtempSync(join(tmpdir(), "sotay-bench-"))
  try {
    const gen = await generate(dir)
    const out: Array<BenchResult> = []
    out.push(...await benchPostgres(gen).catch((e) => {
      console.log(`PostgreSQL skipped: ${e instanceof Error ? e.message : e}`)
      return []
    }))
    if (!process.env.BENCH_PG_ONLY) out.push(...await benchPglite(gen))
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
