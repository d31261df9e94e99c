/**
 * Check-in throughput and p99 latency at 100 concurrent clients, against PostgreSQL, over a
 * loopback HTTP server: the reference server (Effect HttpApi) beside a bare `node:http` + `pg`
 * handler running the same SQL as the same named statements (authenticate the session with its
 * roles, the meeting with the member's invitation, the conditional update with its audit row in
 * one statement), in the same run, on the same database. Beside them, the floor: a handler
 * answering a constant without the database, the most this machine, its loopback network and
 * the clients allow.
 *
 * Two loads, each with 100 clients (connections):
 * - **closed loop** (saturation): each client sends its next check-in as soon as the last one is
 *   answered. This gives the throughput; its latency is only the queue (mean = clients /
 *   throughput, Little's law), printed for what it is.
 * - **open loop** at a fixed rate, the same for both servers: check-ins arrive on schedule
 *   whether or not earlier ones were answered (members arriving at meetings), each sent on a
 *   free client, and its latency counted from when it was due (no coordinated omission). The
 *   rate is half the bare handler's closed-loop throughput in this run: the load the throughput
 *   target says the reference server must carry. The p99 target is judged here.
 *
 * PostgreSQL: `DATABASE_URL` (a server whose user may create databases), else
 * postgres://postgres@127.0.0.1:5432/postgres. A fresh database is created and dropped.
 * Bounded: REQUESTS check-ins per side (each a member's first), in ROUNDS alternating rounds,
 * 60 s at most per round; the clients run in a worker thread.
 */
import { CheckIn, Database, Migrations, Notifier } from "@sotay/core"
import { Effect, Exit, Fiber, Layer, Logger, LogLevel, Scope } from "effect"
import { createHash, randomBytes } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Worker } from "node:worker_threads"
import pg from "pg"
import { seedCrowd } from "../test/support/crowd.js"
import { seedDemo } from "../src/demo/Seed.js"
import { serverLayer } from "../src/http/Server.js"
import type { BenchResult } from "./run.js"

export const name = "check-in: 100 concurrent clients, PostgreSQL, loopback HTTP"

const CONCURRENCY = 100
const REQUESTS = 6000
const WARMUP = 500
const PHASE_LIMIT_MS = 60_000
const POOL = 10
const ROUNDS = 6
/** The open-loop rate, as a share of the bare handler's closed-loop throughput. */
const OPEN_RATE_SHARE = 0.5
/** Open-loop check-ins per server and round. */
const OPEN_REQUESTS = 1500
const OPEN_ROUNDS = 3

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port
      s.close(() => resolve(port))
    })
  })

/**
 * The load generator runs in a worker thread, so that the clients never share the servers' event
 * loop: it POSTs one check-in per token at `concurrency` and returns the latencies.
 */
const LOADER = `
const { parentPort, workerData } = require("node:worker_threads")
const http = require("node:http")
const { port, meetingId, code, tokens, concurrency, limitMs, rate } = workerData
// node:http with a keep-alive agent: about 2.5 times lighter per request than fetch, so that
// the clients take less of the machine's two cores from the servers they measure
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
const body = JSON.stringify({ code })
const post = (token) => new Promise((resolve, reject) => {
  const req = http.request({
    host: "127.0.0.1", port, path: "/v1/meetings/" + meetingId + "/check-in", method: "POST", agent,
    headers: { authorization: "Bearer " + token, "content-type": "application/json", "content-length": Buffer.byteLength(body) }
  }, (res) => {
    let text = ""
    res.setEncoding("utf8")
    res.on("data", (chunk) => (text += chunk))
    res.on("end", () => resolve({ status: res.statusCode, text }))
  })
  req.on("error", reject)
  req.end(body)
})
const latencies = []
let failures = 0, next = 0
const deadline = Date.now() + limitMs
const started = performance.now()
// one check-in, its latency counted from \`since\` (when it was sent, or when it was due)
const checkIn = async (token, since) => {
  try {
    const r = await post(token)
    if (r.status !== 200 || !r.text.includes('"changed":true')) failures++
  } catch { failures++ }
  latencies.push(performance.now() - since)
}
const done = () => { agent.destroy(); parentPort.postMessage({ latencies, failures, wallMs: performance.now() - started }) }
if (rate === undefined) {
  // closed loop: each client sends its next check-in when the last one is answered
  Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < tokens.length && Date.now() < deadline) {
      const token = tokens[next++]
      await checkIn(token, performance.now())
    }
  })).then(done)
} else {
  // open loop: check-in i is due at started + i / rate and goes out on a free client (at most
  // \`concurrency\` in flight); its latency runs from when it was due, waiting included
  let inFlight = 0, finished = 0, timer, stopped = false
  const due = (i) => started + (i * 1000) / rate
  const more = () => next < tokens.length && Date.now() < deadline
  const finish = () => {
    if (!stopped && finished === next && !more()) {
      stopped = true
      done()
    }
  }
  const pump = () => {
    const now = performance.now()
    while (more() && inFlight < concurrency && due(next) <= now) {
      const i = next++
      inFlight++
      void checkIn(tokens[i], due(i)).then(() => {
        inFlight--
        finished++
        pump()
      })
    }
    // the next one is due later: wake up then (a free client answering wakes us up too)
    if (more() && inFlight < concurrency && timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined
        pump()
      }, Math.max(0, due(next) - now))
    }
    finish()
  }
  pump()
}
`

