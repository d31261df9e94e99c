/**
 * Security settings of the account services, with defaults; the reference server reads them from
 * the environment (`SOTAY_RETENTION_DAYS`).
 *
 * @since 0.2.0
 */
import { Context } from "effect"

/**
 * The settings.
 *
 * @since 0.2.0
 * @category models
 */
export interface SecuritySettings {
  /** Days after a member's death or removal before their personal fields may be anonymized. */
  readonly retentionDays: number
  /** Failed logins per login name, then a block. */
  readonly maxFailuresPerLogin: number
  /** Failed logins per client address, then a block. */
  readonly maxFailuresPerAddress: number
  /** One-time codes requested per login or phone, then a block. */
  readonly maxCodeRequests: number
  /** The window the counts run over, and how long a block lasts. */
  readonly throttleWindowSeconds: number
}

/** @since 0.2.0 @category constructors */
export const fromEnv = (env: Record<string, string | undefined> = process.env): SecuritySettings => {
  const days = Number(env.SOTAY_RETENTION_DAYS)
  return {
    retentionDays: Number.isFinite(days) && days >= 0 ? days : 5 * 365,
    maxFailuresPerLogin: 5,
    maxFailuresPerAddress: 50,
    maxCodeRequests: 3,
    throttleWindowSeconds: 15 * 60
  }
}

/** @since 0.2.0 @category services */
export class Settings extends Context.Reference<Settings>()("@sotay/core/Settings", { defaultValue: () => fromEnv() }) {}
