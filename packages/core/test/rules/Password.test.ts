import { describe, expect, it } from "vitest"
import { disablingReason } from "../../src/rules/AccountState.js"
import { check, MAX_LENGTH } from "../../src/rules/Password.js"

describe("password rules (ASVS 2.1)", () => {
  it("accepts 8 to 128 characters of anything, with no composition rules", () => {
    for (const ok of ["correct horse", "mật khẩu dài", "aaaaaaab", "Đảng viên 2026 ở bản 01", "x".repeat(7) + "y", "ŝa".repeat(MAX_LENGTH / 2)]) {
      expect(check(ok), ok).toEqual([])
    }
  })
  it("counts characters, not bytes or UTF-16 units", () => {
    expect(check("ăâđêôơư")).not.toEqual([])
    expect(check("ăâđêôơưb")).toEqual([])
    expect(check("😀".repeat(8))).toEqual([])
    expect(check("😀".repeat(MAX_LENGTH + 1))).not.toEqual([])
  })
  it("refuses short, long, common and repeated passwords", () => {
    expect(check("1234567")[0]!.en).toContain("at least 8")
    expect(check("a".repeat(129))[0]!.en).toContain("at most 128")
    for (const common of ["12345678", "password", "PASSWORD1", "matkhau123", "Mật Khẩu 123", "anhyeuem", "qwertyuiop", "11111111", "zzzzzzzzzz"]) {
      expect(check(common)[0]?.en, common).toContain("too common")
    }
  })
  it("refuses a password containing the login, the name or the phone", () => {
    expect(check("0912355799abc", ["0912355799"])).not.toEqual([])
    expect(check("giàng a páo 1990", ["Giàng A Páo"])).not.toEqual([])
    expect(check("a long and good one", ["abc"])).toEqual([])
  })
})

describe("automatic disabling", () => {
  it("disables exempt, removed, expelled and deceased members, and members transferred to another province", () => {
    for (const status of ["exempt", "removed", "expelled", "deceased"]) {
      expect(disablingReason({ status, provinceId: "p", accountProvinceId: "p" })).toBe(`member ${status}`)
    }
    for (const status of ["official", "probationary", "suspended"]) {
      expect(disablingReason({ status, provinceId: "p", accountProvinceId: "p" })).toBeNull()
    }
    expect(disablingReason({ status: "official", provinceId: "q", accountProvinceId: "p" })).toBe("member transferred out")
    expect(disablingReason({ status: "official", provinceId: "q", accountProvinceId: null })).toBeNull()
  })
})
