import { Votes } from "@sotay/core"
import { describe, expect, it } from "vitest"

const member = (status: string, attendance: Votes.AttendanceStatus | null, temporarilyAway = false): Votes.VoterFacts => ({ status, attendance, temporarilyAway })

describe("rule 7: the eligible denominator", () => {
  it("counts the cell's official members minus the exclusions, never probationary members", () => {
    const d = Votes.denominator([
      ...Array.from({ length: 10 }, () => member("official", "present")),
      member("official", "absent_without_reason"),
      member("official", "absent_with_reason"),
      member("official", null, true),
      member("exempt", "present"),
      member("exempt", null),
      member("suspended", null),
      member("probationary", "present"),
      member("probationary", "present")
    ])
    expect(d).toEqual({
      officialMembers: 16,
      excludedTemporarilyAway: 1,
      excludedAbsentExempt: 1,
      excludedSuspended: 1,
      excludedAbsentWithReason: 1,
      probationaryNotVoting: 2,
      eligible: 12,
      presentEligible: 11
    })
  })

  it("adds up: official members minus the four exclusions is the eligible denominator, whatever the mix", () => {
    const statuses = ["official", "official", "official", "exempt", "suspended", "probationary"]
    const attendances: Array<Votes.AttendanceStatus | null> = ["present", "absent_with_reason", "absent_without_reason", "not_required", null]
    let seed = 7
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    for (let run = 0; run < 200; run++) {
      const members = Array.from({ length: 1 + next(30) }, () => member(statuses[next(statuses.length)]!, attendances[next(attendances.length)]!, next(8) === 0))
      const d = Votes.denominator(members)
      expect(d.officialMembers - d.excludedTemporarilyAway - d.excludedAbsentExempt - d.excludedSuspended - d.excludedAbsentWithReason).toBe(d.eligible)
      expect(d.officialMembers + d.probationaryNotVoting).toBe(members.filter((m) => ["official", "exempt", "suspended", "probationary"].includes(m.status)).length)
    }
  })

  it("treats a member marked not required as away", () => {
    expect(Votes.denominator([member("official", "not_required"), member("official", "present")]).eligible).toBe(1)
  })
})

describe("thresholds", () => {
  it("needs more than half by default and at least two thirds for admission, recognition and removal", () => {
    expect(Votes.thresholdOf("ordinary")).toBe("more_than_half")
    for (const kind of ["admission", "official_recognition", "probationary_removal"] as const) expect(Votes.thresholdOf(kind)).toBe("at_least_two_thirds")
    expect([10, 11, 15, 9, 1].map((n) => Votes.yesNeeded("more_than_half", n))).toEqual([6, 6, 8, 5, 1])
    expect([15, 9, 10, 12, 1].map((n) => Votes.yesNeeded("at_least_two_thirds", n))).toEqual([10, 6, 7, 8, 1])
  })

  it("passes and fails at the exact boundary", () => {
    const d = { eligible: 15, presentEligible: 12 }
    expect(Votes.evaluateVote({ yes: 10, no: 2, abstain: 0 }, "official_recognition", d)).toMatchObject({ valid: true, passed: true, yesNeeded: 10 })
    expect(Votes.evaluateVote({ yes: 9, no: 3, abstain: 0 }, "official_recognition", d)).toMatchObject({ valid: true, passed: false })
    expect(Votes.evaluateVote({ yes: 8, no: 4, abstain: 0 }, "ordinary", d)).toMatchObject({ passed: true, yesNeeded: 8 })
    expect(Votes.evaluateVote({ yes: 7, no: 5, abstain: 0 }, "ordinary", d)).toMatchObject({ passed: false })
    // 10 eligible: 5 yes is exactly half, not more than half
    expect(Votes.evaluateVote({ yes: 5, no: 5, abstain: 0 }, "ordinary", { eligible: 10, presentEligible: 10 })).toMatchObject({ passed: false })
  })

  it("refuses counts above the eligible members or those present, and negative counts", () => {
    expect(Votes.evaluateVote({ yes: 14, no: 1, abstain: 1 }, "ordinary", { eligible: 15, presentEligible: 15 })).toEqual({ valid: false, field: "abstain", reason: "exceeds_eligible" })
    expect(Votes.evaluateVote({ yes: 13, no: 0, abstain: 0 }, "ordinary", { eligible: 15, presentEligible: 12 })).toEqual({ valid: false, field: "yes", reason: "exceeds_present" })
    expect(Votes.evaluateVote({ yes: -1, no: 0, abstain: 0 }, "ordinary", { eligible: 15, presentEligible: 12 })).toMatchObject({ valid: false, field: "yes", reason: "negative" })
    expect(Votes.evaluateVote({ yes: 0, no: 0, abstain: 0 }, "ordinary", { eligible: 0, presentEligible: 0 })).toMatchObject({ valid: false, reason: "no_eligible" })
  })
})

describe("quorum", () => {
  const numbers = { eligible: 15, presentEligible: 8, expected: 17, presentExpected: 9 }
  it("evaluates the configured policy and says it is unverified", () => {
    expect(Votes.evaluateQuorum(Votes.DEFAULT_QUORUM, numbers)).toEqual({ policy: Votes.DEFAULT_QUORUM, base: 15, present: 8, required: 8, met: true, verified: false })
    expect(Votes.evaluateQuorum({ rule: "at_least_two_thirds", base: "eligible_voters" }, numbers)).toMatchObject({ required: 10, met: false })
    expect(Votes.evaluateQuorum({ rule: "more_than_half", base: "expected_members" }, numbers)).toMatchObject({ base: 17, present: 9, required: 9, met: true })
    expect(Votes.evaluateQuorum({ rule: "none", base: "eligible_voters" }, { ...numbers, presentEligible: 0 })).toMatchObject({ required: 0, met: true })
  })
})
