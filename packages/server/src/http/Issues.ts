/**
 * The framework's decode issues, made readable: one issue for a value that matched none of a
 * union's literals (instead of one per literal), no "Expected undefined" echo of an optional
 * query parameter beside the real problem, and, in Vietnamese, the messages of Effect Schema's
 * standard checks said in Vietnamese. A message this module does not know stays as it is.
 *
 * @since 0.4.0
 */
import type { HttpApiError } from "@effect/platform"
import type { Locale } from "@sotay/core"

/** @since 0.4.0 @category models */
export type Issue = typeof HttpApiError.Issue.Type

const pathKey = (issue: Issue) => JSON.stringify(issue.path)

/** `Expected "thematic", actual "weekly"`: one literal of a union that did not match. */
const LITERAL = /^Expected ("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null), actual (.*)$/s

/** Descriptions our own schemas give, in Vietnamese. */
const DESCRIPTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^a real calendar date YYYY-MM-DD between (\d+) and (\d+)$/, "một ngày có thật, dạng YYYY-MM-DD, từ năm $1 đến năm $2"]
]

/** Messages our own schemas give, said as they are in Vietnamese. */
const OWN: ReadonlyMap<string, string> = new Map([["must contain more than spaces", "không được chỉ có khoảng trắng"]])

const describeVi = (description: string) => {
  for (const [pattern, vi] of DESCRIPTIONS) if (pattern.test(description)) return description.replace(pattern, vi)
  return undefined
}

/** Effect Schema's standard messages, in Vietnamese; `undefined` for one it does not know. */
const TRANSLATIONS: ReadonlyArray<readonly [RegExp, string | ((...groups: Array<string>) => string | undefined)]> = [
  [/^is missing$/, "bắt buộc, chưa có"],
  [/^is unexpected, expected: (.*)$/s, "không có trường này; các trường nhận: $1"],
  [/^Expected one of (.*), actual (.*)$/s, (choices, actual) => `phải là một trong ${choices!.split(" | ").join(", ")} (nhận được ${actual})`],
  [/^Expected a string at least (\d+) character\(s\) long, actual (.*)$/s, "phải có ít nhất $1 ký tự (nhận được $2)"],
  [/^Expected a string at most (\d+) character\(s\) long, actual (.*)$/s, "tối đa $1 ký tự (nhận được $2)"],
  [/^Expected a number between (\S+) and (\S+), actual (.*)$/s, "phải là số từ $1 đến $2 (nhận được $3)"],
  [/^Expected a number greater than or equal to (\S+), actual (.*)$/s, "phải là số lớn hơn hoặc bằng $1 (nhận được $2)"],
  [/^Expected a number less than or equal to (\S+), actual (.*)$/s, "phải là số nhỏ hơn hoặc bằng $1 (nhận được $2)"],
  [/^Expected a number greater than (\S+), actual (.*)$/s, "phải là số lớn hơn $1 (nhận được $2)"],
  [/^Expected a number less than (\S+), actual (.*)$/s, "phải là số nhỏ hơn $1 (nhận được $2)"],
  [/^Expected a positive number, actual (.*)$/s, "phải là số dương (nhận được $1)"],
  [/^Expected a non-negative number, actual (.*)$/s, "không được là số âm (nhận được $1)"],
  [/^Expected an integer, actual (.*)$/s, "phải là số nguyên (nhận được $1)"],
  [/^Unable to decode (.*) into a number$/s, "không đọc được $1 thành số"],
  [/^Expected string, actual (.*)$/s, "phải là chuỗi ký tự (nhận được $1)"],
  [/^Expected number, actual (.*)$/s, "phải là số (nhận được $1)"],
  [/^Expected boolean, actual (.*)$/s, "phải là true hoặc false (nhận được $1)"],
  [/^Expected (?:ReadonlyArray|Array)<.*>, actual (.*)$/s, "phải là một danh sách (nhận được $1)"],
  [/^Expected \{.*\}, actual (.*)$/s, "phải là một đối tượng JSON (nhận được $1)"],
  [/^Expected (?:UUID|a Universally Unique Identifier), actual (.*)$/s, "phải là một mã UUID (nhận được $1)"],
  [/^Expected (.*), actual (.*)$/s, (expected, actual) => {
    const vi = describeVi(expected!)
    return vi === undefined ? undefined : `phải là ${vi} (nhận được ${actual})`
  }],
  [/^(.*)$/s, (description) => {
    const vi = describeVi(description!)
    return vi === undefined ? undefined : `phải là ${vi}`
  }]
]

/**
 * An issue's message in Vietnamese, when it is one of Effect Schema's standard messages (or one
 * of our schemas' descriptions); otherwise the message as it is.
 *
 * @since 0.4.0
 * @category rules
 */
export const translateVi = (message: string): string => {
  const own = OWN.get(message)
  if (own !== undefined) return own
  for (const [pattern, vi] of TRANSLATIONS) {
    const match = pattern.exec(message)
    if (!match) continue
    const said = typeof vi === "string" ? message.replace(pattern, vi) : vi(...match.slice(1))
    if (said !== undefined) return said
  }
  return message
}

/**
 * The issues to show: per field, a union of literals none of which matched becomes one issue
 * listing them; an "Expected undefined" beside a real issue of the same field or of a part of it
 * (an optional field's echo) is dropped; in Vietnamese, messages are translated ({@link translateVi}).
 *
 * @since 0.4.0
 * @category rules
 */
export const describeIssues = (all: ReadonlyArray<Issue>, locale: Locale.Locale): ReadonlyArray<Issue> => {
  // an optional field's "Expected undefined" says nothing when the field (or a part of it) has a
  // real problem: `agenda: Expected undefined` beside `agenda.1: must contain more than spaces`
  const isEcho = (i: Issue) => i._tag === "Type" && i.message.startsWith("Expected undefined, actual")
  const within = (outer: Issue, inner: Issue) => outer.path.every((p, k) => inner.path[k] === p)
  const issues = all.filter((i) => !isEcho(i) || !all.some((other) => other !== i && !isEcho(other) && within(i, other)))
  const byPath = new Map<string, Array<Issue>>()
  for (const issue of issues) {
    const key = pathKey(issue)
    const group = byPath.get(key)
    if (group) group.push(issue)
    else byPath.set(key, [issue])
  }
  const out: Array<Issue> = []
  for (const group of byPath.values()) {
    const literals = group.map((i) => (i._tag === "Type" ? LITERAL.exec(i.message) : null))
    const sameActual = literals.every((m) => m !== null && m[2] === literals[0]![2])
    if (group.length > 1 && sameActual) {
      out.push({ ...group[0]!, message: `Expected one of ${literals.map((m) => m![1]).join(" | ")}, actual ${literals[0]![2]}` })
    } else {
      out.push(...group)
    }
  }
  return locale === "vi" ? out.map((i) => ({ ...i, message: translateVi(i.message) })) : out
}
