import { describe, expect, it } from "vitest"
import { CsvParser, detectDelimiter, formatField, parseCsv } from "../../src/rules/Csv.js"

describe("CSV parsing", () => {
  it("strips the BOM and reads CRLF lines", () => {
    const { records } = parseCsv("\ufeffa,b\r\n1,2\r\n3,4\r\n")
    expect(records.map((r) => r.fields)).toEqual([["a", "b"], ["1", "2"], ["3", "4"]])
    expect(records.map((r) => r.line)).toEqual([1, 2, 3])
  })
  it("detects ; and tab separators from the header", () => {
    expect(detectDelimiter("Họ và tên;Ngày sinh;Giới tính")).toBe(";")
    expect(detectDelimiter("a\tb\tc")).toBe("\t")
    expect(parseCsv("a;b\n\"x;y\";2\n").records[1]!.fields).toEqual(["x;y", "2"])
  })
  it("reads quoted fields with doubled quotes and line breaks", () => {
    const { records } = parseCsv("name,note\n\"Lò Văn \"\"A\"\"\",\"line 1\nline 2\"\nnext,x\n")
    expect(records[1]!.fields).toEqual(["Lò Văn \"A\"", "line 1\nline 2"])
    expect(records[2]!.line).toBe(4)
  })
  it("gives the same records whatever the chunking", () => {
    const text = "\ufeffh1;h2\r\n\"a;\"\"b\";c\r\nd;\"e\r\nf\"\r\nĐiêu Thị Hương Lan;\"a long quoted\nfield, over lines\"\r\ng;h\r\n"
    const whole = parseCsv(text).records
    expect(whole.map((r) => r.line)).toEqual([1, 2, 3, 5, 7])
    expect(whole[3]!.fields).toEqual(["Điêu Thị Hương Lan", "a long quoted\nfield, over lines"])
    for (let size = 1; size < text.length; size++) {
      const parser = new CsvParser()
      const records = []
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)))
      records.push(...parser.end())
      expect(records).toEqual(whole)
    }
  })
  it("reports misplaced and unclosed quotes", () => {
    expect(parseCsv("a,b\nx\"y,2\n").malformedLines).toEqual([2])
    expect(parseCsv("a,b\n\"open,2\n").malformedLines).toEqual([2])
  })
  it("skips blank lines and quotes fields on output", () => {
    expect(parseCsv("a\n\n\nb\n").records.map((r) => r.fields)).toEqual([["a"], ["b"]])
    expect(formatField("a,b")).toBe("\"a,b\"")
    expect(formatField("say \"hi\"")).toBe("\"say \"\"hi\"\"\"")
    expect(formatField("plain")).toBe("plain")
  })
})
