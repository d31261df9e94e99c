/**
 * Instants and periods in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), whatever the time zone of
 * the server or the client. Instants travel as ISO 8601 with the `+07:00` offset; a month, a
 * quarter or a year is a Vietnamese calendar period.
 *
 * @since 0.2.0
 */
import { isCalendarDate, isIsoDate } from "./DateOnly.js"

/** The offset of Vietnam from UTC, in milliseconds. @since 0.2.0 @category constants */
export const OFFSET_MS = 7 * 60 * 60 * 1000

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/**
 * The wall-clock fields of an instant in Vietnam.
 *
 * @since 0.2.0
 * @category models
 */
export interface LocalTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

/**
 * The Vietnamese wall-clock fields of an instant.
 *
 * @since 0.2.0
 * @category rules
 */
export const localParts = (instant: Date): LocalTime => {
  const shifted = new Date(instant.getTime() + OFFSET_MS)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds()
  }
}

/**
 * The instant of a Vietnamese wall-clock time.
 *
 * @since 0.2.0
 * @category rules
 */
export const fromLocal = (t: LocalTime): Date =>
  new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - OFFSET_MS)

/**
 * An instant as ISO 8601 in Vietnam time, e.g. `2026-01-15T19:30:00+07:00`.
 *
 * @since 0.2.0
 * @category rules
 */
export const formatInstant = (instant: Date): string => {
  const t = localParts(instant)
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}+07:00`
}

/**
 * The Vietnamese calendar date (`YYYY-MM-DD`) of an instant.
 *
 * @since 0.2.0
 * @category rules
 */
export const localDate = (instant: Date): string => formatInstant(instant).slice(0, 10)

/** Why an instant text was refused. @since 0.2.0 @category models */
export type InstantProblem = "format" | "impossible"

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/

/**
 * Parses an ISO 8601 date-time. With an offset (`Z`, `+07:00`, `-05:00`) it names that instant;
 * without one it is read as Vietnam wall-clock time. A day that does not exist (`2025-02-30`) is
 * refused as impossible, never rolled over into March.
 *
 * @since 0.2.0
 * @category rules
 */
export const parseInstant = (text: string): { readonly instant: Date } | { readonly problem: InstantProblem } => {
  const m = INSTANT.exec(text.trim())
  if (!m) return { problem: "format" }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]))
  const second = m[6] === undefined ? 0 : Number(m[6])
  if (!isCalendarDate(year!, month!, day!) || hour! > 23 || minute! > 59 || second > 59) return { problem: "impossible" }
  const zone = m[7]
  let offsetMs = OFFSET_MS
  if (zone === "Z") offsetMs = 0
  else if (zone !== undefined) {
    const sign = zone.startsWith("-") ? -1 : 1
    const [h, mm] = zone.slice(1).split(":").map(Number)
    if (h! > 14 || mm! > 59) return { problem: "impossible" }
    offsetMs = sign * (h! * 60 + mm!) * 60 * 1000
  }
  return { instant: new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second) - offsetMs) }
}

/**
 * The same Vietnamese wall-clock time `months` later; the day is clamped to the month's last day
 * (a series on the 31st meets on 28/29 February). Vietnam has no daylight saving, so the local
 * time never drifts.
 *
 * @since 0.2.0
 * @category rules
 */
export const addMonthsLocal = (instant: Date, months: number, dayOfMonth?: number): Date => {
  const t = localParts(instant)
  const index = t.year * 12 + (t.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const wanted = dayOfMonth ?? t.day
  let day = wanted
  while (!isCalendarDate(year, month, day)) day--
  return fromLocal({ ...t, year, month, day })
}

/**
 * Start of a Vietnamese calendar day (`YYYY-MM-DD`) as an instant.
 *
 * @since 0.2.0
 * @category rules
 */
export const startOfDay = (isoDate: string): Date => {
  const [y, m, d] = isoDate.split("-").map(Number)
  return fromLocal({ year: y!, month: m!, day: d!, hour: 0, minute: 0, second: 0 })
}

/**
 * The half-open interval of instants `[from 00:00, to+1 00:00)` covering the Vietnamese dates
 * `from`…`to` inclusive.
 *
 * @since 0.2.0
 * @category rules
 */
export const periodBounds = (from: string, to: string): { readonly start: Date; readonly end: Date } => ({
  start: startOfDay(from),
  end: new Date(startOfDay(to).getTime() + 24 * 60 * 60 * 1000)
})

/** A month as `YYYY-MM`. @since 0.2.0 @category rules */
export const monthKey = (year: number, month: number): string => `${pad(year, 4)}-${pad(month)}`

/** A quarter as `YYYY-Qn`. @since 0.2.0 @category rules */
export const quarterKey = (year: number, month: number): string => `${pad(year, 4)}-Q${Math.floor((month - 1) / 3) + 1}`

/**
 * The calendar months and quarters wholly inside the dates `from`…`to` (a period that cuts a month
 * in half does not demand that month's meeting). Each with its first and last date.
 *
 * @since 0.2.0
 * @category rules
 */
export const wholePeriods = (from: string, to: string) => {
  const months: Array<{ key: string; from: string; to: string }> = []
  const quarters: Array<{ key: string; from: string; to: string }> = []
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) return { months, quarters }
  const [fy, fm] = from.split("-").map(Number)
  const lastDay = (y: number, m: number) => {
    let d = 31
    while (!isCalendarDate(y, m, d)) d--
    return d
  }
  for (let index = fy! * 12 + fm! - 1; ; index++) {
    const y = Math.floor(index / 12)
    const m = (index % 12) + 1
    const first = `${pad(y, 4)}-${pad(m)}-01`
    const last = `${pad(y, 4)}-${pad(m)}-${pad(lastDay(y, m))}`
    if (first > to) break
    if (first >= from && last <= to) months.push({ key: monthKey(y, m), from: first, to: last })
    if ((m - 1) % 3 === 0) {
      const qLast = `${pad(y, 4)}-${pad(m + 2)}-${pad(lastDay(y, m + 2))}`
      if (first >= from && qLast <= to) quarters.push({ key: quarterKey(y, m), from: first, to: qLast })
    }
  }
  return { months, quarters }
}
