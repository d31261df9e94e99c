/**
 * The registry as an Excel workbook (exceljs, streaming): export rows to XLSX in the importer's
 * columns, and read an uploaded workbook's first sheet back into records for the importer.
 *
 * @since 0.2.0
 */
import { type Csv, MemberExport } from "@sotay/core"
import { Chunk, Data, Effect, Stream } from "effect"
import ExcelJS from "exceljs"
import { PassThrough, Readable } from "node:stream"

/** The XLSX media type. @since 0.2.0 @category constants */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/**
 * Writes export rows to an XLSX workbook (one sheet, the header first, every cell text so that
 * phone numbers keep their leading zero and dates stay dd/mm/yyyy). The workbook is built by the
 * streaming writer; only the compressed file is held in memory.
 *
 * @since 0.2.0
 * @category conversions
 */
export const toXlsx = <E, R>(rows: Stream.Stream<ReadonlyArray<string>, E, R>, sheetName = "Danh sách đảng viên") =>
  Effect.gen(function*() {
    const sink = new PassThrough()
    const parts: Array<Buffer> = []
    sink.on("data", (part: Buffer) => parts.push(part))
    const finished = new Promise<void>((resolve, reject) => {
      sink.on("end", resolve)
      sink.on("error", reject)
    })
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false })
    const sheet = workbook.addWorksheet(sheetName)
    sheet.addRow([...MemberExport.HEADER]).commit()
    yield* Stream.runForEach(rows, (fields) => Effect.sync(() => sheet.addRow([...fields]).commit()))
    sheet.commit()
    yield* Effect.promise(() => workbook.commit())
    yield* Effect.promise(() => finished)
    return new Uint8Array(Buffer.concat(parts))
  })

const pad = (n: number) => String(n).padStart(2, "0")

/** A cell's value as the importer reads text: dates as dd/mm/yyyy, numbers as written. */
const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return ""
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("")
    if ("text" in value) return String(value.text)
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue)
    return ""
  }
  return String(value)
}

/**
 * The bytes are not an Excel workbook (.xlsx): empty, another format (a CSV sent as a workbook,
 * an old .xls), or a damaged file.
 *
 * @since 0.4.0
 * @category errors
 */
export class NotAWorkbook extends Data.TaggedError("NotAWorkbook")<{ readonly cause?: unknown }> {}

/** An .xlsx file is a ZIP archive: it starts with a local file header, `PK\x03\x04`. */
const looksLikeZip = (bytes: Uint8Array) =>
  bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/**
 * Reads the first sheet of an XLSX workbook as records (the header row first), streaming its
 * rows in batches. Bytes that are not a workbook fail with {@link NotAWorkbook} before any row.
 *
 * @since 0.2.0
 * @category parsing
 */
export const xlsxRecords = (bytes: Uint8Array): Stream.Stream<ReadonlyArray<Csv.CsvRecord>, NotAWorkbook> =>
  !looksLikeZip(bytes) ? Stream.fail(new NotAWorkbook({})) : Stream.fromAsyncIterable(
    (async function*() {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
        worksheets: "emit",
        sharedStrings: "cache",
        styles: "ignore",
        hyperlinks: "ignore"
      })
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = row.values as Array<ExcelJS.CellValue>
          const fields: Array<string> = []
          for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]))
          if (fields.some((f) => f.trim() !== "")) yield { line: row.number, fields } satisfies Csv.CsvRecord
        }
        break
      }
    })(),
    (cause) => new NotAWorkbook({ cause })
  ).pipe(Stream.rechunk(1000), Stream.mapChunks((records) => Chunk.of(Chunk.toReadonlyArray(records))))

/**
 * The 400 for {@link NotAWorkbook}, naming the body.
 *
 * @since 0.4.0
 * @category errors
 */
export const notAWorkbookText = {
  vi: "không phải tệp Excel (.xlsx) đọc được: tệp rỗng, định dạng khác (CSV, .xls) hoặc bị hỏng",
  en: "not a readable Excel workbook (.xlsx): empty, another format (CSV, .xls) or damaged"
}
