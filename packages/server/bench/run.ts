/**
 * `npm run bench`: runs every `*.bench.ts` module beside this file (or those named on the command
 * line, e.g. `npm run bench -- import`), one after another, and prints their figures. Each module
 * exports `name`, `run(): Promise<ReadonlyArray<BenchResult>>`, measuring its baseline in the same
 * run. Results go to docs/benchmarks.md by hand, with the machine and the date printed here.
 */
import { readdirSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { fileURLToPath, pathToFileURL } from "node:url"

export interface BenchResult {
  readonly label: string
  readonly value: number
  readonly unit: string
  readonly baseline?: { readonly label: string; readonly value: number }
  readonly target?: string
  /** Whether the target is met, when the bench decides it: printed after the target. */
  readonly met?: boolean
}

const folder = fileURLToPath(new URL(".", import.meta.url))
const only = process.argv.slice(2)
const modules = readdirSync(folder).filter((f) => f.endsWith(".bench.ts")).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`)
console.log(`date: ${new Date().toISOString()}`)
for (const file of modules) {
  const bench: { name: string; run: () => Promise<ReadonlyArray<BenchResult>> } = await import(pathToFileURL(`${folder}/${file}`).href)
  console.log(`\n## ${bench.name}`)
  for (const r of await bench.run()) {
    const ratio = r.baseline ? `  (${(r.value / r.baseline.value).toFixed(2)}× ${r.baseline.label}: ${r.baseline.value.toFixed(1)} ${r.unit})` : ""
    console.log(`${r.label}: ${r.value.toFixed(1)} ${r.unit}${ratio}${r.target ? `  target: ${r.target}` : ""}${r.met === undefined ? "" : r.met ? " (met)" : " (MISSED)"}`)
  }
}
if (modules.length === 0) console.log("no benchmarks found")
