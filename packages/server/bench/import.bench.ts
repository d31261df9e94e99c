/**
 * Registry import of 100,000 generated members, into PGlite and into PostgreSQL (DATABASE_URL, or
 * postgres://postgres@127.0.0.1:5432/postgres, in a fresh database created and dropped here):
 * rows/second through the real streaming importer (parse, validate, look up, write members and
 * accounts), beside a bare `COPY` of the same rows (the members, then their accounts) into the
 * same tables in one transaction, in the same run, and the peak memory of the import. The ratio
 * to the members' COPY alone is printed too.
 *
 * The import runs in a process of its own (`import-child.ts`, started with `fork`), which holds
 * only the store and the importer and reads the file from disk, so that its peak resident memory
 * (`maxRSS`) is the importer's: this process holds the generated rows and the COPY text for the
 * baseline. The COPY runs here, before the import process starts, so the two never share the CPUs.
 *
 * The import process runs as plain JavaScript bundled by esbuild, as the `sotay` command runs.
 *
 * `npm run bench -- import` (BENCH_ROWS to change the row count, BENCH_PG_ONLY=1 to skip PGlite,
 * BENCH_IMPORT_NODE_FLAGS for Node options of the import process alone, BENCH_IMPORT_TSX=1 to run
 * it under the tsx loader instead, as `SOTAY_TSX=1 sotay import` does).
 */
import { PGlite } from "@electric-sql/pglite"
import { Database, VietnameseText } from "@sotay/core"
import { Effect, Layer } from "effect"
import { fork } from "node:child_process"
import { Kysely, sql } from "kysely"
import { PGliteDialect } from "kysely-pglite-dialect"
import { randomBytes, randomUUID } from "node:crypto"
import { createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { pipeline } from "node:stream/promises"
import { Readable } from "node:stream"
import pg from "pg"
import { from as copyFrom } from "pg-copy-streams"
import { CELLS, cellCode, type ImportJob, type ImportMeasure, pad, setup } from "./import-store.js"
import type { BenchResult } from "./run.js"
import { bundle } from "../bin/bundle.js"

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)

export const name = `registry import (${ROWS.toLocaleString("en")} generated members)`

const HEADER = "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Chi bộ,Số CCCD,Số điện thoại,Trạng thái,Tài khoản ứng dụng"
const FAMILY = ["Lò", "Quàng", "Giàng", "Vàng", "Sùng", "Mùa", "Thào", "Lý", "Điêu", "Tòng", "Nguyễn", "Trần", "Hờ", "Cứ", "Lầu"]
const MIDDLE = ["Văn", "Thị", "A", "Seo", "Chứ", "Minh", "Thanh", "Đức"]
const GIVEN = ["Dũng", "Hương", "Páo", "Sính", "Tủa", "Lan", "Mai", "Sử", "Chi", "Đạt", "Nhàn", "Phìn", "Sang", "Tùng", "Vư"]
const ETHNIC = ["Mông", "Thái", "Khơ Mú", "Kinh", "Dao"]

interface Generated {
  readonly csvFile: string
  /**
   * The rows the import writes, as COPY text: a member per line of the file and the member's
   * account (active for the half marked activated), given the ids of the cells (per store).
   */
  readonly copyRows: (cellIds: ReadonlyArray<string>, provinceId: string) => { readonly members: string; readonly accounts: string }
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
          [i + j + 1, p.name, p.born, p.gender, p.ethnicity, p.admitted, p.official, p.card, cellCode(p.cell), `Chi bộ ${p.cell}`, p.citizenId, p.phone, "Chính thức", i % 2 ? "Đã kích hoạt" : "Chưa kích hoạt"].join(",")
        ).join("\r\n") + "\r\n"
      }
    })()),
    out
  )
  const iso = (d: string) => `${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)}`
  const copyRows = (cellIds: ReadonlyArray<string>, provinceId: string) => {
    const ids = people.map(() => randomUUID())
    const activatedAt = new Date().toISOString()
    return {
      members: people.map((p, i) =>
        [ids[i], cellIds[p.cell], provinceId, p.name, VietnameseText.fold(p.name), VietnameseText.nameSortKey(p.name), iso(p.born), p.gender === "Nam" ? "male" : "female", p.ethnicity, iso(p.admitted), iso(p.official), p.card, p.citizenId, p.phone ? `+84${p.phone.slice(1)}` : "\\N", "official"].join("\t")
      ).join("\n") + "\n",
      accounts: people.map((_, i) =>
        [randomUUID(), ids[i], provinceId, "\\N", i % 2 ? "active" : "provisioned", "\\N", i % 2 ? activatedAt : "\\N"].join("\t")
      ).join("\n") + "\n"
    }
  }
  return { csvFile, copyRows }
}

