/**
 * `sotay serve` gives identical API output whatever the server's time zone: three real server
 * processes (TZ=UTC, Asia/Ho_Chi_Minh, America/New_York), each on a loopback port with a fresh
 * data directory, run the same script of calls; the answers, ids and creation times aside, are
 * the same, and name Vietnam's dates and times. Bounded: each server is stopped after its script
 * or after 300 s.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const serverDir = fileURLToPath(new URL("..", import.meta.url))
const PASSWORD = "tz-test-password"
const year = new Date().getUTCFullYear() + 1

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
    s.on("error", reject)
  })

const start = async (tz: string) => {
  const dataDir = mkdtempSync(join(tmpdir(), "sotay-tz-"))
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: tz, PORT: String(port), HOST: "127.0.0.1", SOTAY_DATA_DIR: dataDir, SOTAY_DEMO_PASSWORD: PASSWORD }
  delete env.DATABASE_URL
  delete env.SOTAY_NOTIFIER_WEBHOOK_URL
  const child: ChildProcess = spawn(process.execPath, ["bin/sotay.js", "serve"], {
    cwd: serverDir,
    env,
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  child.stderr!.on("data", (chunk) => { stderr = (stderr + String(chunk)).slice(-4000) })
  const killer = setTimeout(() => child.kill("SIGKILL"), 300_000)
  const stop = async () => {
    clearTimeout(killer)
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve))
      child.kill("SIGTERM")
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      if (child.exitCode === null) child.kill("SIGKILL")
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false)
    if (ok) return { base, stop }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  await stop()
  throw new Error(`sotay serve (TZ=${tz}) did not become ready: ${stderr}`)
}

/** The same calls against one server; returns what they answered. */
const script = async (base: string) => {
  const call = async (token: string | null, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    const text = await r.text()
    return { status: r.status, body: r.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text }
  }
  const token = (await call(null, "POST", "/v1/auth/login", { login: "spp.ban01.bithu", password: PASSWORD })).body.token as string
  const me = await call(token, "GET", "/v1/me")
  const cell = me.body.roles[0].orgId as string
  const roster = await call(token, "GET", `/v1/orgs/${cell}/members?limit=3`)
  const member = await call(token, "GET", `/v1/members/${roster.body.items[0].id}`)
  const midnight = await call(token, "POST", `/v1/orgs/${cell}/meetings`, { kind: "regular_monthly", startsAt: `${year}-01-01T00:30`, place: "Nhà văn hóa", topic: "Đầu năm" })
  const evening = await call(token, "POST", `/v1/orgs/${cell}/meetings`, { kind: "thematic", startsAt: `${year}-03-31T23:45:00+07:00`, place: "Nhà văn hóa", topic: "Chuyên đề quý I" })
  const western = await call(token, "POST", `/v1/orgs/${cell}/meetings`, { kind: "extraordinary", startsAt: `${year}-06-30T12:30:00-05:00`, place: "Nhà văn hóa", topic: "Bất thường" })
  const series = await call(token, "POST", `/v1/orgs/${cell}/meeting-series`, { kind: "regular_monthly", startsAt: `${year}-01-31T19:30`, place: "Nhà văn hóa", topic: "Thường kỳ", months: 4 })
  const impossible = await call(token, "POST", `/v1/orgs/${cell}/meetings`, { kind: "regular_monthly", startsAt: "2025-02-30T19:30", place: "x", topic: "x" })
  const day = await call(token, "GET", `/v1/orgs/${cell}/meetings?from=${year}-01-01&to=${year}-01-01`)
  const dayBefore = await call(token, "GET", `/v1/orgs/${cell}/meetings?from=${year - 1}-12-31&to=${year - 1}-12-31`)
  const q1 = await call(token, "GET", `/v1/orgs/${cell}/meetings?from=${year}-01-01&to=${year}-03-31&limit=50`)
  const ics = await call(token, "GET", `/v1/meetings/${midnight.body.id}/invitation.ics`)
  const cadence = await call(token, "GET", `/v1/orgs/${cell}/reports/cadence?from=${year}-01-01&to=${year}-03-31`)
  return { me, member, midnight, evening, western, series, impossible, day, dayBefore, q1, ics, cadence }
}

/** Replaces what differs by nature between servers: ids, creation times, the calendar stamp. */
const normalize = (value: unknown) => {
  const ids = new Map<string, string>()
  const text = JSON.stringify(value)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`)
      return ids.get(id)!
    })
    .replace(/"(createdAt|updatedAt)":"[^"]+"/g, "\"$1\":\"…\"")
    .replace(/(DTSTAMP|LAST-MODIFIED):\d{8}T\d{6}Z/g, "$1:…").replace(/SEQUENCE:\d+/g, "SEQUENCE:…")
  return JSON.parse(text)
}

describe("sotay serve under three time zones", () => {
  it("answers identically under TZ=UTC, Asia/Ho_Chi_Minh and America/New_York", async () => {
    const results: Record<string, any> = {}
    for (const tz of ["UTC", "Asia/Ho_Chi_Minh", "America/New_York"]) {
      const server = await start(tz)
      try {
        results[tz] = await script(server.base)
      } finally {
        await server.stop()
      }
    }
    const utc = results["UTC"]
    // what Vietnam sees, whatever the zone
    expect(utc.midnight.body).toMatchObject({ startsAt: `${year}-01-01T00:30:00+07:00`, localDate: `${year}-01-01`, localTime: "00:30" })
    expect(utc.midnight.body.createdAt).toMatch(/\+07:00$/)
    expect(utc.evening.body).toMatchObject({ startsAt: `${year}-03-31T23:45:00+07:00`, localDate: `${year}-03-31` })
    expect(utc.western.body).toMatchObject({ startsAt: `${year}-07-01T00:30:00+07:00`, localDate: `${year}-07-01` })
    expect(utc.series.body.items.map((m: any) => m.startsAt)).toEqual([
      `${year}-01-31T19:30:00+07:00`, `${year}-02-${year % 4 === 0 ? 29 : 28}T19:30:00+07:00`, `${year}-03-31T19:30:00+07:00`, `${year}-04-30T19:30:00+07:00`
    ])
    expect(utc.impossible.status).toBe(400)
    expect(utc.day.body.items.map((m: any) => m.localDate)).toEqual([`${year}-01-01`])
    expect(utc.dayBefore.body.items).toEqual([])
    expect(utc.q1.body.items).toHaveLength(5)
    expect(utc.ics.body).toContain(`DTSTART;TZID=Asia/Ho_Chi_Minh:${year}0101T003000`)
    expect(utc.member.body.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // and the three servers agree on every answer
    expect(normalize(results["Asia/Ho_Chi_Minh"])).toEqual(normalize(utc))
    expect(normalize(results["America/New_York"])).toEqual(normalize(utc))
  }, 900_000)
})
