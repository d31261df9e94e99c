/**
 * When an account stops being usable on its own: the member left the app's scope (domain brief
 * §12.3, §12.4.3). Checked on every request, so the change takes effect on the next one.
 *
 * @since 0.2.0
 */

/** Member statuses that disable the account. @since 0.2.0 @category constants */
export const DISABLING_STATUSES: ReadonlySet<string> = new Set(["exempt", "removed", "expelled", "deceased"])

/**
 * Why a member's account must be disabled now, or `null` while it may stay as it is:
 * the member became exempt, was removed or expelled, died, or transferred out (their record now
 * belongs to another province's Party organization than the one the account was opened in).
 *
 * @since 0.2.0
 * @category rules
 */
export const disablingReason = (member: {
  readonly status: string
  readonly provinceId: string | null
  readonly accountProvinceId: string | null
}): string | null => {
  if (DISABLING_STATUSES.has(member.status)) return `member ${member.status}`
  if (member.accountProvinceId !== null && member.provinceId !== member.accountProvinceId) return "member transferred out"
  return null
}
