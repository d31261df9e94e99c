/**
 * Vietnamese phone numbers: every common written form normalized to E.164 (`+84…`).
 *
 * @since 0.1.0
 */

/**
 * Normalizes a Vietnamese phone number written as `0912 345 678`, `0912.345.678`, `+84 912 345 678`,
 * `(+84) 912-345-678`, `84912345678`, or without its leading zero (`912345678`, as spreadsheets
 * leave it), to E.164 `+84912345678`. Returns `undefined` for anything that is not a Vietnamese
 * mobile (9 digits after the country code, starting 3, 5, 7, 8 or 9) or landline (`2…`, 10 digits).
 *
 * @since 0.1.0
 * @category rules
 */
export const normalizePhone = (input: string): string | undefined => {
  const trimmed = input.trim()
  if (trimmed.length === 0 || trimmed.length > 32) return undefined
  if (!/^[+0-9\s().\-]+$/.test(trimmed)) return undefined
  let digits = trimmed.replace(/[^0-9]/g, "")
  const international = trimmed.replace(/[\s()]/g, "").startsWith("+")
  if (international) {
    if (!digits.startsWith("84")) return undefined
    digits = digits.slice(2)
  } else if (digits.startsWith("0084")) {
    digits = digits.slice(4)
  } else if (digits.startsWith("84") && (digits.length === 11 || digits.length === 12)) {
    digits = digits.slice(2)
  } else if (digits.startsWith("0")) {
    digits = digits.slice(1)
  }
  if (/^[35789][0-9]{8}$/.test(digits) || /^2[0-9]{9}$/.test(digits)) return `+84${digits}`
  return undefined
}

/**
 * Masks a phone number for lists: `+84912345678` → `+84*****5678`.
 *
 * @since 0.1.0
 * @category rules
 */
export const maskPhone = (phone: string): string =>
  phone.length <= 7 ? "*".repeat(phone.length) : `${phone.slice(0, 3)}${"*".repeat(phone.length - 7)}${phone.slice(-4)}`
