import { CheckIn } from "@sotay/core"
import { describe, expect, it } from "vitest"

const secret = "s3cret-of-the-meeting"
const meeting = "0b5c6f2e-6f4e-4c55-9d4a-0c5a3b4e9a10"

describe("check-in tokens", () => {
  const t0 = Date.UTC(2026, 0, 10, 12, 30, 5)
  it("accepts the token on screen and the previous one, and calls older ones expired", () => {
    const { token } = CheckIn.qrToken(secret, meeting, t0)
    expect(CheckIn.verifyQrToken(secret, meeting, token, t0)).toBe("valid")
    expect(CheckIn.verifyQrToken(secret, meeting, token, t0 + 60_000)).toBe("valid")
    expect(CheckIn.verifyQrToken(secret, meeting, token, t0 + 120_000)).toBe("expired")
  })

  it("refuses another meeting's token, a forged one and one from the future", () => {
    const { token } = CheckIn.qrToken(secret, meeting, t0)
    expect(CheckIn.verifyQrToken(secret, "1b5c6f2e-6f4e-4c55-9d4a-0c5a3b4e9a10", token, t0)).toBe("invalid")
    expect(CheckIn.verifyQrToken("other", meeting, token, t0)).toBe("invalid")
    const future = CheckIn.qrToken(secret, meeting, t0 + 600_000).token
    expect(CheckIn.verifyQrToken(secret, meeting, future, t0)).toBe("invalid")
    expect(CheckIn.verifyQrToken(secret, meeting, "garbage", t0)).toBe("invalid")
  })

  it("rotates every minute", () => {
    expect(CheckIn.qrToken(secret, meeting, t0).token).not.toBe(CheckIn.qrToken(secret, meeting, t0 + 60_000).token)
  })

  it("matches the 6-digit code exactly", () => {
    expect(CheckIn.codeMatches("042917", "042917")).toBe(true)
    expect(CheckIn.codeMatches("042917", " 042917 ")).toBe(true)
    expect(CheckIn.codeMatches("042917", "42917")).toBe(false)
    expect(CheckIn.codeMatches("042917", "042918")).toBe(false)
  })
})
