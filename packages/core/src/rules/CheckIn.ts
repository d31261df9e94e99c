/**
 * Check-in secrets: a QR token that rotates every {@link QR_WINDOW_SECONDS} seconds (shown on a
 * screen at the meeting) and a 6-digit code read out by the chair. Pure: the time is a parameter.
 *
 * @since 0.2.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"

/** How long one QR token is shown. @since 0.2.0 @category constants */
export const QR_WINDOW_SECONDS = 60

/** A token stays valid for the window it was shown in and the next one (a slow scan). @since 0.2.0 @category constants */
export const QR_GRACE_WINDOWS = 1

/** Wrong codes a member may try per meeting before code check-in is locked for them. @since 0.2.0 @category constants */
export const MAX_CODE_ATTEMPTS = 5

const sign = (secret: string, meetingId: string, window: number) =>
  createHmac("sha256", secret).update(`${meetingId}:${window}`).digest("base64url").slice(0, 22)

/**
 * The QR token of a meeting at `nowMs`, and when it stops being shown.
 *
 * @since 0.2.0
 * @category rules
 */
export const qrToken = (secret: string, meetingId: string, nowMs: number): { readonly token: string; readonly rotatesAt: Date; readonly validUntil: Date } => {
  const window = Math.floor(nowMs / 1000 / QR_WINDOW_SECONDS)
  return {
    token: `${window}.${sign(secret, meetingId, window)}`,
    rotatesAt: new Date((window + 1) * QR_WINDOW_SECONDS * 1000),
    validUntil: new Date((window + 1 + QR_GRACE_WINDOWS) * QR_WINDOW_SECONDS * 1000)
  }
}

/**
 * Checks a scanned QR token: `valid`, `expired` (genuine but older than the grace window) or
 * `invalid` (not this meeting's, or forged).
 *
 * @since 0.2.0
 * @category rules
 */
export const verifyQrToken = (secret: string, meetingId: string, token: string, nowMs: number): "valid" | "expired" | "invalid" => {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!match) return "invalid"
  const window = Number(match[1])
  const expected = Buffer.from(sign(secret, meetingId, window))
  const given = Buffer.from(match[2]!)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid"
  const current = Math.floor(nowMs / 1000 / QR_WINDOW_SECONDS)
  if (window > current) return "invalid"
  return current - window <= QR_GRACE_WINDOWS ? "valid" : "expired"
}

/**
 * Whether a typed code is the meeting's 6-digit code (compared in constant time).
 *
 * @since 0.2.0
 * @category rules
 */
export const codeMatches = (expected: string, given: string): boolean => {
  const a = Buffer.from(expected)
  const b = Buffer.from(given.trim())
  return /^\d{6}$/.test(given.trim()) && a.length === b.length && timingSafeEqual(a, b)
}
