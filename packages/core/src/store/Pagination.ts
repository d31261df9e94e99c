/**
 * Keyset pagination: opaque cursors over a unique sort order, never OFFSET.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { validationFailed } from "../model/Errors.js"

/** Largest page any list serves. @since 0.1.0 @category constants */
export const MAX_PAGE_SIZE = 200

/**
 * The page size to use: the requested one clamped to 1…200, or the default.
 *
 * @since 0.1.0
 * @category rules
 */
export const pageSize = (requested: number | undefined, fallback = 50): number =>
  requested === undefined ? fallback : Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(requested)))

/**
 * Encodes the sort values of the last row of a page.
 *
 * @since 0.1.0
 * @category constructors
 */
export const encodeCursor = (values: ReadonlyArray<string>): string => Buffer.from(JSON.stringify(values)).toString("base64url")

/**
 * What one value of a cursor must be: a UUID (a row's id), an instant (ISO 8601, as written by
 * `toISOString()`), or text (a sort key, a code) without the NUL character. A cursor is opaque
 * but not trusted: a client can make one up, and a value the store cannot compare with (a
 * malformed UUID or timestamp) must answer 400, not reach the query.
 *
 * @since 0.4.0
 * @category models
 */
export type CursorValue = "uuid" | "instant" | "text"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/

const valid = (kind: CursorValue, value: unknown): value is string => {
  if (typeof value !== "string" || value.length > 1000 || value.includes("\u0000")) return false
  if (kind === "uuid") return UUID.test(value)
  if (kind === "instant") return INSTANT.test(value) && !Number.isNaN(Date.parse(value))
  return true
}

/**
 * Decodes a cursor made by {@link encodeCursor} whose values are of the given kinds, or fails
 * naming `cursor`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeCursor = (cursor: string, kinds: ReadonlyArray<CursorValue>) => {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
    if (Array.isArray(values) && values.length === kinds.length && values.every((v, i) => valid(kinds[i]!, v))) {
      return Effect.succeed(values as ReadonlyArray<string>)
    }
  } catch {
    // fall through
  }
  return validationFailed([{ field: "cursor", text: { vi: "con trỏ trang không hợp lệ", en: "not a valid page cursor" } }])
}
