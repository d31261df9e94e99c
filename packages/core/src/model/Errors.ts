/**
 * Errors that cross the wire: `{ _tag, message, … }`, the message in the request's language.
 * HTTP status codes are assigned by the server's contract, not here.
 *
 * @since 0.1.0
 */
import { Effect, FiberRef, Schema } from "effect"
import { CurrentLocale, type Text } from "./Locale.js"

/**
 * One field that failed validation.
 *
 * @since 0.1.0
 * @category models
 */
export const FieldProblem = Schema.Struct({
  field: Schema.String,
  message: Schema.String
}).annotations({ identifier: "FieldProblem" })

/** @since 0.1.0 @category models */
export type FieldProblem = typeof FieldProblem.Type

/** The object does not exist, or the caller may not know it exists. @since 0.1.0 @category errors */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", { message: Schema.String }) {}

/** The caller may see the object but not do this to it. @since 0.1.0 @category errors */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", { message: Schema.String }) {}

/** The request conflicts with the current state. @since 0.1.0 @category errors */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", { message: Schema.String }) {}

/**
 * A member lifecycle transition the member's current status does not allow (HTTP 409); names
 * the current status.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()("InvalidTransition", {
  message: Schema.String,
  currentStatus: Schema.String,
  transition: Schema.String
}) {}

/** No valid credentials. @since 0.1.0 @category errors */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()("Unauthenticated", {
  message: Schema.String
}) {}

/** Bad input, naming each offending field. @since 0.1.0 @category errors */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", {
  message: Schema.String,
  fields: Schema.Array(FieldProblem)
}) {}

/** Too many attempts; try again after `retryAfterSeconds`. @since 0.1.0 @category errors */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  message: Schema.String,
  retryAfterSeconds: Schema.Number
}) {}

/** The request body is larger than the route accepts. @since 0.1.0 @category errors */
export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()("PayloadTooLarge", {
  message: Schema.String,
  limitBytes: Schema.Number
}) {}

const localized = <A>(make: (message: string) => A) => (text: Text): Effect.Effect<A> =>
  Effect.map(FiberRef.get(CurrentLocale), (locale) => make(text[locale]))

/**
 * Fails with a {@link NotFound} in the current locale.
 *
 * @since 0.1.0
 * @category constructors
 */
export const notFound = (text: Text = { vi: "Không tìm thấy", en: "Not found" }): Effect.Effect<never, NotFound> =>
  Effect.flatMap(localized((message) => new NotFound({ message }))(text), Effect.fail)

/** @since 0.1.0 @category constructors */
export const forbidden = (text: Text): Effect.Effect<never, Forbidden> =>
  Effect.flatMap(localized((message) => new Forbidden({ message }))(text), Effect.fail)

/** @since 0.1.0 @category constructors */
export const conflict = (text: Text): Effect.Effect<never, Conflict> =>
  Effect.flatMap(localized((message) => new Conflict({ message }))(text), Effect.fail)

/** @since 0.1.0 @category constructors */
export const unauthenticated = (
  text: Text = { vi: "Chưa đăng nhập hoặc phiên đã hết hạn", en: "Not signed in, or the session has expired" }
): Effect.Effect<never, Unauthenticated> =>
  Effect.flatMap(localized((message) => new Unauthenticated({ message }))(text), Effect.fail)

/**
 * A field problem in both languages, before the locale is chosen.
 *
 * @since 0.1.0
 * @category models
 */
export interface FieldText {
  readonly field: string
  readonly text: Text
}

/**
 * Fails with a {@link ValidationFailed} naming every field, in the current locale.
 *
 * @since 0.1.0
 * @category constructors
 */
export const validationFailed = (problems: ReadonlyArray<FieldText>): Effect.Effect<never, ValidationFailed> =>
  Effect.flatMap(FiberRef.get(CurrentLocale), (locale) => {
    const fields = problems.map((p) => ({ field: p.field, message: p.text[locale] }))
    const names = fields.map((f) => f.field).join(", ")
    const message = locale === "vi"
      ? `Dữ liệu không hợp lệ ở trường ${names}: ${fields.map((f) => f.message).join("; ")}`
      : `Invalid input in ${names}: ${fields.map((f) => f.message).join("; ")}`
    return Effect.fail(new ValidationFailed({ message, fields }))
  })

/**
 * Fails with an {@link InvalidTransition} naming the current status, in the current locale.
 *
 * @since 0.2.0
 * @category constructors
 */
export const invalidTransition = (
  transition: string,
  currentStatus: string,
  reason: Text
): Effect.Effect<never, InvalidTransition> =>
  Effect.flatMap(FiberRef.get(CurrentLocale), (locale) =>
    Effect.fail(new InvalidTransition({
      message: locale === "vi"
        ? `Không thể chuyển trạng thái (hiện tại: ${currentStatus}): ${reason.vi}`
        : `Invalid transition (current status: ${currentStatus}): ${reason.en}`,
      currentStatus,
      transition
    })))
