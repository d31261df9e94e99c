import { VietnamTime } from "@sotay/core"
import { describe, expect, it } from "vitest"

describe("Vietnam time", () => {
  it("formats instants with +07:00 and the Vietnamese calendar date", () => {
    const d = new Date("2026-12-31T17:30:00Z")
    expect(VietnamTime.formatInstant(d)).toBe("2027-01-01T00:30:00+07:00")
    expect(VietnamTime.localDate(d)).toBe("2027-01-01")
  })

  it("reads an offset when given, and Vietnam time when not", () => {
    const r1 = VietnamTime.parseInstant("2026-03-10T19:30:00+07:00") as { instant: Date }
    const r2 = VietnamTime.parseInstant("2026-03-10T19:30") as { instant: Date }
    const r3 = VietnamTime.parseInstant("2026-03-10T07:30:00-05:00") as { instant: Date }
    const r4 = VietnamTime.parseInstant("2026-03-10T12:30:00Z") as { instant: Date }
    expect(r1.instant.toISOString()).toBe("2026-03-10T12:30:00.000Z")
    expect(r2.instant.getTime()).toBe(r1.instant.getTime())
    expect(r3.instant.getTime()).toBe(r1.instant.getTime())
    expect(r4.instant.getTime()).toBe(r1.instant.getTime())
  })

  it("refuses days that do not exist, never rolling them over", () => {
    expect(VietnamTime.parseInstant("2025-02-30T19:00:00+07:00")).toEqual({ problem: "impossible" })
    expect(VietnamTime.parseInstant("2026-02-29T19:00")).toEqual({ problem: "impossible" })
    expect(VietnamTime.parseInstant("2028-02-29T19:00")).toHaveProperty("instant")
    expect(VietnamTime.parseInstant("2026-04-10T24:00")).toEqual({ problem: "impossible" })
    expect(VietnamTime.parseInstant("10/04/2026 19:00")).toEqual({ problem: "format" })
    expect(VietnamTime.parseInstant("2026-04-10")).toEqual({ problem: "format" })
  })

  it("keeps a monthly series at the same local time, clamping the day", () => {
    const first = (VietnamTime.parseInstant("2026-01-31T19:30:00+07:00") as { instant: Date }).instant
    const series = [0, 1, 2, 3].map((i) => VietnamTime.formatInstant(VietnamTime.addMonthsLocal(first, i, 31)))
    expect(series).toEqual(["2026-01-31T19:30:00+07:00", "2026-02-28T19:30:00+07:00", "2026-03-31T19:30:00+07:00", "2026-04-30T19:30:00+07:00"])
    const dec = (VietnamTime.parseInstant("2026-12-15T07:00") as { instant: Date }).instant
    expect(VietnamTime.formatInstant(VietnamTime.addMonthsLocal(dec, 1))).toBe("2027-01-15T07:00:00+07:00")
  })

  it("bounds a period of Vietnamese dates by Vietnamese midnights", () => {
    const { start, end } = VietnamTime.periodBounds("2026-01-01", "2026-01-31")
    expect(start.toISOString()).toBe("2025-12-31T17:00:00.000Z")
    expect(end.toISOString()).toBe("2026-01-31T17:00:00.000Z")
  })

  it("finds the whole months and quarters of a period", () => {
    expect(VietnamTime.wholePeriods("2026-01-01", "2026-03-31")).toEqual({
      months: [
        { key: "2026-01", from: "2026-01-01", to: "2026-01-31" },
        { key: "2026-02", from: "2026-02-01", to: "2026-02-28" },
        { key: "2026-03", from: "2026-03-01", to: "2026-03-31" }
      ],
      quarters: [{ key: "2026-Q1", from: "2026-01-01", to: "2026-03-31" }]
    })
    const cut = VietnamTime.wholePeriods("2026-01-15", "2026-04-30")
    expect(cut.months.map((m) => m.key)).toEqual(["2026-02", "2026-03", "2026-04"])
    expect(cut.quarters).toEqual([])
  })
})
