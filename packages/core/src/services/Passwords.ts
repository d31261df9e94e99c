/**
 * Password hashing with scrypt (node:crypto, no native addon). The hash string carries its
 * parameters, so they can be raised later without invalidating stored hashes.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"

/** scrypt cost parameters (OWASP: N=2^17, r=8, p=1). @since 0.1.0 @category constants */
export const DEFAULT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const

const KEY_LENGTH = 32

const derive = (password: string, salt: Buffer, params: { N: number; r: number; p: number }) =>
  Effect.async<Buffer>((resume) => {
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, key) => {
      if (error) resume(Effect.die(error))
      else resume(Effect.succeed(key))
    })
  })

/**
 * Hashes a password: `scrypt$N$r$p$salt$key` (salt and key in base64url).
 *
 * @since 0.1.0
 * @category constructors
 */
export const hash = (password: string, params: { N: number; r: number; p: number } = DEFAULT_PARAMS) =>
  Effect.gen(function*() {
    const salt = randomBytes(16)
    const key = yield* derive(password, salt, params)
    return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${key.toString("base64url")}`
  })

let verifications = 0

/**
 * How many scrypt verifications this process has run. Login runs exactly one per attempt,
 * whether or not the login names an account, so that an unknown user and a wrong password take
 * the same time; tests observe that through this counter rather than a stopwatch.
 *
 * @since 0.2.0
 * @category observability
 */
export const verificationCount = (): number => verifications

/**
 * Checks a password against a stored hash in constant time. A malformed hash is checked
 * against the decoy (the same work) and never matches.
 *
 * @since 0.1.0
 * @category rules
 */
export const verify = (password: string, stored: string): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const parts = stored.split("$")
    const [scheme, n, r, p, salt, key] = parts
    const wellFormed = scheme === "scrypt" && !!n && !!r && !!p && !!salt && !!key
    if (!wellFormed && stored !== DECOY_HASH) return yield* Effect.as(verify(password, DECOY_HASH), false)
    verifications++
    const expected = Buffer.from(key!, "base64url")
    const actual = yield* derive(password, Buffer.from(salt!, "base64url"), { N: Number(n), r: Number(r), p: Number(p) })
    return wellFormed && actual.length === expected.length && timingSafeEqual(actual, expected)
  })

/**
 * A hash no password matches, checked when the login names nobody, so that an unknown user and a
 * wrong password take the same time.
 *
 * @since 0.1.0
 * @category constants
 */
export const DECOY_HASH = `scrypt$${DEFAULT_PARAMS.N}$${DEFAULT_PARAMS.r}$${DEFAULT_PARAMS.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`
