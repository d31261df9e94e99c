#!/usr/bin/env node
// The `sotay` command (and `npm start`): runs the CLI (src/cli/main.ts) from a bundle of the
// workspace's TypeScript (bin/bundle.js: esbuild, rebuilt when a source changed, about 0.2 s), so
// that the server and the importer carry no TypeScript loader. With SOTAY_TSX=1, or if the
// bundle cannot be built, it runs the sources under tsx instead.
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { bundle } from "./bundle.js"

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url))

// The embedded store lives in `.sotay-data` of the directory the command was run from: npm runs
// `npm start` in packages/server but says where it was started (INIT_CWD), so that `npm start`
// and `npx sotay …` from the project root use the same store.
if (process.env.SOTAY_DATA_DIR === undefined && process.env.INIT_CWD) {
  process.env.SOTAY_DATA_DIR = join(process.env.INIT_CWD, ".sotay-data")
}

const underTsx = () => {
  const result = spawnSync(process.execPath, ["--conditions=sotay-source", "--import", "tsx", main, ...process.argv.slice(2)], {
    stdio: "inherit"
  })
  process.exit(result.status ?? 1)
}

if (process.env.SOTAY_TSX === "1") {
  underTsx()
} else {
  let program
  try {
    program = await bundle(main, "cli")
  } catch (error) {
    process.stderr.write(`sotay: could not bundle the CLI (${error instanceof Error ? error.message : error}); running it under tsx\n`)
    underTsx()
  }
  // the CLI reads its arguments from process.argv.slice(2), as it would started directly
  await import(pathToFileURL(program).href)
}