interface Phase {
  readonly latencies: Array<number>
  failures: number
  wallMs: number
}

/** One phase of load from the worker: closed loop, or open loop at `rate` check-ins per second. */
const load = (phase: Phase, port: number, meetingId: string, code: string, tokens: ReadonlyArray<string>, rate?: number) =>
  new Promise<void>((resolve, reject) => {
    const worker = new Worker(LOADER, { eval: true, workerData: { port, meetingId, code, tokens, concurrency: CONCURRENCY, limitMs: PHASE_LIMIT_MS, rate }, execArgv: [] })
    worker.once("message", (m: { latencies: Array<number>; failures: number; wallMs: number }) => {
      phase.latencies.push(...m.latencies)
      phase.failures += m.failures
      phase.wallMs += m.wallMs
      void worker.terminate().then(() => resolve())
    })
    worker.once("error", reject)
  })

const summary = (phase: Phase) => {
  const sorted = [...phase.latencies].sort((a, b) => a - b)
  return {
    done: sorted.length,
    failures: phase.failures,
    throughput: sorted.length / (phase.wallMs / 1000),
    p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0
  }
}

/**
 * The floor: a handler that reads the request and answers a constant, no database. What the
 * machine, the loopback network and the clients allow at this concurrency, measured in the same run.
 */
const emptyHandler = (req: IncomingMessage, res: ServerResponse) => {
  req.resume()
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"changed":true}'))
}

/**
 * The bare handler: the same statements the reference server runs for a self check-in by code,
 * as named statements (parsed and planned once per connection), as the reference server sends them.
 */
const bareHandler = (pool: pg.Pool) => async (req: IncomingMessage, res: ServerResponse) => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const meetingId = req.url!.split("/")[3]!
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { code: string }
  const token = (req.headers.authorization ?? "").replace(/^Bearer /, "")
  const session = (await pool.query({
    name: "bare-session",
    text: `select a.id as account_id, a.status, a.member_id, m.org_id, o.path as org_path,
       (select coalesce(json_agg(agg), '[]') from (select r.org_id, ro.path, r.role from role_assignments r
         join organizations ro on ro.id = r.org_id where r.account_id = a.id) as agg) as roles
     from sessions s join accounts a on a.id = s.account_id left join members m on m.id = a.member_id left join organizations o on o.id = m.org_id
     where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2`,
    values: [createHash("sha256").update(token).digest("hex"), new Date()]
  })).rows[0]
  if (!session || session.status !== "active") return void res.writeHead(401).end()
  const meeting = (await pool.query({
    name: "bare-meeting",
    text: `select mt.id, mt.org_id, mt.series_id, mt.kind, mt.status, mt.starts_at, mt.ends_at, mt.place, mt.topic, mt.agenda, mt.chair_id,
       mt.minute_taker_id, mt.quorum_policy, mt.checkin_secret, mt.checkin_code, mt.cancelled_reason, mt.created_at, mt.updated_at,
       o.name as org_name, o.path as org_path, o.type as org_type, p.member_id as p_member_id, p.invited_at as p_invited_at,
       p.attendance as p_attendance, p.checked_in_at as p_checked_in_at, p.check_in_method as p_check_in_method,
       p.failed_code_attempts as p_failed_code_attempts
     from meetings mt join organizations o on o.id = mt.org_id
     left join meeting_participants p on p.meeting_id = mt.id and p.member_id = $2
     where mt.id = $1`,
    values: [meetingId, session.member_id]
  })).rows[0]
  if (!meeting || meeting.org_path !== session.org_path) return void res.writeHead(404).end()
  if (!meeting.p_member_id || meeting.status !== "in_progress" || !CheckIn.codeMatches(meeting.checkin_code, body.code)) return void res.writeHead(400).end()
  const now = new Date()
  const updated = (await pool.query({
    name: "bare-check-in",
    text: `with checked as (
       update meeting_participants set attendance = 'present', absence_reason = null, checked_in_at = $3, check_in_method = 'code',
         recorded_by = $4, on_behalf_of = null, channel = 'app', updated_at = $3
       where meeting_id = $1 and member_id = $2 and (attendance is null or attendance <> 'present')
       returning member_id, attendance, checked_in_at, check_in_method),
     audited as (
       insert into audit_log (actor_account_id, action, org_id, target_type, target_id, on_behalf_of, channel, detail)
       select $4::uuid, 'meeting.check_in'::text, $5::uuid, 'meeting'::text, $1::text, null::uuid, null::text, $6::jsonb from checked)
     select * from checked`,
    values: [meetingId, session.member_id, now, session.account_id, meeting.org_id,
      JSON.stringify({ memberId: session.member_id, method: "code", assisted: false, channel: "app", clientAddress: req.socket.remoteAddress })]
  })).rows[0]
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({
    memberId: session.member_id,
    attendance: "present",
    checkedInAt: now.toISOString(),
    method: "code",
    changed: updated !== undefined
  }))
}

