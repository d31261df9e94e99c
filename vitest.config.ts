import { defineConfig } from "vitest/config"

// One run for every package. Sources are resolved through the "sotay-source" export condition,
// so tests need no build step. PGlite takes ~0.9 GB per instance: keep two workers at most.
export default defineConfig({
  resolve: { conditions: ["sotay-source"] },
  ssr: { resolve: { conditions: ["sotay-source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./scripts/summary-reporter.ts"]
  }
})
