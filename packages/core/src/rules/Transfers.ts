/**
 * Transfer rules (domain brief §5.4, §12.4 rule 13): the 30-day deadline to present a letter, and
 * the length of a temporary placement.
 *
 * @since 0.2.0
 */
import type { Text } from "../model/Locale.js"
import { addMonths, daysBetween } from "./MemberLifecycle.js"

/** Days a member has to present the letter at the receiving organization. @since 0.2.0 @category constants */
export const PRESENT_WITHIN_DAYS = 30

/**
 * Whether an introduced letter is overdue: not presented more than 30 days after it was issued.
 *
 * @since 0.2.0
 * @category rules
 */
export const isOverdue = (transfer: { readonly status: string; readonly issuedOn: string }, today: string): boolean =>
  transfer.status === "introduced" && daysBetween(transfer.issuedOn, today) > PRESENT_WITHIN_DAYS

/**
 * Checks the end date of a placement: a temporary transfer must have one, from 3 months up to
 * 2 years (full-time training) after the letter; an official transfer has none.
 *
 * @since 0.2.0
 * @category rules
 */
export const checkUntil = (kind: "official" | "temporary", issuedOn: string, until: string | undefined): Text | null => {
  if (kind === "official") return until === undefined ? null : { vi: "chuyển chính thức không có ngày kết thúc", en: "an official transfer has no end date" }
  if (until === undefined) return { vi: "chuyển tạm thời phải có ngày kết thúc", en: "a temporary transfer needs an end date" }
  if (until < addMonths(issuedOn, 3)) return { vi: "tối thiểu 3 tháng", en: "at least 3 months" }
  if (until > addMonths(issuedOn, 24)) return { vi: "tối đa 2 năm", en: "at most 2 years" }
  return null
}
