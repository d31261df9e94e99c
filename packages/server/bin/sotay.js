#!/usr/bin/env node
// The `sotay` command: runs the TypeScript CLI (src/cli/main.ts) with tsx, resolving the workspace
// packages from their sources.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url))
const result = spawnSync(process.execPath, ["--conditions=sotay-source", "--import", "tsx", main, ...process.argv.slice(2)], {
  stdio: "inherit"
})
process.exit(result.status ?? 1)
