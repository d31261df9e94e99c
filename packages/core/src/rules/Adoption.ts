/**
 * Adoption arithmetic: the "60.6% installed" style figures, with both denominators stated
 * (domain brief §12.6).
 *
 * @since 0.1.0
 */

/**
 * A rate rounded to four decimals; 0 when there is nobody to count.
 *
 * @since 0.1.0
 * @category rules
 */
export const rate = (numerator: number, denominator: number): number =>
  denominator <= 0 ? 0 : Math.round((numerator / denominator) * 10_000) / 10_000
