/**
 * Meeting cadence (domain brief §12.4 rule 5) and the absence rule (rule 6).
 *
 * @since 0.2.0
 */
import { localParts, monthKey, quarterKey } from "./VietnamTime.js"

/**
 * A meeting as cadence needs it: its kind and start.
 *
 * @since 0.2.0
 * @category models
 */
export interface HeldMeeting {
  readonly kind: string
  readonly startsAt: Date
}

/**
 * The months and quarters of `months`/`quarters` in which a cell held no regular monthly meeting,
 * and no thematic one. A thematic meeting does not count as the month's regular meeting.
 *
 * @since 0.2.0
 * @category rules
 */
export const missing = (
  held: ReadonlyArray<HeldMeeting>,
  periods: { readonly months: ReadonlyArray<{ readonly key: string }>; readonly quarters: ReadonlyArray<{ readonly key: string }> }
) => {
  const regular = new Set<string>()
  const thematic = new Set<string>()
  for (const m of held) {
    const t = localParts(m.startsAt)
    if (m.kind === "regular_monthly") regular.add(monthKey(t.year, t.month))
    if (m.kind === "thematic") thematic.add(quarterKey(t.year, t.month))
  }
  return {
    monthsWithoutRegular: periods.months.map((p) => p.key).filter((k) => !regular.has(k)),
    quartersWithoutThematic: periods.quarters.map((p) => p.key).filter((k) => !thematic.has(k))
  }
}

/** Absences without reason in one calendar year that raise the flag. @since 0.2.0 @category constants */
export const ABSENCE_FLAG_THRESHOLD = 3

/**
 * Whether a member is flagged for the secretary: at least 3 absences without reason in one
 * calendar year, in a row or not (Charter: "3 months in a year").
 *
 * @since 0.2.0
 * @category rules
 */
export const absenceFlag = (absencesWithoutReasonInYear: number): boolean => absencesWithoutReasonInYear >= ABSENCE_FLAG_THRESHOLD

/**
 * Counts absences without reason per Vietnamese calendar year.
 *
 * @since 0.2.0
 * @category rules
 */
export const absencesByYear = (absences: ReadonlyArray<Date>): ReadonlyMap<number, number> => {
  const byYear = new Map<number, number>()
  for (const at of absences) {
    const y = localParts(at).year
    byYear.set(y, (byYear.get(y) ?? 0) + 1)
  }
  return byYear
}
