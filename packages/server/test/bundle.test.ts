/**
 * The bundles the `sotay` command runs from (bin/bundle.js): built from TypeScript, finding their
 * modules' files where the sources are, rebuilt when a source changes and only then.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { bundle, CACHE } from "../bin/bundle.js"

const build = bundle
const dir = mkdtempSync(join(tmpdir(), "sotay-bundle-"))
const name = `test-${process.pid}-${Date.now()}`
const entry = join(dir, "entry.ts")
const helper = join(dir, "helper.ts")

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  for (const suffix of [".mjs", ".mjs.map", ".mjs.inputs.json"]) rmSync(join(CACHE, name + suffix), { force: true })
})

describe("a bundle", () => {
  it("runs the TypeScript, with import.meta.url of each module's source, rebuilt only when a source changed", async () => {
    writeFileSync(entry, `import { where } from "./helper.js"\nconst n: number = 1\nconsole.log(JSON.stringify({ n, where, entry: import.meta.url }))\n`)
    writeFileSync(helper, `export const where: string = new URL("./data.csv", import.meta.url).href\n`)
    const first = await build(entry, name)
    expect(JSON.parse(execFileSync(process.execPath, [first], { encoding: "utf8" }))).toEqual({
      n: 1,
      where: pathToFileURL(join(dir, "data.csv")).href,
      entry: pathToFileURL(entry).href
    })
    const builtAt = statSync(first).mtimeMs
    // its source map, moved with it, still names the sources
    expect(JSON.parse(readFileSync(`${first}.map`, "utf8")).sources.sort()).toEqual([pathToFileURL(entry).href, pathToFileURL(helper).href].sort())

    // unchanged sources: the same file, not rebuilt
    expect(await build(entry, name)).toBe(first)
    expect(statSync(first).mtimeMs).toBe(builtAt)

    // a changed import: rebuilt
    writeFileSync(helper, `export const where: string = "changed"\n`)
    const later = new Date(builtAt + 2000)
    utimesSync(helper, later, later)
    const second = await build(entry, name)
    expect(JSON.parse(execFileSync(process.execPath, [second], { encoding: "utf8" })).where).toBe("changed")
  })

  it("reports a source that does not compile", async () => {
    writeFileSync(join(dir, "broken.ts"), `export const x = (\n`)
    await expect(build(join(dir, "broken.ts"), `${name}-broken`)).rejects.toThrow()
  })
})
