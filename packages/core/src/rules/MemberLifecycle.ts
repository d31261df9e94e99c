/**
 * The member lifecycle as a pure state machine (domain brief §5, §12.3): which transitions a
 * status allows, their conditions (a two-thirds cell vote, readmission once, no expulsion of a
 * probationary member), the dates they set (the official date is admission + 12 months whatever
 * the decision's date), and what is derived from the history: Party age (rule 11), the probation
 * due date and the "recognition overdue" flag.
 *
 * @since 0.2.0
 */
import type { Text } from "../model/Locale.js"
import type { MemberStatus } from "../model/Member.js"
import { isIsoDate } from "./DateOnly.js"

/**
 * The transitions a decision can apply to a stored member.
 *
 * - `recognize`: probationary → official (cell vote ≥ 2/3 and the committee's decision);
 * - `remove` (xóa tên): probationary or official (or suspended) → removed;
 * - `expel` (khai trừ): official or suspended → expelled; never a probationary member;
 * - `exempt` / `return`: official or probationary ⇄ exempt from activities;
 * - `suspend` / `reinstate`: official ⇄ suspended;
 * - `die`: any living status → deceased;
 * - `readmit`: removed or expelled → probationary, once in a member's life.
 *
 * @since 0.2.0
 * @category models
 */
export const TRANSITION_KINDS = ["recognize", "remove", "expel", "exempt", "return", "suspend", "reinstate", "die", "readmit"] as const

/** @since 0.2.0 @category models */
export type TransitionKind = (typeof TRANSITION_KINDS)[number]

/**
 * From which statuses each transition may start.
 *
 * @since 0.2.0
 * @category rules
 */
export const ALLOWED_FROM: Readonly<Record<TransitionKind, ReadonlyArray<MemberStatus>>> = {
  recognize: ["probationary"],
  remove: ["probationary", "official", "suspended"],
  expel: ["official", "suspended"],
  exempt: ["official", "probationary"],
  return: ["exempt"],
  suspend: ["official"],
  reinstate: ["suspended"],
  die: ["probationary", "official", "exempt", "suspended"],
  readmit: ["removed", "expelled"]
}

/** Statuses during which the member is out of the Party: these periods do not count in Party age. */
const OUT_OF_PARTY: ReadonlySet<MemberStatus> = new Set(["removed", "expelled"])

/**
 * What the state machine needs to know of a member.
 *
 * @since 0.2.0
 * @category models
 */
export interface LifecycleState {
  readonly status: MemberStatus
  readonly admissionDate: string | null
  readonly officialDate: string | null
  readonly readmittedOn: string | null
  /** The status a member held before their exemption, to return to. */
  readonly statusBeforeExemption?: MemberStatus | null
}

/**
 * One decision to apply.
 *
 * @since 0.2.0
 * @category models
 */
export interface TransitionInput {
  readonly kind: TransitionKind
  /** The date the decision takes effect (for readmission, the new admission ceremony). */
  readonly effectiveDate: string
  readonly decisionSymbol: string
  readonly decisionDate: string
  readonly votesFor?: number | null
  readonly votesEligible?: number | null
  readonly reason?: string | null
}

/**
 * The outcome: the member's next state, or why not. `invalid` is a transition the current status
 * does not allow (HTTP 409); `problems` are bad input (HTTP 400) naming the field.
 *
 * @since 0.2.0
 * @category models
 */
export type TransitionResult =
  | {
    readonly _tag: "applied"
    readonly status: MemberStatus
    readonly admissionDate: string | null
    readonly officialDate: string | null
    readonly readmittedOn: string | null
    readonly effectiveDate: string
  }
  | { readonly _tag: "invalid"; readonly from: MemberStatus; readonly reason: Text }
  | { readonly _tag: "problems"; readonly problems: ReadonlyArray<{ readonly field: string; readonly text: Text }> }

const pad = (n: number, width = 2) => String(n).padStart(width, "0")
const parts = (date: string) => date.split("-").map(Number) as [number, number, number]
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * Adds calendar months to a `YYYY-MM-DD` date; the 29th–31st fall back to the month's last day.
 *
 * @since 0.2.0
 * @category rules
 */
