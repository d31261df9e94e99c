import { describe, expect, it } from "vitest"
import { formatVietnameseDate, isIsoDate, parseVietnameseDate, todayInVietnam } from "../../src/rules/DateOnly.js"

describe("parseVietnameseDate", () => {
  it("reads dd/mm/yyyy", () => {
    expect(parseVietnameseDate("09/04/1978")).toEqual({ date: "1978-04-09" })
    expect(parseVietnameseDate("9/4/1978")).toEqual({ date: "1978-04-09" })
    expect(parseVietnameseDate("29/02/2024")).toEqual({ date: "2024-02-29" })
  })
  it("refuses impossible days", () => {
    expect(parseVietnameseDate("31/02/1980")).toEqual({ problem: "impossible" })
    expect(parseVietnameseDate("29/02/2023")).toEqual({ problem: "impossible" })
    expect(parseVietnameseDate("00/01/2000")).toEqual({ problem: "impossible" })
  })
  it("refuses a US-ordered date instead of reinterpreting it", () => {
    expect(parseVietnameseDate("07/30/2003")).toEqual({ problem: "impossible" })
  })
  it("refuses other formats", () => {
    for (const text of ["1980-02-03", "03-02-1980", "3.2.1980", "03/02/80", "", "hôm qua"]) {
      expect(parseVietnameseDate(text)).toEqual({ problem: "format" })
    }
  })
  it("checks and formats ISO dates", () => {
    expect(isIsoDate("2025-02-30")).toBe(false)
    expect(isIsoDate("2025-02-28")).toBe(true)
    expect(formatVietnameseDate("2025-02-28")).toBe("28/02/2025")
  })
  it("knows today's date in Vietnam whatever the server's zone", () => {
    expect(todayInVietnam(new Date("2026-12-31T17:30:00Z"))).toBe("2027-01-01")
    expect(todayInVietnam(new Date("2026-12-31T16:59:59Z"))).toBe("2026-12-31")
  })
})
