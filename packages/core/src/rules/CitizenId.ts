/**
 * Citizen identity numbers (số định danh cá nhân / CCCD): 12 digits.
 *
 * @since 0.1.0
 */

/**
 * Whether text is a 12-digit citizen id.
 *
 * @since 0.1.0
 * @category rules
 */
export const isCitizenId = (text: string): boolean => /^[0-9]{12}$/.test(text)

/**
 * Masks a citizen id for lists, keeping the last three digits: `011158683383` → `*********383`.
 *
 * @since 0.1.0
 * @category rules
 */
export const maskCitizenId = (citizenId: string): string =>
  `${"*".repeat(Math.max(0, citizenId.length - 3))}${citizenId.slice(-3)}`
