/**
 * The language of human-readable text: Vietnamese first, English beside it.
 *
 * @since 0.1.0
 */
import { Effect, FiberRef, Schema } from "effect"

/** @since 0.1.0 @category models */
export const Locale = Schema.Literal("vi", "en")

/** @since 0.1.0 @category models */
export type Locale = typeof Locale.Type

/**
 * A text in both languages.
 *
 * @since 0.1.0
 * @category models
 */
export interface Text {
  readonly vi: string
  readonly en: string
}

/**
 * The locale of the current request; the server sets it from `Accept-Language` (vi by default).
 *
 * @since 0.1.0
 * @category references
 */
export const CurrentLocale: FiberRef.FiberRef<Locale> = FiberRef.unsafeMake<Locale>("vi")

/**
 * Picks the language of an `Accept-Language` header: English when it prefers English over
 * Vietnamese, Vietnamese otherwise.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAcceptLanguage = (header: string | undefined): Locale => {
  if (!header) return "vi"
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";")
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="))
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1, index }
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    if (tag === "vi" || tag.startsWith("vi-")) return "vi"
    if (tag === "en" || tag.startsWith("en-")) return "en"
  }
  return "vi"
}

/**
 * The text in the current locale.
 *
 * @since 0.1.0
 * @category combinators
 */
export const localize = (text: Text): Effect.Effect<string> => Effect.map(FiberRef.get(CurrentLocale), (locale) => text[locale])
