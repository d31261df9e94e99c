import { describe, expect, it } from "vitest"
import * as L from "../../src/rules/MemberLifecycle.js"
import * as T from "../../src/rules/Transfers.js"

const TODAY = "2026-12-03"
const decision = { decisionSymbol: "12-QĐ/ĐU", decisionDate: "2026-03-15", effectiveDate: "2026-03-15" }
const probationary: L.LifecycleState = { status: "probationary", admissionDate: "2025-01-15", officialDate: null, readmittedOn: null }
const official: L.LifecycleState = { status: "official", admissionDate: "2010-05-01", officialDate: "2011-05-01", readmittedOn: null }

describe("member lifecycle", () => {
  it("makes the official date admission + 12 months, however late the decision", () => {
    const result = L.applyTransition(probationary, { kind: "recognize", ...decision, votesFor: 6, votesEligible: 9 }, TODAY)
    expect(result).toMatchObject({ _tag: "applied", status: "official", officialDate: "2026-01-15", effectiveDate: "2026-01-15" })
  })

  it("needs two thirds of the cell for recognition, and the end of probation", () => {
    expect(L.applyTransition(probationary, { kind: "recognize", ...decision, votesFor: 5, votesEligible: 8 }, TODAY)._tag).toBe("problems")
    expect(L.applyTransition(probationary, { kind: "recognize", ...decision }, TODAY)._tag).toBe("problems")
    const early = L.applyTransition(probationary, { kind: "recognize", ...decision, decisionDate: "2025-12-01", votesFor: 9, votesEligible: 9 }, TODAY)
    expect(early).toMatchObject({ _tag: "problems", problems: [{ field: "decisionDate" }] })
    expect(L.reachesTwoThirds(6, 9)).toBe(true)
    expect(L.reachesTwoThirds(5, 8)).toBe(false)
    expect(L.reachesTwoThirds(0, 0)).toBe(false)
  })

  it("refuses what the status does not allow, naming the status", () => {
    expect(L.applyTransition({ ...official, status: "expelled" }, { kind: "recognize", ...decision, votesFor: 9, votesEligible: 9 }, TODAY))
      .toMatchObject({ _tag: "invalid", from: "expelled" })
    expect(L.applyTransition(probationary, { kind: "expel", ...decision }, TODAY))
      .toMatchObject({ _tag: "invalid", reason: { en: "a probationary member is removed, not expelled" } })
    expect(L.applyTransition({ ...official, status: "deceased" }, { kind: "die", ...decision }, TODAY)._tag).toBe("invalid")
    for (const kind of L.TRANSITION_KINDS) {
      for (const status of ["probationary", "official", "exempt", "suspended", "removed", "expelled", "deceased"] as const) {
        const result = L.applyTransition({ ...official, status }, { kind, ...decision, votesFor: 9, votesEligible: 9 }, TODAY)
        expect(result._tag === "invalid", `${kind} from ${status}`).toBe(!L.ALLOWED_FROM[kind].includes(status))
      }
    }
  })

  it("readmits once, restarting probation", () => {
    const removed = { ...official, status: "removed" as const }
    const once = L.applyTransition(removed, { kind: "readmit", ...decision, effectiveDate: "2026-04-01" }, TODAY)
    expect(once).toMatchObject({ _tag: "applied", status: "probationary", admissionDate: "2026-04-01", officialDate: null, readmittedOn: "2026-04-01" })
    expect(L.applyTransition({ ...removed, readmittedOn: "2020-01-01" }, { kind: "readmit", ...decision }, TODAY)._tag).toBe("invalid")
  })

  it("returns an exempt member to the status they had", () => {
    const exempt = { ...probationary, status: "exempt" as const, statusBeforeExemption: "probationary" as const }
    expect(L.applyTransition(exempt, { kind: "return", ...decision }, TODAY)).toMatchObject({ status: "probationary" })
    expect(L.applyTransition({ ...official, status: "exempt" }, { kind: "return", ...decision }, TODAY)).toMatchObject({ status: "official" })
  })

  it("checks symbols and dates", () => {
    expect(L.isDecisionSymbol("339-QĐ/TW")).toBe(true)
    expect(L.isDecisionSymbol("05-NQ/CB")).toBe(true)
    expect(L.isDecisionSymbol("439/QĐ-TTg")).toBe(false)
    expect(L.applyTransition(official, { kind: "suspend", ...decision, decisionDate: "2027-01-01" }, TODAY)).toMatchObject({ _tag: "problems", problems: [{ field: "decisionDate" }] })
    expect(L.applyTransition(official, { kind: "suspend", ...decision, decisionDate: "2026-02-30" }, TODAY)._tag).toBe("problems")
  })

  it("computes dates: months with short ends, working days, probation and its overdue flag", () => {
    expect(L.addMonths("2024-02-29", 12)).toBe("2025-02-28")
    expect(L.addMonths("2025-01-31", 1)).toBe("2025-02-28")
    expect(L.addWorkingDays("2026-12-04", 1)).toBe("2026-12-07")
    expect(L.probationEndsOn("2025-12-03")).toBe("2026-12-03")
    // Probation ended 2025-01-15; 30 working days later is 2025-02-26.
    expect(L.recognitionOverdue({ status: "probationary", admissionDate: "2024-01-15" }, "2025-02-26")).toBe(false)
    expect(L.recognitionOverdue({ status: "probationary", admissionDate: "2024-01-15" }, "2025-02-27")).toBe(true)
    expect(L.recognitionOverdue({ status: "official", admissionDate: "2024-01-15" }, "2026-02-27")).toBe(false)
  })

  it("computes Party age from the first admission decision, less the time out of the Party, for official members only", () => {
    expect(L.partyAgeDays({ status: "official", firstAdmission: "2020-01-01" }, [], "2021-01-01")).toBe(366)
    expect(L.partyAgeDays({ status: "probationary", firstAdmission: "2020-01-01" }, [], "2021-01-01")).toBeNull()
    const history = [
      { toStatus: "removed" as const, effectiveDate: "2020-07-01" },
      { toStatus: "probationary" as const, effectiveDate: "2020-08-01" },
      { toStatus: "official" as const, effectiveDate: "2021-08-01" }
    ]
    expect(L.partyAgeDays({ status: "official", firstAdmission: "2020-01-01" }, history, "2021-01-01")).toBe(366 - 31)
  })
})

describe("transfer rules", () => {
  it("flags letters not presented within 30 days", () => {
    expect(T.isOverdue({ status: "introduced", issuedOn: "2026-11-02" }, TODAY)).toBe(true)
    expect(T.isOverdue({ status: "introduced", issuedOn: "2026-11-03" }, TODAY)).toBe(false)
    expect(T.isOverdue({ status: "received", issuedOn: "2026-01-01" }, TODAY)).toBe(false)
  })

  it("needs an end date 3 months to 2 years away for a temporary placement, none for an official one", () => {
    expect(T.checkUntil("temporary", "2026-01-01", undefined)).not.toBeNull()
    expect(T.checkUntil("temporary", "2026-01-01", "2026-03-31")).not.toBeNull()
    expect(T.checkUntil("temporary", "2026-01-01", "2026-04-01")).toBeNull()
    expect(T.checkUntil("temporary", "2026-01-01", "2028-01-02")).not.toBeNull()
    expect(T.checkUntil("official", "2026-01-01", "2026-06-01")).not.toBeNull()
    expect(T.checkUntil("official", "2026-01-01", undefined)).toBeNull()
  })
})
