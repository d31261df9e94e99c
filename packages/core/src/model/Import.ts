/**
 * The registry import's report.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A problem with one cell of the file. `row` is the spreadsheet row (the header is row 1).
 *
 * @since 0.1.0
 * @category models
 */
export const ImportProblem = Schema.Struct({
  row: Schema.Int,
  column: Schema.String,
  message: Schema.String
}).annotations({ identifier: "ImportProblem" })

/** @since 0.1.0 @category models */
export type ImportProblem = typeof ImportProblem.Type

/**
 * What an import did, or, with `dryRun`, would do. A real run with any error writes nothing
 * (`committed: false`).
 *
 * @since 0.1.0
 * @category models
 */
export const ImportReport = Schema.Struct({
  dryRun: Schema.Boolean,
  committed: Schema.Boolean,
  rows: Schema.Int,
  created: Schema.Int,
  updated: Schema.Int,
  unchanged: Schema.Int,
  accountsCreated: Schema.Int,
  accountsActivated: Schema.Int,
  errors: Schema.Array(ImportProblem)
}).annotations({ identifier: "ImportReport" })

/** @since 0.1.0 @category models */
export type ImportReport = typeof ImportReport.Type

/**
 * A real import refused because the file has errors; the report lists them all.
 *
 * @since 0.1.0
 * @category errors
 */
export class ImportRejected extends Schema.TaggedError<ImportRejected>()("ImportRejected", {
  message: Schema.String,
  report: ImportReport
}) {}
