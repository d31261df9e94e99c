import { describe, expect, it } from "vitest"
import { maskPhone, normalizePhone } from "../../src/rules/Phone.js"

describe("normalizePhone", () => {
  it.each([
    ["0912345678", "+84912345678"],
    ["0912 345 678", "+84912345678"],
    ["0912.345.678", "+84912345678"],
    ["0912-345-678", "+84912345678"],
    ["+84 912 345 678", "+84912345678"],
    ["+84912345678", "+84912345678"],
    ["(+84) 912 345 678", "+84912345678"],
    ["84912345678", "+84912345678"],
    ["0084912345678", "+84912345678"],
    ["912345678", "+84912345678"],
    ["0376948367", "+84376948367"],
    ["02153826123", "+842153826123"]
  ])("reads %s as %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected)
  })
  it.each(["", "12345", "0112345678", "+1 415 555 0100", "09123456789", "phone", "0912345678x"])("refuses %j", (input) => {
    expect(normalizePhone(input)).toBeUndefined()
  })
  it("masks all but the country code and the last four digits", () => {
    expect(maskPhone("+84912345678")).toBe("+84*****5678")
  })
})
