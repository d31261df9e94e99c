/**
 * Vote and quorum evaluation (domain brief §6.3, §12.4 rules 7 and 8): pure functions over the
 * cell's members as the meeting saw them, returning the numbers and the verdict.
 *
 * @since 0.2.0
 */

/**
 * Attendance of one member at one meeting. `not_required` covers members temporarily away and
 * exempt members who were not expected; `null` is not yet recorded.
 *
 * @since 0.2.0
 * @category models
 */
export type AttendanceStatus = "present" | "absent_with_reason" | "absent_without_reason" | "not_required"

/**
 * One member of the cell, as the vote rule needs them.
 *
 * @since 0.2.0
 * @category models
 */
export interface VoterFacts {
  /** Member status: `official`, `probationary`, `exempt`, `suspended`, … */
  readonly status: string
  /** Temporarily transferred away from the cell (their activities are elsewhere). */
  readonly temporarilyAway: boolean
  readonly attendance: AttendanceStatus | null
}

/**
 * Why each member counts or not in the denominator.
 *
 * @since 0.2.0
 * @category models
 */
export interface Denominator {
  /**
   * The cell's official members: official, exempt and suspended status (not probationary). The
   * exclusions are taken from them: `officialMembers` minus the four `excluded…` counts is
   * `eligible`.
   */
  readonly officialMembers: number
  readonly excludedTemporarilyAway: number
  readonly excludedAbsentExempt: number
  readonly excludedSuspended: number
  readonly excludedAbsentWithReason: number
  /** Probationary members: never voters. */
  readonly probationaryNotVoting: number
  /** The eligible denominator. */
  readonly eligible: number
  /** Of the eligible, those present: the most votes that can be cast. */
  readonly presentEligible: number
}

/**
 * The eligible denominator of rule 7: the cell's official members, minus members temporarily away,
 * absent exempt members (an exempt member who is present counts), suspended members, and official
 * members absent throughout with a reason. Probationary members never vote.
 *
 * @since 0.2.0
 * @category rules
 */
export const denominator = (members: ReadonlyArray<VoterFacts>): Denominator => {
  let officials = 0, away = 0, absentExempt = 0, suspended = 0, withReason = 0, probationary = 0, eligible = 0, present = 0
  for (const m of members) {
    if (m.status === "probationary") {
      probationary++
      continue
    }
    if (m.status === "suspended") {
      suspended++
      continue
    }
    if (m.status === "exempt") {
      if (m.attendance === "present" && !m.temporarilyAway) {
        officials++
        eligible++
        present++
      } else absentExempt++
      continue
    }
    if (m.status !== "official") continue
    officials++
    if (m.temporarilyAway || m.attendance === "not_required") away++
    else if (m.attendance === "absent_with_reason") withReason++
    else {
      eligible++
      if (m.attendance === "present") present++
    }
  }
  return {
    officialMembers: officials + suspended + absentExempt,
    excludedTemporarilyAway: away,
    excludedAbsentExempt: absentExempt,
    excludedSuspended: suspended,
    excludedAbsentWithReason: withReason,
    probationaryNotVoting: probationary,
    eligible,
    presentEligible: present
  }
}

/**
 * What a vote decides. Admission, official recognition and removal of a probationary member need
 * at least two thirds; everything else more than half.
 *
 * @since 0.2.0
 * @category models
 */
export type VoteKind = "ordinary" | "admission" | "official_recognition" | "probationary_removal"

/** @since 0.2.0 @category models */
export type Threshold = "more_than_half" | "at_least_two_thirds"

/**
 * The threshold of a kind of vote (rule 7).
 *
 * @since 0.2.0
 * @category rules
 */
export const thresholdOf = (kind: VoteKind): Threshold => (kind === "ordinary" ? "more_than_half" : "at_least_two_thirds")

/**
 * The fewest yes votes that pass: `yes > n/2` or `yes ≥ 2n/3`, in integers (no rounding error).
 *
 * @since 0.2.0
 * @category rules
 */
export const yesNeeded = (threshold: Threshold, eligible: number): number =>
  threshold === "more_than_half" ? Math.floor(eligible / 2) + 1 : Math.ceil((2 * eligible) / 3)

/**
 * A vote's counts checked against its denominator.
 *
 * @since 0.2.0
 * @category models
 */
export type VoteVerdict =
  | {
    readonly valid: true
    readonly eligible: number
    readonly threshold: Threshold
    readonly yesNeeded: number
    readonly passed: boolean
  }
  | { readonly valid: false; readonly field: "yes" | "no" | "abstain"; readonly reason: "negative" | "exceeds_eligible" | "exceeds_present" | "no_eligible" }

/**
 * Evaluates a vote: the counts must be whole, non-negative and at most the eligible members
 * present; it passes when the yes votes reach the threshold of the eligible denominator (absent
 * eligible members count against, as the Charter counts "of the members", not "of the votes").
 *
 * @since 0.2.0
 * @category rules
 */
export const evaluateVote = (
  counts: { readonly yes: number; readonly no: number; readonly abstain: number },
  kind: VoteKind,
  d: Pick<Denominator, "eligible" | "presentEligible">
): VoteVerdict => {
  for (const field of ["yes", "no", "abstain"] as const) {
    if (!Number.isInteger(counts[field]) || counts[field] < 0) return { valid: false, field, reason: "negative" }
  }
  if (d.eligible === 0) return { valid: false, field: "yes", reason: "no_eligible" }
  const total = counts.yes + counts.no + counts.abstain
  const field = counts.abstain > 0 ? "abstain" : counts.no > 0 ? "no" : "yes"
  if (total > d.eligible) return { valid: false, field, reason: "exceeds_eligible" }
  if (total > d.presentEligible) return { valid: false, field, reason: "exceeds_present" }
  const threshold = thresholdOf(kind)
  const needed = yesNeeded(threshold, d.eligible)
  return { valid: true, eligible: d.eligible, threshold, yesNeeded: needed, passed: counts.yes >= needed }
}

/**
 * A meeting's quorum policy. No source confirms a quorum rule for ordinary cell meetings (domain
 * brief §6.3, [U]), so it is configurable: `none`, more than half, or at least two thirds, of the
 * eligible voters (rule 7) or of every member expected.
 *
 * @since 0.2.0
 * @category models
 */
export interface QuorumPolicy {
  readonly rule: "none" | "more_than_half" | "at_least_two_thirds"
  readonly base: "eligible_voters" | "expected_members"
}

/** The default: more than half of the eligible voters. Unverified. @since 0.2.0 @category constants */
export const DEFAULT_QUORUM: QuorumPolicy = { rule: "more_than_half", base: "eligible_voters" }

/**
 * The quorum verdict, with its numbers.
 *
 * @since 0.2.0
 * @category models
 */
export interface QuorumResult {
  readonly policy: QuorumPolicy
  readonly base: number
  readonly present: number
  readonly required: number
  readonly met: boolean
  readonly verified: false
}

/**
 * Evaluates the quorum: `present` of `base` against the policy's fraction.
 *
 * @since 0.2.0
 * @category rules
 */
export const evaluateQuorum = (
  policy: QuorumPolicy,
  numbers: { readonly eligible: number; readonly presentEligible: number; readonly expected: number; readonly presentExpected: number }
): QuorumResult => {
  const [base, present] = policy.base === "eligible_voters"
    ? [numbers.eligible, numbers.presentEligible]
    : [numbers.expected, numbers.presentExpected]
  const required = policy.rule === "none" ? 0 : yesNeeded(policy.rule, base)
  return { policy, base, present, required, met: present >= required, verified: false }
}
