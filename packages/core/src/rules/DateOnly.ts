/**
 * Date-only values (birth, admission, recognition): always `YYYY-MM-DD` strings, never a JS `Date`,
 * so no time zone can move them a day.
 *
 * @since 0.1.0
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/**
 * Whether year, month and day name a real calendar day (31/02 does not).
 *
 * @since 0.1.0
 * @category rules
 */
export const isCalendarDate = (year: number, month: number, day: number): boolean => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (year < 1850 || year > 2200 || month < 1 || month > 12 || day < 1) return false
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= days
}

/** Why a date text was refused. @since 0.1.0 @category models */
export type DateProblem = "format" | "impossible"

/**
 * Parses a Vietnamese `dd/mm/yyyy` date (one-digit day and month allowed) to `YYYY-MM-DD`.
 * A US-ordered `07/30/2003` is refused as impossible, never reinterpreted; ISO and other forms
 * are refused as the wrong format.
 *
 * @since 0.1.0
 * @category rules
 */
export const parseVietnameseDate = (text: string): { readonly date: string } | { readonly problem: DateProblem } => {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim())
  if (!match) return { problem: "format" }
  const day = Number(match[1])
  const month = Number(match[2])
  const year = Number(match[3])
  if (!isCalendarDate(year, month, day)) return { problem: "impossible" }
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` }
}

/**
 * Whether a `YYYY-MM-DD` string names a real calendar day.
 *
 * @since 0.1.0
 * @category rules
 */
export const isIsoDate = (text: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
}

/**
 * Formats a `YYYY-MM-DD` date the Vietnamese way, `dd/mm/yyyy`.
 *
 * @since 0.1.0
 * @category rules
 */
export const formatVietnameseDate = (isoDate: string): string => {
  const [year, month, day] = isoDate.split("-")
  return `${day}/${month}/${year}`
}

/**
 * Today's date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), whatever the server's zone.
 *
 * @since 0.1.0
 * @category rules
 */
export const todayInVietnam = (now: Date = new Date()): string => {
  const shifted = new Date(now.getTime() + 7 * 60 * 60 * 1000)
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`
}
