/**
 * Password rules after OWASP ASVS 4 §2.1: at least 8 and at most 128 characters (counted as
 * Unicode code points, after NFC), no composition rules (no "one digit, one capital"), any
 * printable character including spaces and Vietnamese letters, and a blocklist of common and
 * context-specific passwords.
 *
 * @since 0.2.0
 */
import type { Text } from "../model/Locale.js"
import { fold } from "./VietnameseText.js"

/** @since 0.2.0 @category constants */
export const MIN_LENGTH = 8
/** @since 0.2.0 @category constants */
export const MAX_LENGTH = 128

/**
 * Common passwords (the most frequent ones of public breach corpora that are 8 characters or
 * longer, and common Vietnamese ones), compared after folding case and accents.
 *
 * @since 0.2.0
 * @category constants
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111", "00000000", "88888888",
  "66666666", "99999999", "12341234", "11223344", "87654321", "987654321", "0123456789", "147258369",
  "123456789a", "1234567890a", "a123456789", "12345678a", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "qwertyuiop",
  "qwerty123", "qwertyui", "asdfghjkl", "zxcvbnm123", "password", "password1", "password123", "passw0rd",
  "p@ssw0rd", "iloveyou", "iloveyou1", "sunshine", "princess", "football", "baseball", "welcome1",
  "welcome123", "abc12345", "abcd1234", "abcdefgh", "admin123", "administrator", "letmein1", "trustno1",
  "superman", "whatever", "starwars", "dragon123", "monkey123", "changeme", "computer", "internet",
  "matkhau", "matkhau1", "matkhau123", "matkhau@123", "anhyeuem", "anhyeuem1", "anhyeuem123", "emyeuanh",
  "emyeuanh1", "yeuemnhieu", "vietnam1", "vietnam123", "vietnam@123", "hanoi123", "saigon123", "dangvien",
  "dangvien1", "dangvien123", "sotay123", "sotaydangvien", "dangcongsan", "dangcongsanvietnam", "hochiminh",
  "hochiminh1", "bacho123", "chibo123", "bithu123", "codelaivang", "123456aa", "123456abc", "aa123456",
  "a1234567", "qwe12345", "zaq12wsx", "mothaiba", "motdenmuoi", "khongbiet", "0987654321", "0123456",
  "999999999", "111111111", "1111111111", "123654789", "741852963", "159753456", "00000000000", "12121212"
])

/**
 * Checks a new password; returns the problems, in both languages (none when it is acceptable).
 * `context` holds what the password must not be: the login, the name, the phone.
 *
 * @since 0.2.0
 * @category rules
 */
export const check = (password: string, context: ReadonlyArray<string | null | undefined> = []): ReadonlyArray<Text> => {
  const normalized = password.normalize("NFC")
  const length = [...normalized].length
  if (length < MIN_LENGTH) return [{ vi: `mật khẩu cần ít nhất ${MIN_LENGTH} ký tự`, en: `the password needs at least ${MIN_LENGTH} characters` }]
  if (length > MAX_LENGTH) return [{ vi: `mật khẩu dài tối đa ${MAX_LENGTH} ký tự`, en: `the password may have at most ${MAX_LENGTH} characters` }]
  const folded = fold(normalized).replace(/\s+/g, "")
  if (COMMON_PASSWORDS.has(folded) || /^(.)\1*$/.test(folded)) {
    return [{ vi: "mật khẩu quá phổ biến, dễ bị đoán", en: "the password is too common and easy to guess" }]
  }
  for (const value of context) {
    if (!value) continue
    const other = fold(value).replace(/\s+/g, "")
    if (other.length >= 4 && (folded === other || folded.includes(other))) {
      return [{ vi: "mật khẩu không được chứa tên đăng nhập, họ tên hay số điện thoại", en: "the password may not contain the login, the name or the phone number" }]
    }
  }
  return []
}
