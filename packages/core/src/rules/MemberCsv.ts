/**
 * The member registry file: the columns of the national member database's spreadsheets
 * (Vietnamese headers, with English aliases), and the validation of one row. Pure: the checks
 * that need the store (cells, stored citizen ids) are the importer's.
 *
 * @since 0.1.0
 */
import type { Text } from "../model/Locale.js"
import type { Gender, MemberStatus } from "../model/Member.js"
import { isCitizenId } from "./CitizenId.js"
import { parseVietnameseDate } from "./DateOnly.js"
import { normalizePhone } from "./Phone.js"
import { fold, nameSortKey, normalizeText } from "./VietnameseText.js"

/**
 * A column of the registry file.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemberColumn {
  readonly key: MemberColumnKey
  /** The header written on export. */
  readonly header: string
  /** Headers accepted on import, folded (no accents, lower case). */
  readonly aliases: ReadonlyArray<string>
  readonly required: boolean
}

/** @since 0.1.0 @category models */
export type MemberColumnKey =
  | "index"
  | "fullName"
  | "dateOfBirth"
  | "gender"
  | "ethnicity"
  | "admissionDate"
  | "officialDate"
  | "partyCardNumber"
  | "cellCode"
  | "cellName"
  | "citizenId"
  | "phone"
  | "status"
  | "account"

/**
 * The columns, in export order (the order of the national database's spreadsheets).
 *
 * @since 0.1.0
 * @category constants
 */
export const MEMBER_COLUMNS: ReadonlyArray<MemberColumn> = [
  { key: "index", header: "STT", aliases: ["stt", "no", "#"], required: false },
  { key: "fullName", header: "Họ và tên", aliases: ["ho va ten", "ho ten", "full name", "fullname", "name"], required: true },
  { key: "dateOfBirth", header: "Ngày sinh", aliases: ["ngay sinh", "date of birth", "dateofbirth", "birth date", "dob"], required: true },
  { key: "gender", header: "Giới tính", aliases: ["gioi tinh", "gender", "sex"], required: true },
  { key: "ethnicity", header: "Dân tộc", aliases: ["dan toc", "ethnicity"], required: false },
  { key: "admissionDate", header: "Ngày vào Đảng", aliases: ["ngay vao dang", "admission date", "admissiondate"], required: true },
  { key: "officialDate", header: "Ngày chính thức", aliases: ["ngay chinh thuc", "official date", "officialdate"], required: false },
  { key: "partyCardNumber", header: "Số thẻ đảng viên", aliases: ["so the dang vien", "so the", "party card number", "partycardnumber", "card number"], required: false },
  { key: "cellCode", header: "Mã chi bộ", aliases: ["ma chi bo", "cell code", "cellcode", "org code", "orgcode"], required: true },
  { key: "cellName", header: "Chi bộ", aliases: ["chi bo", "cell", "cell name", "cellname"], required: false },
  { key: "citizenId", header: "Số CCCD", aliases: ["so cccd", "cccd", "so dinh danh", "so dinh danh ca nhan", "citizen id", "citizenid"], required: true },
  { key: "phone", header: "Số điện thoại", aliases: ["so dien thoai", "dien thoai", "phone", "phone number", "mobile"], required: false },
  { key: "status", header: "Trạng thái", aliases: ["trang thai", "status"], required: true },
  { key: "account", header: "Tài khoản ứng dụng", aliases: ["tai khoan ung dung", "tai khoan", "account", "app account"], required: false }
]

/**
 * Where each known column stands in a file, and what is missing or unknown.
 *
 * @since 0.1.0
 * @category models
 */
export interface HeaderMap {
  readonly index: Partial<Record<MemberColumnKey, number>>
  readonly missing: ReadonlyArray<MemberColumn>
  readonly duplicated: ReadonlyArray<string>
  readonly headers: ReadonlyArray<string>
}

/**
 * Maps a header record to the known columns, by folded header text.
 *
 * @since 0.1.0
 * @category rules
 */
