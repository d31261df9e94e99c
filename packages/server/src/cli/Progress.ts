/**
 * The import command's progress: a bar with rows/second and the error count on a terminal, plain
 * lines otherwise (logs, CI). Written to stderr, so stdout stays the report.
 *
 * @since 0.2.0
 */
import type { MemberImport } from "@sotay/core"

const WIDTH = 30

const thousands = (n: number) => Math.round(n).toLocaleString("en-US")

/**
 * One progress line: the bar (when the size is known), rows, rows/second and errors.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatProgress = (p: MemberImport.ImportProgress, elapsedMs: number, totalBytes: number | null, bar: boolean): string => {
  const rate = elapsedMs > 0 ? (p.rows * 1000) / elapsedMs : 0
  const share = totalBytes && totalBytes > 0 ? Math.min(1, p.bytes / totalBytes) : null
  const head = bar && share !== null
    ? `[${"#".repeat(Math.round(share * WIDTH)).padEnd(WIDTH, "-")}] ${String(Math.floor(share * 100)).padStart(3)}% `
    : share !== null ? `${Math.floor(share * 100)}% ` : ""
  return `${head}${thousands(p.rows)} rows, ${thousands(rate)} rows/s, ${thousands(p.errors)} errors${p.done ? ", done" : ""}`
}

/**
 * A progress reporter for `onProgress`: redraws one line at most every 100 ms on a TTY; prints a
 * line every 10,000 rows (and at the end) elsewhere.
 *
 * @since 0.2.0
 * @category constructors
 */
export const reporter = (options: {
  readonly totalBytes: number | null
  readonly out?: { readonly isTTY?: boolean; write(text: string): unknown }
  readonly now?: () => number
}) => {
  const out = options.out ?? process.stderr
  const now = options.now ?? Date.now
  const tty = out.isTTY === true
  const started = now()
  let lastDraw = 0
  let lastLineRows = 0
  return (p: MemberImport.ImportProgress) => {
    const t = now()
    if (tty) {
      if (!p.done && t - lastDraw < 100) return
      lastDraw = t
      out.write(`\r\x1b[2K${formatProgress(p, t - started, options.totalBytes, true)}${p.done ? "\n" : ""}`)
    } else if (p.done || p.rows - lastLineRows >= 10_000) {
      lastLineRows = p.rows
      out.write(`${formatProgress(p, t - started, options.totalBytes, false)}\n`)
    }
  }
}