const COPY_COLUMNS = "id, org_id, province_id, full_name, name_folded, sort_key, date_of_birth, gender, ethnicity, admission_date, official_date, party_card_number, citizen_id, phone, status"
const ACCOUNT_COLUMNS = "id, member_id, province_id, username, status, password_hash, activated_at"

type Store = Layer.Layer<Database.Database>

const IMPORT_PROCESS = fileURLToPath(new URL("./import-child.ts", import.meta.url))
const MB = 2 ** 20
/** The memory target for the import process, in MB. */
const PEAK_TARGET_MB = 300

const setupStore = (store: Store) => Effect.runPromise(setup.pipe(Effect.provide(store)))

const reset = (store: Store) =>
  Effect.runPromise(Database.query("reset", (db) => sql`truncate accounts, members cascade`.execute(db)).pipe(Effect.provide(store)))

/**
 * Node options for the import process only, beyond this process's own (e.g.
 * `BENCH_IMPORT_NODE_FLAGS=--max-old-space-size=192`): the figures are the default's otherwise.
 */
const IMPORT_FLAGS = (process.env.BENCH_IMPORT_NODE_FLAGS ?? "").split(" ").filter((f) => f.length > 0)

/**
 * The import process as plain JavaScript, as the `sotay` command runs: the TypeScript of the
 * import process and of the workspace packages bundled by esbuild (`bin/bundle.js`, the bundler
 * of the `sotay` command; the third-party packages stay imports, resolved from node_modules), so
 * that the process carries no TypeScript loader. Under tsx (`BENCH_IMPORT_TSX=1`) the loader's
 * own thread and caches add about 95 MB before the first row.
 */
const bundledImportProcess = (): Promise<string> => bundle(IMPORT_PROCESS, "bench-import-child")

const TSX = process.env.BENCH_IMPORT_TSX === "1"

/**
 * Runs the import in a process of its own (bundled, see {@link bundledImportProcess}, or under
 * this process's tsx loader with BENCH_IMPORT_TSX=1; plus IMPORT_FLAGS) and returns what it
 * measured, with the rate.
 */
let importProgram: Promise<string> | undefined
const timeImport = async (job: ImportJob) => {
  importProgram ??= TSX ? Promise.resolve(IMPORT_PROCESS) : bundledImportProcess()
  const program = await importProgram
  return new Promise<ImportMeasure & { rate: number }>((resolve, reject) => {
    const child = fork(program, [JSON.stringify(job)], { execArgv: TSX ? [...process.execArgv, ...IMPORT_FLAGS] : IMPORT_FLAGS, stdio: "inherit" })
    let measure: ImportMeasure | undefined
    child.on("message", (m) => (measure = m as ImportMeasure))
    child.on("error", reject)
    child.on("exit", (code) =>
      measure && code === 0
        ? resolve({ ...measure, rate: job.rows / measure.seconds })
        : reject(new Error(`the import process exited with code ${code}${measure ? "" : " and no measure"}`)))
  })
}

/**
 * The figures of one store. `ratioTarget`: the import within that many times the COPY time;
 * `peakTarget`: the import process's peak RSS judged against the 300 MB; `wasmNote`: the
 * store's memory (PGlite's WASM heap) is part of the process and of its array buffers.
 */
/** The baseline: rows (file lines) per second of the COPY of members and accounts, and of the members' COPY alone. */
interface CopyRates {
  readonly rate: number
  readonly membersRate: number
}

