/**
 * `sotay audit verify` on the demo: passes on a freshly seeded store and fails once one audit row
 * is edited in the database.
 */
import { Database } from "@sotay/core"
import { Effect, Layer } from "effect"
import { sql } from "kysely"
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const serverDir = fileURLToPath(new URL("..", import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), "sotay-audit-"))
/** Runs the CLI without blocking this worker's event loop (vitest talks to it meanwhile). */
const sotay = (...args: Array<string>) => sotayWith({}, ...args)
const sotayWith = (extra: Record<string, string>, ...args: Array<string>) => {
  const { DATABASE_URL: _ignored, ...env } = process.env
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ["bin/sotay.js", ...args], {
      cwd: serverDir,
      env: { ...env, SOTAY_DATA_DIR: dataDir, SOTAY_DEMO_PASSWORD: "cli-audit-password", ...extra },
      encoding: "utf8",
      timeout: 240_000
    }, (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }))
  })
}

describe("the sotay command", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it("passes on the demo and fails after one audit row is edited", async () => {
    const seeded = await sotay("seed", "--demo")
    expect(seeded.status, seeded.stderr).toBe(0)
    const intact = await sotay("audit", "verify")
    expect(intact.status, intact.stderr).toBe(0)
    expect(intact.stdout).toMatch(/audit log intact: \d+ entries, head [0-9a-f]{64}/)

    await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(Database.layerPglite({ dataDir }))
      yield* Effect.provide(Database.query("tamper", async (db) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db)
        await sql`update audit_log set action = 'members.import.quiet' where id = (select min(id) from audit_log)`.execute(db)
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db)
      }), context)
    })))

    const broken = await sotay("audit", "verify")
    expect(broken.status, broken.stdout + broken.stderr).toBe(1)
    expect(broken.stderr).toMatch(/audit log BROKEN at entry \d+: its content does not match its hash/)
  }, 600_000)

  it("sotay import exits 1 on a file with errors, naming row and column, and writes nothing", async () => {
    const file = join(dataDir, "bad.csv")
    writeFileSync(file, "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Mã chi bộ,Số CCCD,Trạng thái\nLò Văn A,31/02/1990,Nam,01/01/2015,SPP-CB-BAN01,011090000001,Dự bị\n")
    const result = await sotay("import", file, "--org", "DU-SPP")
    expect(result.status, result.stdout + result.stderr).toBe(1)
    expect(result.stderr).toContain("row 2, Ngày sinh")
    expect(result.stdout).toMatch(/0 created.*1 errors \(nothing written\)/)
  }, 600_000)

  it("refuses wrong arguments with a message and exit 1, before opening the store, which stays usable", async () => {
    const notAWorkbook = join(dataDir, "renamed.xlsx")
    writeFileSync(notAWorkbook, "a,b\n1,2\n")
    const cases: Array<[Array<string>, RegExp]> = [
      [["import"], /give the file first/],
      [["import", "--org", "DU-SPP"], /give the file first/],
      [["import", join(dataDir, "bad.csv")], /--org <code>/],
      [["import", join(dataDir, "missing.csv"), "--org", "DU-SPP"], /no such file/],
      [["import", notAWorkbook, "--org", "NOPE"], /no organization has the code NOPE/],
      [["import", notAWorkbook, "--org", "DU-SPP", "--dry-run"], /not a readable Excel workbook/],
      [["seed"], /only --demo/],
      [["audit"], /only verify/],
      [["bogus"], /unknown command "bogus"/]
    ]
    for (const [args, message] of cases) {
      const result = await sotay(...args)
      expect(result.status, `${args.join(" ")}: ${result.stdout}${result.stderr}`).toBe(1)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).not.toMatch(/Error|at /)
    }
    // serve's environment, checked before the store opens
    const environments: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: "abc" }, /PORT must be a port number/],
      [{ PORT: "70000" }, /PORT must be a port number/],
      [{ SOTAY_SHUTDOWN_GRACE_SECONDS: "-1" }, /SOTAY_SHUTDOWN_GRACE_SECONDS must be a number of seconds/],
      [{ SOTAY_SHUTDOWN_GRACE_SECONDS: "soon" }, /SOTAY_SHUTDOWN_GRACE_SECONDS must be a number of seconds/]
    ]
    for (const [extra, message] of environments) {
      const result = await sotayWith(extra, "serve")
      expect(result.status, `${JSON.stringify(extra)}: ${result.stdout}${result.stderr}`).toBe(1)
      expect(result.stderr).toMatch(message)
      expect(result.stdout).not.toMatch(/Listening|Error|at /)
    }
    // the same mistakes again: no run left the store so that the next one hangs
    expect((await sotay("seed")).status).toBe(1)
    expect((await sotay("migrate")).status).toBe(0)
  }, 600_000)
})
