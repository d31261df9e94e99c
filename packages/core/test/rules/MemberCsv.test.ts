import { describe, expect, it } from "vitest"
import { parseCsv } from "../../src/rules/Csv.js"
import { mapHeader, validateRow } from "../../src/rules/MemberCsv.js"
import { nameSortKey } from "../../src/rules/VietnameseText.js"

const HEADER = "STT,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Chi bộ,Số CCCD,Số điện thoại,Trạng thái,Tài khoản ứng dụng"
const GOOD = "1,Hạng Thị Chi,11/11/1958,Nữ,Mông,09/04/1978,09/04/1979,62001009,SPP-CB-BAN01,Chi bộ bản 01,011158683383,0912.345.678,Chính thức,Đã kích hoạt"
const TODAY = "2026-12-03"

const check = (row: string, header = HEADER) => {
  const { records } = parseCsv(`${header}\n${row}\n`)
  return validateRow(records[1]!, mapHeader(records[0]!.fields), TODAY)
}
const problems = (row: string) => {
  const result = check(row)
  return "problems" in result ? result.problems.map((p) => `${p.column}: ${p.reason.en}`) : []
}
const withField = (index: number, value: string) => {
  const fields = parseCsv(GOOD).records[0]!.fields.slice()
  fields[index] = value
  return fields.map((f) => (f.includes(",") ? `"${f}"` : f)).join(",")
}

describe("registry row validation", () => {
  it("reads a good row of the national database's file", () => {
    const result = check(GOOD)
    expect("row" in result && result.row).toMatchObject({
      fullName: "Hạng Thị Chi",
      dateOfBirth: "1958-11-11",
      gender: "female",
      admissionDate: "1978-04-09",
      officialDate: "1979-04-09",
      partyCardNumber: "62001009",
      cellCode: "SPP-CB-BAN01",
      citizenId: "011158683383",
      phone: "+84912345678",
      status: "official",
      accountActivated: true,
      nameFolded: "hang thi chi",
      sortKey: nameSortKey("Hạng Thị Chi")
    })
  })
  it("accepts English headers", () => {
    const header = "No,Full name,Date of birth,Gender,Ethnicity,Admission date,Official date,Party card number,Cell code,Cell,Citizen ID,Phone,Status,Account"
    expect("row" in check(GOOD, header)).toBe(true)
  })
  it("stores NFD names and the lookalike Ð in NFC with Đ", () => {
    const result = check(withField(1, "\u00d0iêu Thị Lan".normalize("NFD")))
    expect("row" in result && result.row.fullName).toBe("Điêu Thị Lan")
  })
  it("recognizes a phone that lost its leading zero", () => {
    const result = check(withField(11, "912345678"))
    expect("row" in result && result.row.phone).toBe("+84912345678")
  })
  it("refuses impossible dates, naming the column", () => {
    expect(problems(withField(2, "31/02/1980"))).toEqual(["Ngày sinh: no such calendar day"])
  })
  it("refuses dates that are not dd/mm/yyyy", () => {
    expect(problems(withField(2, "1980-02-03"))).toEqual(["Ngày sinh: dates must be written dd/mm/yyyy"])
  })
  it("refuses a US-ordered date rather than reinterpreting it", () => {
    expect(problems(withField(5, "07/30/2003"))).toEqual(["Ngày vào Đảng: no such calendar day"])
  })
  it("refuses citizen ids that are not 12 digits", () => {
    expect(problems(withField(10, "01115868338"))).toEqual(["Số CCCD: must be exactly 12 digits"])
    expect(problems(withField(10, "01115868338X"))).toEqual(["Số CCCD: must be exactly 12 digits"])
  })
  it("refuses unknown statuses, genders and phones", () => {
    expect(problems(withField(12, "Đang công tác"))[0]).toMatch(/^Trạng thái: must be/)
    expect(problems(withField(3, "X"))[0]).toMatch(/^Giới tính: must be/)
    expect(problems(withField(11, "12345"))).toEqual(["Số điện thoại: not a Vietnamese phone number"])
  })
  it("requires an official date of an official member, and none of a probationary one", () => {
    expect(problems(withField(6, ""))).toEqual(["Ngày chính thức: required for an official member"])
    expect(problems(withField(12, "Dự bị"))).toEqual(["Ngày chính thức: a probationary member has no official date yet"])
  })
  it("reports every problem of a row at once", () => {
    expect(problems("1,,31/02/1980,Nữ,Mông,09/04/1978,09/04/1979,62001009,SPP-CB-BAN01,Chi bộ bản 01,123,,Chính thức,Đã kích hoạt")).toEqual([
      "Họ và tên: required, but empty",
      "Ngày sinh: no such calendar day",
      "Số CCCD: must be exactly 12 digits"
    ])
  })
  it("names the required columns a header lacks", () => {
    expect(mapHeader(["Họ và tên", "Ngày sinh"]).missing.map((c) => c.header)).toEqual([
      "Giới tính",
      "Ngày vào Đảng",
      "Mã chi bộ",
      "Số CCCD",
      "Trạng thái"
    ])
  })
})