export const addMonths = (date: string, months: number): string => {
  const [y, m, d] = parts(date)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`
}

const toDay = (date: string) => {
  const [y, m, d] = parts(date)
  return Date.UTC(y, m - 1, d) / 86_400_000
}
const fromDay = (day: number) => {
  const date = new Date(day * 86_400_000)
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/**
 * Days from `from` to `to` (negative when `to` is earlier).
 *
 * @since 0.2.0
 * @category rules
 */
export const daysBetween = (from: string, to: string): number => toDay(to) - toDay(from)

/**
 * Adds working days (Monday to Friday; public holidays are not modelled) to a date.
 *
 * @since 0.2.0
 * @category rules
 */
export const addWorkingDays = (date: string, days: number): string => {
  let day = toDay(date)
  let left = days
  while (left > 0) {
    day++
    const weekday = new Date(day * 86_400_000).getUTCDay()
    if (weekday !== 0 && weekday !== 6) left--
  }
  return fromDay(day)
}

/**
 * The end of probation: the admission ceremony + 12 months (Charter Art. 5.1). It is also the
 * official date, however late the recognition.
 *
 * @since 0.2.0
 * @category rules
 */
export const probationEndsOn = (admissionDate: string): string => addMonths(admissionDate, 12)

/**
 * Whether a probationary member's recognition is overdue: the cell has 30 working days after
 * the end of probation to review them (domain brief §5.1).
 *
 * @since 0.2.0
 * @category rules
 */
export const recognitionOverdue = (state: Pick<LifecycleState, "status" | "admissionDate">, today: string): boolean =>
  state.status === "probationary" && state.admissionDate !== null &&
  today > addWorkingDays(probationEndsOn(state.admissionDate), 30)

/**
 * Whether a cell vote reaches two thirds of those eligible.
 *
 * @since 0.2.0
 * @category rules
 */
export const reachesTwoThirds = (votesFor: number, eligible: number): boolean => eligible > 0 && votesFor * 3 >= eligible * 2

/**
 * A Party document symbol such as `123-QĐ/ĐU` or `05-NQ/CB` (domain brief §12.4 rule 1).
 *
 * @since 0.2.0
 * @category rules
 */
export const isDecisionSymbol = (symbol: string): boolean =>
  /^(\d{1,4})-([A-ZĐ][A-Za-zĐđ]{0,5})\/([A-ZĐ][A-ZĐ0-9]{1,12})$/u.test(symbol.normalize("NFC").replace(/\u00d0/g, "\u0110"))

const NEEDS_VOTE: ReadonlySet<TransitionKind> = new Set(["recognize"])

const STATUS_VI: Record<MemberStatus, string> = {
  probationary: "dự bị",
  official: "chính thức",
  exempt: "miễn công tác và sinh hoạt",
  suspended: "đình chỉ sinh hoạt",
  removed: "đã xóa tên",
  expelled: "đã khai trừ",
  deceased: "đã từ trần"
}

/**
 * The status in Vietnamese (for messages).
 *
 * @since 0.2.0
 * @category rules
 */
export const statusLabel = (status: MemberStatus): Text => ({ vi: STATUS_VI[status], en: status })

/**
 * Applies one decision to a member's state, or says why it cannot be applied. `today` bounds
 * dates (`YYYY-MM-DD`, Asia/Ho_Chi_Minh).
 *
 * @since 0.2.0
 * @category rules
 */
export const applyTransition = (state: LifecycleState, input: TransitionInput, today: string): TransitionResult => {
  const from = state.status
  if (!ALLOWED_FROM[input.kind].includes(from)) {
    const reason: Text = input.kind === "expel" && from === "probationary"
      ? { vi: "đảng viên dự bị không bị khai trừ mà bị xóa tên", en: "a probationary member is removed, not expelled" }
      : { vi: `không áp dụng được "${input.kind}" cho đảng viên ${STATUS_VI[from]}`, en: `"${input.kind}" does not apply to a ${from} member` }
    return { _tag: "invalid", from, reason }
  }
  if (input.kind === "readmit" && state.readmittedOn !== null) {
    return { _tag: "invalid", from, reason: { vi: "chỉ được kết nạp lại một lần", en: "a member may be readmitted only once" } }
  }

  const problems: Array<{ field: string; text: Text }> = []
  for (const field of ["effectiveDate", "decisionDate"] as const) {
    if (!isIsoDate(input[field])) problems.push({ field, text: { vi: "phải là ngày dạng YYYY-MM-DD", en: "must be a date, YYYY-MM-DD" } })
    else if (input[field] > today) problems.push({ field, text: { vi: "ngày ở tương lai", en: "date is in the future" } })
  }
  if (!isDecisionSymbol(input.decisionSymbol)) {
    problems.push({ field: "decisionSymbol", text: { vi: "không phải số, ký hiệu văn bản của Đảng (ví dụ 12-QĐ/ĐU)", en: "not a Party document symbol (e.g. 12-QĐ/ĐU)" } })
  }
  const votesFor = input.votesFor ?? null
  const eligible = input.votesEligible ?? null
  if (votesFor !== null || eligible !== null) {
    if (votesFor === null || eligible === null || !Number.isInteger(votesFor) || !Number.isInteger(eligible) || votesFor < 0 || eligible < 1 || votesFor > eligible) {
      problems.push({ field: "votes", text: { vi: "số phiếu tán thành và số đảng viên chính thức phải là số nguyên, tán thành ≤ tổng", en: "votes for and eligible must be whole numbers, for ≤ eligible" } })
    }
  }
  const needsVote = NEEDS_VOTE.has(input.kind) || (input.kind === "remove" && from === "probationary")
  if (needsVote && problems.length === 0) {
    if (votesFor === null || eligible === null) {
      problems.push({ field: "votes", text: { vi: "cần kết quả biểu quyết của chi bộ", en: "the cell's vote is required" } })
    } else if (!reachesTwoThirds(votesFor, eligible)) {
      problems.push({ field: "votes", text: { vi: `chưa đạt hai phần ba (${votesFor}/${eligible})`, en: `short of two thirds (${votesFor}/${eligible})` } })
    }
  }
  if (problems.length > 0) return { _tag: "problems", problems }

  if (input.effectiveDate < (state.admissionDate ?? "0000-00-00") && input.kind !== "readmit") {
    return { _tag: "problems", problems: [{ field: "effectiveDate", text: { vi: "trước ngày vào Đảng", en: "before the admission date" } }] }
  }

  const base = { admissionDate: state.admissionDate, officialDate: state.officialDate, readmittedOn: state.readmittedOn }
  switch (input.kind) {
    case "recognize": {
      const due = probationEndsOn(state.admissionDate!)
      if (input.decisionDate < due) {
        return { _tag: "problems", problems: [{ field: "decisionDate", text: { vi: `chưa hết 12 tháng dự bị (đến ${due})`, en: `probation lasts until ${due}` } }] }
      }
      // The member is official as of the exact end of the 12 months, however late the decision.
      return { _tag: "applied", status: "official", ...base, officialDate: due, effectiveDate: due }
    }
    case "return":
      return { _tag: "applied", status: state.statusBeforeExemption ?? (state.officialDate ? "official" : "probationary"), ...base, effectiveDate: input.effectiveDate }
    case "readmit":
      if (input.effectiveDate < input.decisionDate) {
        return { _tag: "problems", problems: [{ field: "effectiveDate", text: { vi: "lễ kết nạp không thể trước quyết định", en: "the ceremony cannot precede the decision" } }] }
      }
      // Probation starts again; the first admission is kept in the history for Party age.
      return { _tag: "applied", status: "probationary", admissionDate: input.effectiveDate, officialDate: null, readmittedOn: input.effectiveDate, effectiveDate: input.effectiveDate }
    case "remove":
      return { _tag: "applied", status: "removed", ...base, effectiveDate: input.effectiveDate }
    case "expel":
      return { _tag: "applied", status: "expelled", ...base, effectiveDate: input.effectiveDate }
    case "exempt":
      return { _tag: "applied", status: "exempt", ...base, effectiveDate: input.effectiveDate }
    case "suspend":
      return { _tag: "applied", status: "suspended", ...base, effectiveDate: input.effectiveDate }
    case "reinstate":
      return { _tag: "applied", status: "official", ...base, effectiveDate: input.effectiveDate }
    case "die":
      return { _tag: "applied", status: "deceased", ...base, effectiveDate: input.effectiveDate }
  }
}

/**
 * One recorded status change, as Party age needs it.
 *
 * @since 0.2.0
 * @category models
 */
export interface StatusChange {
  readonly toStatus: MemberStatus
  readonly effectiveDate: string
}

/**
 * Party age in days (domain brief §5.2, rule 11): from the admission decision (or, without one,
 * the admission date) to `today`, less the periods spent removed or expelled before a
 * readmission. Defined only for official members (`null` otherwise).
 *
 * @since 0.2.0
 * @category rules
 */
export const partyAgeDays = (
  member: { readonly status: MemberStatus; readonly firstAdmission: string | null },
  history: ReadonlyArray<StatusChange>,
  today: string
): number | null => {
  if (member.status !== "official" || member.firstAdmission === null) return null
  let total = daysBetween(member.firstAdmission, today)
  let outSince: string | null = null
  for (const change of [...history].sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0))) {
    if (OUT_OF_PARTY.has(change.toStatus)) outSince ??= change.effectiveDate
    else if (outSince !== null) {
      total -= Math.max(0, daysBetween(outSince, change.effectiveDate))
      outSince = null
    }
  }
  return Math.max(0, total)
}

/**
 * Party age in whole years and months, for display.
 *
 * @since 0.2.0
 * @category rules
 */
export const partyAgeYears = (days: number): number => Math.floor(days / 365.2425)

/**
 * Checks an admission (candidate → probationary): the cell's ceremony follows the committee's
 * decision within 30 working days (domain brief §5.1), the candidate is at least 18 at the
 * decision, and no date is in the future. Returns the problems, by field.
 *
 * @since 0.2.0
 * @category rules
 */
export const admissionProblems = (
  input: { readonly dateOfBirth: string; readonly decisionDate: string; readonly ceremonyDate: string; readonly decisionSymbol: string },
  today: string
): ReadonlyArray<{ readonly field: string; readonly text: Text }> => {
  const problems: Array<{ field: string; text: Text }> = []
  for (const field of ["dateOfBirth", "decisionDate", "ceremonyDate"] as const) {
    if (!isIsoDate(input[field])) problems.push({ field, text: { vi: "phải là ngày dạng YYYY-MM-DD", en: "must be a date, YYYY-MM-DD" } })
    else if (input[field] > today) problems.push({ field, text: { vi: "ngày ở tương lai", en: "date is in the future" } })
  }
  if (!isDecisionSymbol(input.decisionSymbol)) {
    problems.push({ field: "decisionSymbol", text: { vi: "không phải số, ký hiệu văn bản của Đảng (ví dụ 12-QĐ/ĐU)", en: "not a Party document symbol (e.g. 12-QĐ/ĐU)" } })
  }
  if (problems.length > 0) return problems
  if (addMonths(input.dateOfBirth, 18 * 12) > input.decisionDate) {
    problems.push({ field: "dateOfBirth", text: { vi: "chưa đủ 18 tuổi khi kết nạp", en: "under 18 at the admission decision" } })
  }
  if (input.ceremonyDate < input.decisionDate) {
    problems.push({ field: "ceremonyDate", text: { vi: "lễ kết nạp không thể trước quyết định", en: "the ceremony cannot precede the decision" } })
  } else if (input.ceremonyDate > addWorkingDays(input.decisionDate, 30)) {
    problems.push({ field: "ceremonyDate", text: { vi: "lễ kết nạp phải trong 30 ngày làm việc kể từ quyết định", en: "the ceremony must be held within 30 working days of the decision" } })
  }
  return problems
}
