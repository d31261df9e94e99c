import { describe, expect, it } from "vitest"
import { formatProgress, reporter } from "../src/cli/Progress.js"

describe("import progress", () => {
  it("formats a bar with rows/second and errors on a terminal, plain text otherwise", () => {
    const p = { rows: 50_000, errors: 3, bytes: 500, done: false }
    expect(formatProgress(p, 2_000, 1_000, true)).toBe(`[${"#".repeat(15)}${"-".repeat(15)}]  50% 50,000 rows, 25,000 rows/s, 3 errors`)
    expect(formatProgress({ ...p, done: true }, 2_000, null, false)).toBe("50,000 rows, 25,000 rows/s, 3 errors, done")
  })

  it("redraws one line on a TTY and prints a line per 10,000 rows elsewhere", () => {
    let t = 0
    const tty: Array<string> = []
    const draw = reporter({ totalBytes: 100, out: { isTTY: true, write: (s) => tty.push(s) }, now: () => t })
    for (let i = 1; i <= 5; i++) {
      t += 150
      draw({ rows: i * 2000, errors: 0, bytes: i * 20, done: i === 5 })
    }
    expect(tty).toHaveLength(5)
    expect(tty.every((s) => s.startsWith("\r\x1b[2K["))).toBe(true)
    expect(tty.at(-1)!.endsWith("done\n")).toBe(true)
    const lines: Array<string> = []
    const plain = reporter({ totalBytes: null, out: { isTTY: false, write: (s) => lines.push(s) }, now: () => t })
    for (let i = 1; i <= 25; i++) plain({ rows: i * 1000, errors: 0, bytes: 0, done: false })
    plain({ rows: 25_000, errors: 1, bytes: 0, done: true })
    expect(lines).toHaveLength(3)
    expect(lines.every((l) => !l.includes("\r") && l.endsWith("\n"))).toBe(true)
  })
})