const results = (engine: string, copy: CopyRates, imp: Awaited<ReturnType<typeof timeImport>>, options: { ratioTarget?: number; peakTarget?: boolean; wasmNote?: boolean }): Array<BenchResult> => {
  const peakMb = imp.peakRss / MB
  const note = (options.wasmNote ? ", the embedded database's WASM heap included" : "") + (IMPORT_FLAGS.length > 0 ? `, ${IMPORT_FLAGS.join(" ")}` : "")
  return [
    {
      label: `${engine}: import`,
      value: imp.rate,
      unit: "rows/s",
      baseline: { label: "COPY of the same members and accounts", value: copy.rate },
      ...(options.ratioTarget ? { target: `within ${options.ratioTarget}× of COPY's time`, met: copy.rate / imp.rate <= options.ratioTarget } : {})
    },
    {
      label: `${engine}: import time / COPY time`,
      value: copy.rate / imp.rate,
      unit: "×",
      ...(options.ratioTarget ? { target: `≤ ${options.ratioTarget}×`, met: copy.rate / imp.rate <= options.ratioTarget } : {})
    },
    { label: `${engine}: import time / time of the members' COPY alone (no accounts)`, value: copy.membersRate / imp.rate, unit: "×" },
    { label: `${engine}: import time`, value: imp.seconds, unit: "s" },
    {
      label: `${engine}: import process peak RSS (maxRSS${note})`,
      value: peakMb,
      unit: "MB",
      ...(options.peakTarget ? { target: `< ${PEAK_TARGET_MB} MB`, met: peakMb < PEAK_TARGET_MB } : {})
    },
    { label: `${engine}: import process RSS before the import (Node, ${TSX ? "tsx, " : "bundled "}code, open store${note})`, value: imp.rssBefore / MB, unit: "MB" },
    { label: `${engine}: import process JS heap + array buffers${note}, peak (before the import: ${(imp.heapBefore / MB).toFixed(1)} MB)`, value: imp.peakHeap / MB, unit: "MB" }
  ]
}

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
    const { communeId, provinceId, cellIds } = await setupStore(store)
    // The bare COPY of the same rows into the same tables (indexes, constraints and triggers
    // included), in one transaction as the import: the members, then their accounts.
    const text = gen.copyRows(cellIds, provinceId)
    const client = await pool.connect()
    const started = performance.now()
    await client.query("begin")
    await pipeline(Readable.from([text.members]), client.query(copyFrom(`copy members (${COPY_COLUMNS}) from stdin`)))
    const membersDone = performance.now()
    await pipeline(Readable.from([text.accounts]), client.query(copyFrom(`copy accounts (${ACCOUNT_COLUMNS}) from stdin`)))
    await client.query("commit")
    const copy = { rate: ROWS / ((performance.now() - started) / 1000), membersRate: ROWS / ((membersDone - started) / 1000) }
    client.release()
    await reset(store)
    await pool.end()
    // The import, into the same (emptied) table, from its own process.
    const imp = await timeImport({ store: "postgres", url: target.toString(), communeId, csvFile: gen.csvFile, rows: ROWS })
    return results("PostgreSQL", copy, imp, { ratioTarget: 3, peakTarget: true })
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`)
    await admin.end()
  }
}

/**
 * PGlite is in memory, so the two sides cannot share one database: the COPY runs here into a
 * fresh PGlite, which is closed before the import process builds its own, the same way.
 */
const benchPglite = async (gen: Generated): Promise<Array<BenchResult>> => {
  const pglite = new PGlite({ parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) } })
  await pglite.waitReady
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) })
  const store = Layer.succeed(Database.Database, db) as Store
  let copy: CopyRates
  try {
    const { provinceId, cellIds } = await setupStore(store)
    const text = gen.copyRows(cellIds, provinceId)
    const started = performance.now()
    await pglite.query("begin")
    await pglite.query(`copy members (${COPY_COLUMNS}) from '/dev/blob'`, [], { blob: new Blob([text.members]) })
    const membersDone = performance.now()
    await pglite.query(`copy accounts (${ACCOUNT_COLUMNS}) from '/dev/blob'`, [], { blob: new Blob([text.accounts]) })
    await pglite.query("commit")
    copy = { rate: ROWS / ((performance.now() - started) / 1000), membersRate: ROWS / ((membersDone - started) / 1000) }
  } finally {
    await db.destroy()
  }
  const imp = await timeImport({ store: "pglite", csvFile: gen.csvFile, rows: ROWS })
  return results("PGlite", copy, imp, { wasmNote: true })
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
