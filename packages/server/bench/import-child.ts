/**
 * The import benchmark's import process: started by `import.bench.ts` with `fork` (same Node
 * options, so the same tsx loader and `--conditions=sotay-source`), it holds nothing but the
 * store and the importer. It opens the store named by the job (argv[2], JSON), streams the CSV
 * file from disk through `MemberImport.importStream`, checks that every row was created, and sends
 * back an `ImportMeasure` over the IPC channel: the import time and this process's own memory.
 */
import { CurrentActor, Database, MemberImport } from "@sotay/core"
import { Effect, type Layer, ManagedRuntime, Stream } from "effect"
import { createReadStream } from "node:fs"
import { type ImportJob, type ImportMeasure, setup } from "./import-store.js"

const job: ImportJob = JSON.parse(process.argv[2]!)

const store: Layer.Layer<Database.Database, unknown> = job.store === "postgres"
  ? Database.layerPg({ connectionString: job.url, maxConnections: 4 })
  : Database.layerPglite()
const runtime = ManagedRuntime.make(store)

const heapNow = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

try {
  const communeId = job.store === "postgres" ? job.communeId : (await runtime.runPromise(setup)).communeId

  const rssBefore = process.memoryUsage().rss
  const heapBefore = heapNow()
  let peakHeap = heapBefore
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, heapNow())
  }, 25)
  const started = performance.now()
  const report = await runtime.runPromise(MemberImport.importStream(
    communeId,
    Stream.fromAsyncIterable(createReadStream(job.csvFile, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>, (e) => e as Error),
    { dryRun: false }
  ).pipe(Effect.provideService(CurrentActor.CurrentActor, CurrentActor.systemActor)))
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peakHeap = Math.max(peakHeap, heapNow())
  if (!report.committed || report.created !== job.rows) {
    throw new Error(`import did not create ${job.rows} rows: ${JSON.stringify({ ...report, errors: report.errors.slice(0, 3) })}`)
  }
  const measure: ImportMeasure = { seconds, peakRss: process.resourceUsage().maxRSS * 1024, rssBefore, peakHeap, heapBefore }
  await new Promise<void>((resolve, reject) => process.send!(measure, (e: Error | null) => (e ? reject(e) : resolve())))
} finally {
  await runtime.dispose()
}