export const mapHeader = (headers: ReadonlyArray<string>): HeaderMap => {
  const index: Partial<Record<MemberColumnKey, number>> = {}
  const duplicated: Array<string> = []
  headers.forEach((header, i) => {
    const folded = fold(header).replace(/[_\-.]/g, " ").replace(/\s+/g, " ").trim()
    const column = MEMBER_COLUMNS.find((c) => c.aliases.includes(folded))
    if (!column) return
    if (index[column.key] !== undefined) duplicated.push(header)
    else index[column.key] = i
  })
  const missing = MEMBER_COLUMNS.filter((c) => c.required && index[c.key] === undefined)
  return { index, missing, duplicated, headers }
}

/**
 * A validated row, ready for the store.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemberRow {
  readonly line: number
  readonly fullName: string
  readonly nameFolded: string
  readonly sortKey: string
  readonly dateOfBirth: string
  readonly gender: Gender
  readonly ethnicity: string | null
  readonly admissionDate: string
  readonly officialDate: string | null
  readonly partyCardNumber: string | null
  readonly cellCode: string
  readonly citizenId: string
  readonly phone: string | null
  readonly status: MemberStatus
  /** The account column: `true` activated, `false` not, `null` absent. */
  readonly accountActivated: boolean | null
}

/**
 * A problem with one cell of the file: its line (the header is line 1), its column header and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface RowProblem {
  readonly line: number
  readonly column: string
  readonly reason: Text
}

const STATUS_VALUES: Record<string, MemberStatus> = {
  "chinh thuc": "official",
  "dang vien chinh thuc": "official",
  "official": "official",
  "du bi": "probationary",
  "dang vien du bi": "probationary",
  "probationary": "probationary",
  "mien cong tac va sinh hoat": "exempt",
  "mien cong tac va sinh hoat dang": "exempt",
  "mien sinh hoat": "exempt",
  "exempt": "exempt"
}

const GENDER_VALUES: Record<string, Gender> = { nam: "male", male: "male", m: "male", nu: "female", female: "female", f: "female" }

const ACCOUNT_VALUES: Record<string, boolean> = {
  "da kich hoat": true,
  "activated": true,
  "active": true,
  "chua kich hoat": false,
  "not activated": false,
  "inactive": false,
  "": false
}

const DATE_REASONS = {
  format: { vi: "ngày phải viết theo dạng dd/mm/yyyy", en: "dates must be written dd/mm/yyyy" },
  impossible: { vi: "ngày không có thật", en: "no such calendar day" }
} as const

/**
 * Validates one data record against the header map. `today` bounds dates (`YYYY-MM-DD`).
 *
 * @since 0.1.0
 * @category rules
 */
