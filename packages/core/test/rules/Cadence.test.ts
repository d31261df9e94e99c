import { Cadence, MeetingState, VietnamTime } from "@sotay/core"
import { describe, expect, it } from "vitest"

const at = (text: string) => (VietnamTime.parseInstant(text) as { instant: Date }).instant

describe("rule 5: cadence", () => {
  const q1 = VietnamTime.wholePeriods("2026-01-01", "2026-03-31")
  it("lists the months without a regular meeting and the quarters without a thematic one", () => {
    const held = [
      { kind: "regular_monthly", startsAt: at("2026-01-10T19:30") },
      { kind: "thematic", startsAt: at("2026-02-20T19:30") },
      { kind: "regular_monthly", startsAt: at("2026-03-10T19:30") }
    ]
    expect(Cadence.missing(held, q1)).toEqual({ monthsWithoutRegular: ["2026-02"], quartersWithoutThematic: [] })
  })

  it("does not let a thematic meeting stand in for the monthly one", () => {
    expect(Cadence.missing([{ kind: "thematic", startsAt: at("2026-01-10T19:30") }], q1).monthsWithoutRegular).toEqual(["2026-01", "2026-02", "2026-03"])
  })

  it("places a meeting in the Vietnamese month, not the UTC one", () => {
    // 1 February 00:30 in Vietnam is still 31 January in UTC
    expect(Cadence.missing([{ kind: "regular_monthly", startsAt: at("2026-02-01T00:30:00+07:00") }], q1).monthsWithoutRegular).toEqual(["2026-01", "2026-03"])
  })
})

describe("rule 6: absences", () => {
  it("flags 3 absences without reason in one calendar year, in a row or not", () => {
    expect(Cadence.absenceFlag(2)).toBe(false)
    expect(Cadence.absenceFlag(3)).toBe(true)
    const byYear = Cadence.absencesByYear([at("2026-01-10T19:00"), at("2026-05-10T19:00"), at("2026-11-10T19:00"), at("2027-01-10T19:00")])
    expect([...byYear.entries()]).toEqual([[2026, 3], [2027, 1]])
  })

  it("counts the Vietnamese year: 1 January 00:30 in Vietnam belongs to the new year", () => {
    expect([...Cadence.absencesByYear([at("2027-01-01T00:30:00+07:00")]).keys()]).toEqual([2027])
  })
})

describe("meeting state machine", () => {
  it("goes draft → scheduled → in progress → concluded → published, and cancels before concluding", () => {
    expect(MeetingState.canTransition("draft", "scheduled")).toBe(true)
    expect(MeetingState.canTransition("scheduled", "in_progress")).toBe(true)
    expect(MeetingState.canTransition("in_progress", "concluded")).toBe(true)
    expect(MeetingState.canTransition("concluded", "published")).toBe(true)
    expect(MeetingState.canTransition("draft", "in_progress")).toBe(false)
    expect(MeetingState.canTransition("concluded", "cancelled")).toBe(false)
    expect(MeetingState.canTransition("cancelled", "scheduled")).toBe(false)
    expect(MeetingState.nextStates("published")).toEqual([])
  })
})
