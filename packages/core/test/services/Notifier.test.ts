import { Notifier } from "@sotay/core"
import { describe, expect, it } from "vitest"

describe("the console notifier's line", () => {
  it("masks the phone but for its last three digits and names the member", () => {
    expect(Notifier.maskPhone("+84376948367")).toBe("+84••••••367")
    expect(Notifier.maskPhone("0912355799")).toBe("•••••••799")
    expect(Notifier.maskPhone("12")).toBe("•••")
    const line = Notifier.consoleLine({ memberId: "m-1", accountId: "a-1", phone: "+84376948367" }, { text: { vi: "Mã: 123456", en: "Code: 123456" } } as never)
    expect(line).toBe("[notifier] to +84••••••367 (m-1): Mã: 123456\n")
    expect(line).not.toContain("376948")
  })
  it("shows control characters as escapes, so that a text cannot forge a log line", () => {
    const line = Notifier.consoleLine({ memberId: "m-1", accountId: null, phone: null }, {
      text: { vi: "Họp\n[10:09:00.000] INFO (#9999): POST /v1/auth/login 200 5ms\r\u001b[31m\u2028", en: "" }
    } as never)
    expect(line).toBe("[notifier] to m-1: Họp\\n[10:09:00.000] INFO (#9999): POST /v1/auth/login 200 5ms\\r\\u001b[31m\\u2028\n")
    expect(line.split("\n")).toHaveLength(2)
  })
})
