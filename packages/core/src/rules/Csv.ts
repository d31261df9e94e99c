/**
 * An incremental RFC 4180 CSV parser for spreadsheet exports: UTF-8 with or without BOM, CRLF or
 * LF, `,` `;` or tab separators (detected from the header line), quoted fields with doubled quotes
 * and line breaks inside. Feed it chunks; it never needs the whole file as one string.
 *
 * @since 0.1.0
 */

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a

/** @since 0.1.0 @category models */
export type Delimiter = "," | ";" | "\t"

/**
 * A parsed record and the line of the file where it starts (the header is line 1).
 *
 * @since 0.1.0
 * @category models
 */
export interface CsvRecord {
  readonly line: number
  readonly fields: ReadonlyArray<string>
}

/**
 * The delimiter of a header line: the most frequent of `,` `;` and tab outside quotes.
 *
 * @since 0.1.0
 * @category rules
 */
export const detectDelimiter = (headerLine: string): Delimiter => {
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 }
  let quoted = false
  for (const char of headerLine) {
    if (char === "\"") quoted = !quoted
    else if (!quoted && (char === "," || char === ";" || char === "\t")) counts[char]++
  }
  const [best, count] = (Object.entries(counts) as Array<[Delimiter, number]>).sort((a, b) => b[1] - a[1])[0]!
  return count > 0 ? best : ","
}

/**
 * Incremental parser: `push` chunks, collect the complete records it returns, then `end`.
 *
 * Text between delimiters is taken a run at a time (one slice, not character by character). A
 * field is therefore often a substring of the chunk pushed, and V8 keeps a substring of 13
 * characters or more as a view of its parent: copy a field you keep for long, or it keeps its
 * whole chunk alive.
 *
 * @since 0.1.0
 * @category constructors
 */
export class CsvParser {
  #delimiter: Delimiter | undefined
  #pending = ""
  #field = ""
  #fields: Array<string> = []
  #quoted = false
  #afterQuote = false
  #line = 1
  #recordLine = 1
  #started = false
  #malformed: Array<number> = []

  constructor(delimiter?: Delimiter) {
    this.#delimiter = delimiter
  }

  /** The delimiter in use, once known. */
  get delimiter(): Delimiter | undefined {
    return this.#delimiter
  }

  /** Lines where a quote stood in the middle of an unquoted field, or a quoted field never closed. */
  get malformedLines(): ReadonlyArray<number> {
    return this.#malformed
  }

  push(chunk: string): Array<CsvRecord> {
    let text = this.#pending + chunk
    this.#pending = ""
    if (!this.#started) {
      if (text.length === 0) return []
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      if (this.#delimiter === undefined) {
        const newline = text.search(/\r?\n/)
        if (newline < 0) {
          this.#pending = text
          return []
        }
        this.#delimiter = detectDelimiter(text.slice(0, newline))
      }
      this.#started = true
    }
    return this.#consume(text, false)
  }

  end(): Array<CsvRecord> {
    const text = this.#pending
    this.#pending = ""
    if (!this.#started) {
      const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
      if (stripped.length === 0) return []
      this.#delimiter ??= detectDelimiter(stripped)
      this.#started = true
      return this.#consume(stripped, true)
    }
    return this.#consume(text, true)
  }

  #consume(text: string, final: boolean): Array<CsvRecord> {
    const records: Array<CsvRecord> = []
    const delimiter = this.#delimiter ?? ","
    const delimiterCode = delimiter.charCodeAt(0)
    let i = 0
    const length = text.length
    while (i < length) {
      const char = text[i]!
      if (this.#quoted) {
        if (char === "\"") {
          if (i + 1 >= length && !final) {
            this.#pending = text.slice(i)
            return records
          }
          if (text[i + 1] === "\"") {
            this.#field += "\""
            i += 2
            continue
          }
          this.#quoted = false
          this.#afterQuote = true
          i++
          continue
        }
        // A run of quoted text up to the next quote, taken in one slice.
        let end = i
        while (end < length && text.charCodeAt(end) !== QUOTE) {
          if (text.charCodeAt(end) === LF) this.#line++
          end++
        }
        this.#field += text.slice(i, end)
        i = end
        continue
      }
      if (char === "\"") {
        if (this.#field.length === 0 && !this.#afterQuote) {
          this.#quoted = true
        } else {
          this.#malformed.push(this.#line)
          this.#field += char
        }
        i++
        continue
      }
      if (char === delimiter) {
        this.#fields.push(this.#field)
        this.#field = ""
        this.#afterQuote = false
        i++
        continue
      }
      if (char === "\r" || char === "\n") {
        if (char === "\r" && i + 1 >= length && !final) {
          this.#pending = "\r"
          return records
        }
        const width = char === "\r" && text[i + 1] === "\n" ? 2 : 1
        this.#fields.push(this.#field)
        const fields = this.#fields
        this.#field = ""
        this.#fields = []
        this.#afterQuote = false
        if (!(fields.length === 1 && fields[0] === "")) records.push({ line: this.#recordLine, fields })
        this.#line++
        this.#recordLine = this.#line
        i += width
        continue
      }
      // A run of unquoted text up to the next delimiter, quote or line break, taken in one slice.
      let end = i + 1
      while (end < length) {
        const code = text.charCodeAt(end)
        if (code === delimiterCode || code === QUOTE || code === CR || code === LF) break
        end++
      }
      this.#field += text.slice(i, end)
      i = end
    }
    if (final) {
      if (this.#quoted) this.#malformed.push(this.#recordLine)
      if (this.#field.length > 0 || this.#fields.length > 0) {
        this.#fields.push(this.#field)
        records.push({ line: this.#recordLine, fields: this.#fields })
      }
      this.#field = ""
      this.#fields = []
      this.#quoted = false
    }
    return records
  }
}

/**
 * Parses a whole CSV text (tests and small files).
 *
 * @since 0.1.0
 * @category constructors
 */
export const parseCsv = (text: string, delimiter?: Delimiter): { readonly records: Array<CsvRecord>; readonly malformedLines: ReadonlyArray<number> } => {
  const parser = new CsvParser(delimiter)
  const records = [...parser.push(text), ...parser.end()]
  return { records, malformedLines: parser.malformedLines }
}

/**
 * Quotes a field for output when it holds a delimiter, a quote or a line break.
 *
 * @since 0.1.0
 * @category rules
 */
export const formatField = (value: string, delimiter: Delimiter = ","): string =>
  value.includes(delimiter) || value.includes("\"") || value.includes("\n") || value.includes("\r")
    ? `"${value.replace(/"/g, "\"\"")}"`
    : value
