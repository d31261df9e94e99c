/**
 * The meeting screen's QR code: the SVG decodes, with an independent reader, back to exactly the
 * text it was made from — Vietnamese included.
 */
import { QrCode } from "@sotay/core"
import { describe, expect, it } from "vitest"
import { readQrSvg } from "../support/qr.js"

describe("QR codes", () => {
  it.each([
    "sotay:checkin:7b0c1c36-2d9e-4c59-9a57-2f3c3f0d9e11:AbC-123_xyz",
    "Chi bộ bản 01 — Sinh hoạt thường kỳ",
    "x".repeat(300)
  ])("encodes %s so that a reader gets it back", (text) => {
    const svg = QrCode.qrSvg(text)
    expect(svg.startsWith("<svg")).toBe(true)
    expect(readQrSvg(svg)).toBe(text)
  })
})
