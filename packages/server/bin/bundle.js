// One JavaScript file from a TypeScript entry point of this workspace, built with esbuild and
// rebuilt only when one of its sources changed: the workspace's own modules (`@sotay/*`, resolved
// to their sources by the `sotay-source` condition) are bundled, third-party packages stay
// imports resolved from node_modules. A process started from the bundle carries no TypeScript
// loader (tsx's weighs about 95 MB of RSS).
//
// Used by the `sotay` command (bin/sotay.js) and by the import benchmark's import process.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const SERVER = fileURLToPath(new URL("..", import.meta.url))
/** Where bundles are kept: packages/server/node_modules/.cache/sotay (ignored by git). */
export const CACHE = join(SERVER, "node_modules", ".cache", "sotay")
/** This file: a change to how bundles are built makes every bundle stale. */
const THIS_FILE = fileURLToPath(import.meta.url)

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/** Whether `outfile` exists and is newer than every source it was built from (and than this file). */
const isFresh = (outfile) => {
  const built = mtime(outfile)
  if (built === undefined) return false
  let inputs
  try {
    inputs = JSON.parse(readFileSync(`${outfile}.inputs.json`, "utf8"))
  } catch {
    return false
  }
  return [THIS_FILE, ...inputs].every((input) => {
    const changed = mtime(input)
    return changed !== undefined && changed <= built
  })
}

/** The path of an up-to-date bundle of `entry` (an absolute path to a .ts file) named `name`. */
export const bundle = async (entry, name) => {
  const outfile = join(CACHE, `${name}.mjs`)
  if (isFresh(outfile)) return outfile
  const esbuild = await import("esbuild")
  // built in a directory of its own, then moved into place: concurrent builders never write the
  // same file, and a reader never sees half a bundle
  const building = join(CACHE, `.building-${process.pid}`)
  mkdirSync(building, { recursive: true })
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      outfile: join(building, `${name}.mjs`),
      absWorkingDir: SERVER,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      conditions: ["sotay-source"],
      // `NODE_OPTIONS=--enable-source-maps` maps stack traces back to the TypeScript sources
      sourcemap: "linked",
      sourcesContent: false,
      keepNames: true,
      metafile: true,
      logLevel: "warning",
      plugins: [{
        name: "sotay-bundle",
        setup: (build) => {
          // third-party packages stay imports, resolved from node_modules at run time
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith("@sotay/") ? undefined : { path: args.path, external: true })
          // a module that finds its files next to itself (`new URL("./data/…", import.meta.url)`)
          // keeps finding them there
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            const source = readFileSync(args.path, "utf8")
            return {
              contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
              loader: "ts"
            }
          })
        }
      }]
    })
    const inputs = Object.keys(result.metafile.inputs).map((input) => join(SERVER, input))
    // the map names its sources relative to where it was built: name them absolutely, so that
    // it still finds them once moved into place
    const mapFile = join(building, `${name}.mjs.map`)
    const map = JSON.parse(readFileSync(mapFile, "utf8"))
    map.sources = map.sources.map((source) => pathToFileURL(resolve(building, source)).href)
    writeFileSync(mapFile, JSON.stringify(map))
    writeFileSync(join(building, `${name}.mjs.inputs.json`), JSON.stringify(inputs))
    for (const file of [`${name}.mjs.map`, `${name}.mjs.inputs.json`, `${name}.mjs`]) {
      renameSync(join(building, file), join(CACHE, file))
    }
  } finally {
    rmSync(building, { recursive: true, force: true })
  }
  return outfile
}