export const validateRow = (
  record: { readonly line: number; readonly fields: ReadonlyArray<string> },
  header: HeaderMap,
  today: string
): { readonly row: MemberRow } | { readonly problems: ReadonlyArray<RowProblem> } => {
  const problems: Array<RowProblem> = []
  const { line } = record
  const columnName = (key: MemberColumnKey) => {
    const i = header.index[key]
    return i === undefined ? MEMBER_COLUMNS.find((c) => c.key === key)!.header : header.headers[i]!
  }
  const raw = (key: MemberColumnKey) => {
    const i = header.index[key]
    return i === undefined ? "" : (record.fields[i] ?? "").trim()
  }
  const problem = (key: MemberColumnKey, reason: Text) => problems.push({ line, column: columnName(key), reason })
  const required = (key: MemberColumnKey) => {
    const value = raw(key)
    if (value.length === 0) problem(key, { vi: "bắt buộc, đang để trống", en: "required, but empty" })
    return value
  }
  const date = (key: MemberColumnKey, isRequired: boolean): string | null => {
    const value = isRequired ? required(key) : raw(key)
    if (value.length === 0) return null
    const parsed = parseVietnameseDate(value)
    if ("problem" in parsed) {
      problem(key, DATE_REASONS[parsed.problem])
      return null
    }
    if (parsed.date > today) {
      problem(key, { vi: "ngày ở tương lai", en: "date is in the future" })
      return null
    }
    return parsed.date
  }

  if (record.fields.length > header.headers.length && record.fields.slice(header.headers.length).some((f) => f.trim() !== "")) {
    problems.push({
      line,
      column: `#${header.headers.length + 1}`,
      reason: { vi: "dòng có nhiều cột hơn tiêu đề", en: "the row has more fields than the header" }
    })
  }

  // no text column of the store takes the NUL character; say where it is rather than fail there
  let nul = false
  for (const column of MEMBER_COLUMNS) {
    const i = header.index[column.key]
    if (i !== undefined && (record.fields[i] ?? "").includes("\u0000")) {
      problem(column.key, { vi: "chứa ký tự NUL (mã 0)", en: "contains the NUL character (code 0)" })
      nul = true
    }
  }
  if (nul) return { problems }

  const fullName = normalizeText(required("fullName"))
  if (fullName.length > 120) problem("fullName", { vi: "quá dài (tối đa 120 ký tự)", en: "too long (at most 120 characters)" })
  else if (fullName.length > 0 && !/^[\p{L}\p{M} .'-]+$/u.test(fullName)) {
    problem("fullName", { vi: "chứa ký tự không phải chữ", en: "contains characters that are not letters" })
  }
  const dateOfBirth = date("dateOfBirth", true)
  const genderText = required("gender")
  const gender = GENDER_VALUES[fold(genderText)]
  if (genderText && !gender) problem("gender", { vi: "phải là Nam hoặc Nữ", en: "must be Nam (male) or Nữ (female)" })
  const ethnicity = normalizeText(raw("ethnicity"))
  const admissionDate = date("admissionDate", true)
  const officialDate = date("officialDate", false)
  const partyCardNumber = raw("partyCardNumber").replace(/\s/g, "")
  if (partyCardNumber && !/^[0-9A-Za-z]{6,16}$/.test(partyCardNumber)) {
    problem("partyCardNumber", { vi: "phải gồm 6–16 chữ số hoặc chữ cái", en: "must be 6–16 digits or letters" })
  }
  const cellCode = required("cellCode").toUpperCase()
  const citizenId = required("citizenId").replace(/\s/g, "")
  if (citizenId && !isCitizenId(citizenId)) problem("citizenId", { vi: "phải gồm đúng 12 chữ số", en: "must be exactly 12 digits" })
  const phoneText = raw("phone")
  const phone = phoneText ? normalizePhone(phoneText) : null
  if (phoneText && !phone) {
    problem("phone", { vi: "không phải số điện thoại Việt Nam", en: "not a Vietnamese phone number" })
  }
  const statusText = required("status")
  const status = STATUS_VALUES[fold(statusText)]
  if (statusText && !status) {
    problem("status", {
      vi: "phải là Chính thức, Dự bị hoặc Miễn công tác và sinh hoạt",
      en: "must be Chính thức (official), Dự bị (probationary) or Miễn công tác và sinh hoạt (exempt)"
    })
  }
  const accountText = fold(raw("account"))
  const accountActivated: boolean | null | undefined = header.index.account === undefined ? null : ACCOUNT_VALUES[accountText]
  if (accountActivated === undefined) {
    problem("account", { vi: "phải là Đã kích hoạt hoặc Chưa kích hoạt", en: "must be Đã kích hoạt (activated) or Chưa kích hoạt (not activated)" })
  }

  if (dateOfBirth && admissionDate && admissionDate <= dateOfBirth) {
    problem("admissionDate", { vi: "phải sau ngày sinh", en: "must come after the date of birth" })
  }
  if (admissionDate && officialDate && officialDate < admissionDate) {
    problem("officialDate", { vi: "không được trước ngày vào Đảng", en: "cannot precede the admission date" })
  }
  if (status === "official" && !officialDate && !problems.some((p) => p.column === columnName("officialDate"))) {
    problem("officialDate", { vi: "bắt buộc với đảng viên chính thức", en: "required for an official member" })
  }
  if (status === "probationary" && officialDate) {
    problem("officialDate", { vi: "đảng viên dự bị chưa có ngày chính thức", en: "a probationary member has no official date yet" })
  }

  if (problems.length > 0 || !dateOfBirth || !gender || !admissionDate || !status) {
    return { problems }
  }
  return {
    row: {
      line,
      fullName,
      nameFolded: fold(fullName),
      sortKey: nameSortKey(fullName),
      dateOfBirth,
      gender,
      ethnicity: ethnicity.length > 0 ? ethnicity : null,
      admissionDate,
      officialDate,
      partyCardNumber: partyCardNumber || null,
      cellCode,
      citizenId,
      phone: phone ?? null,
      status,
      accountActivated: accountActivated ?? null
    }
  }
}
