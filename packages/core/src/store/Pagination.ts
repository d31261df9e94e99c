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
 * Decodes a cursor made by {@link encodeCursor} with `arity` values, or fails naming `cursor`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeCursor = (cursor: string, arity: number) => {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === "string")) {
      return Effect.succeed(values as ReadonlyArray<string>)
    }
  } catch {
    // fall through
  }
  return validationFailed([{ field: "cursor", text: { vi: "con trỏ trang không hợp lệ", en: "not a valid page cursor" } }])
}