export const run = async (): Promise<ReadonlyArray<BenchResult>> => {
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
  const database = `sotay_bench_${randomBytes(5).toString("hex")}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${database}`)
  const url = withDatabase(adminUrl, database)
  const scope = Effect.runSync(Scope.make())
  const bare = new pg.Pool({ connectionString: url, max: POOL })
  bare.on("error", () => undefined)
  const servers: Array<ReturnType<typeof createServer>> = []
  try {
    const context = await Effect.runPromise(Layer.buildWithScope(Database.layerPg({ connectionString: url, maxConnections: POOL }), scope))
    const runDb = <A, E>(effect: Effect.Effect<A, E, Database.Database | Database.StoreInfo>) => Effect.runPromise(Effect.provide(effect, context))
    await runDb(Migrations.migrateToLatest)
    await runDb(seedDemo("bench-password"))
    const crowd = await runDb(Effect.flatMap(Database.Database, (db) => Effect.promise(() => seedCrowd(db, 2 * (REQUESTS + WARMUP)))))

    // the reference server on a loopback port, quiet (no access log lines)
    const port = await freePort()
    const launched = Effect.runFork(
      Layer.launch(serverLayer(Layer.succeedContext(context), Notifier.layerMemory, { port, host: "127.0.0.1" })).pipe(
        Logger.withMinimumLogLevel(LogLevel.Warning)
      )
    )
    const base = `http://127.0.0.1:${port}`
    for (let i = 0; i < 100 && !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 200))
    const staff = (await (await fetch(`${base}/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login: "spp.admin", password: "bench-password" }) })).json()).token
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${staff}`, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) })
        .then(async (r) => {
          const text = await r.text()
          if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
          return JSON.parse(text)
        })
    const year = new Date().getUTCFullYear() + 1
    const meeting = await api("POST", `/v1/orgs/${crowd.cellId}/meetings`, { kind: "regular_monthly", startsAt: `${year}-01-10T19:30`, place: "Hội trường", topic: "Đo hiệu năng" })
    await api("POST", `/v1/meetings/${meeting.id}/invitations`)
    await api("POST", `/v1/meetings/${meeting.id}/transitions`, { to: "in_progress" })
    const { code } = await api("GET", `/v1/meetings/${meeting.id}/check-in`)

    // the three servers listen at once; the measured requests alternate between them in rounds,
    // so that background load on the machine weighs on all alike
    const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const server = createServer(handler)
      const port = await freePort()
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
      servers.push(server)
      return port
    }
    const barePort = await listen((req, res) => void bareHandler(bare)(req, res).catch(() => res.writeHead(500).end()))
    const emptyPort = await listen(emptyHandler)
    const tokens = crowd.members.map((m) => m.token)
    const slices = { sotayWarm: tokens.slice(0, WARMUP), bareWarm: tokens.slice(WARMUP, 2 * WARMUP), sotay: tokens.slice(2 * WARMUP, 2 * WARMUP + REQUESTS), bare: tokens.slice(2 * WARMUP + REQUESTS) }
    const sink: Phase = { latencies: [], failures: 0, wallMs: 0 }
    await load(sink, port, meeting.id, code, slices.sotayWarm)
    await load(sink, barePort, meeting.id, code, slices.bareWarm)
    await load(sink, emptyPort, meeting.id, code, slices.bareWarm)
    const ours: Phase = { latencies: [], failures: 0, wallMs: 0 }
    const theirs: Phase = { latencies: [], failures: 0, wallMs: 0 }
    const nothing: Phase = { latencies: [], failures: 0, wallMs: 0 }
    const per = REQUESTS / ROUNDS
    for (let round = 0; round < ROUNDS; round++) {
      await load(ours, port, meeting.id, code, slices.sotay.slice(round * per, (round + 1) * per))
      await load(theirs, barePort, meeting.id, code, slices.bare.slice(round * per, (round + 1) * per))
      await load(nothing, emptyPort, meeting.id, code, slices.bare.slice(round * per, (round + 1) * per))
    }
    const sotay = summary(ours)
    const baseline = summary(theirs)
    const floor = summary(nothing)

    // Open loop, on a second meeting (each check-in a member's first there), at the same rate
    // for both servers, alternating in rounds.
    const second = await api("POST", `/v1/orgs/${crowd.cellId}/meetings`, { kind: "thematic", startsAt: `${year}-01-11T19:30`, place: "Hội trường", topic: "Đo độ trễ" })
    await api("POST", `/v1/meetings/${second.id}/invitations`)
    await api("POST", `/v1/meetings/${second.id}/transitions`, { to: "in_progress" })
    const secondCode = (await api("GET", `/v1/meetings/${second.id}/check-in`)).code
    const rate = OPEN_RATE_SHARE * baseline.throughput
    const oursOpen: Phase = { latencies: [], failures: 0, wallMs: 0 }
    const theirsOpen: Phase = { latencies: [], failures: 0, wallMs: 0 }
    const open = { sotay: tokens.slice(0, OPEN_ROUNDS * OPEN_REQUESTS), bare: tokens.slice(OPEN_ROUNDS * OPEN_REQUESTS, 2 * OPEN_ROUNDS * OPEN_REQUESTS) }
    for (let round = 0; round < OPEN_ROUNDS; round++) {
      await load(oursOpen, port, second.id, secondCode, open.sotay.slice(round * OPEN_REQUESTS, (round + 1) * OPEN_REQUESTS), rate)
      await load(theirsOpen, barePort, second.id, secondCode, open.bare.slice(round * OPEN_REQUESTS, (round + 1) * OPEN_REQUESTS), rate)
    }
    await Effect.runPromise(Fiber.interrupt(launched))
    const sotayOpen = summary(oursOpen)
    const bareOpen = summary(theirsOpen)

    const failures = sotay.failures + baseline.failures + sotayOpen.failures + bareOpen.failures
    if (failures > 0) console.log(`failures: sotay ${sotay.failures} + ${sotayOpen.failures} (open), bare ${baseline.failures} + ${bareOpen.failures} (open)`)
    console.log(`closed loop: requests sotay ${sotay.done}, bare ${baseline.done}, empty ${floor.done}`)
    console.log(`closed loop p50: sotay ${sotay.p50.toFixed(1)} ms, bare ${baseline.p50.toFixed(1)} ms, empty ${floor.p50.toFixed(1)} ms`)
    console.log(`closed loop floor (a handler answering a constant, no database): ${floor.throughput.toFixed(0)} req/s, p99 ${floor.p99.toFixed(1)} ms`)
    console.log(`open loop: ${rate.toFixed(0)} check-ins/s offered to each (${OPEN_RATE_SHARE} × the bare handler's closed-loop throughput), ${sotayOpen.done} and ${bareOpen.done} check-ins; served ${sotayOpen.throughput.toFixed(0)} and ${bareOpen.throughput.toFixed(0)} req/s`)
    console.log(`open loop p50: sotay ${sotayOpen.p50.toFixed(1)} ms, bare ${bareOpen.p50.toFixed(1)} ms`)
    return [
      {
        label: "sotay check-in throughput (closed loop)",
        value: sotay.throughput,
        unit: "req/s",
        baseline: { label: "bare node:http + pg", value: baseline.throughput },
        target: "≥ 0.50× the bare handler",
        met: failures === 0 && sotay.throughput >= 0.5 * baseline.throughput
      },
      {
        label: "sotay check-in p99 latency, closed loop (saturation: the queue of 100 clients, mean = 100 / throughput)",
        value: sotay.p99,
        unit: "ms",
        baseline: { label: "bare node:http + pg", value: baseline.p99 }
      },
      {
        label: `sotay check-in p99 latency, open loop at ${rate.toFixed(0)} check-ins/s on 100 clients`,
        value: sotayOpen.p99,
        unit: "ms",
        baseline: { label: "bare node:http + pg", value: bareOpen.p99 },
        target: "< 50 ms",
        met: failures === 0 && sotayOpen.p99 < 50
      }
    ]
  } finally {
    for (const server of servers) server.close()
    await bare.end().catch(() => undefined)
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined)
    await admin.end()
  }
}
