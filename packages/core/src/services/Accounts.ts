/**
 * Accounts and sessions: login with a username, a phone number in any common Vietnamese form or
 * a Party card number; opaque bearer tokens stored hashed, with expiry and logout; the actor of
 * each request resolved afresh from the store.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { createHash, randomBytes } from "node:crypto"
import type { Actor, Me, Role } from "../model/Account.js"
import { unauthenticated } from "../model/Errors.js"
import type { AccountId, MemberId, OrgId } from "../model/Ids.js"
import { normalizePhone } from "../rules/Phone.js"
import { query } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Passwords from "./Passwords.js"

/** How long a session lasts. @since 0.1.0 @category constants */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

const WRONG_CREDENTIALS = { vi: "Tên đăng nhập hoặc mật khẩu không đúng", en: "Wrong login or password" }

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex")

/**
 * Finds the account a login names: a username, a phone number (any common form) or a Party
 * card number. Several matches (a shared phone) name nobody.
 *
 * @since 0.1.0
 * @category queries
 */
export const findByLogin = (login: string) =>
  Effect.gen(function*() {
    const text = login.normalize("NFC").trim()
    const phone = normalizePhone(text)
    const rows = yield* query("find account", (db) =>
      db
        .selectFrom("accounts as a")
        .leftJoin("members as m", "m.id", "a.member_id")
        .select(["a.id", "a.status", "a.password_hash", "a.member_id"])
        .where((eb) =>
          eb.or([
            eb("a.username", "=", text.toLowerCase()),
            ...(phone ? [eb("m.phone", "=", phone)] : []),
            ...(/^[0-9A-Za-z]{6,16}$/.test(text) ? [eb("m.party_card_number", "=", text)] : [])
          ])
        )
        .limit(2)
        .execute())
    return rows.length === 1 ? rows[0]! : undefined
  })

/**
 * Checks credentials and opens a session. Unknown logins, wrong passwords and inactive accounts
 * get the same answer after the same work (one scrypt verification).
 *
 * @since 0.1.0
 * @category commands
 */
export const login = (login: string, password: string) =>
  Effect.gen(function*() {
    const account = yield* findByLogin(login)
    const usable = account !== undefined && account.status === "active" && account.password_hash !== null
    const matches = yield* Passwords.verify(password, usable ? account.password_hash! : Passwords.DECOY_HASH)
    if (!usable || !matches) {
      yield* Audit.record({ action: "auth.login.failed", actorAccountId: account?.id ?? null, targetType: "account", targetId: account?.id ?? null })
      return yield* unauthenticated(WRONG_CREDENTIALS)
    }
    const token = randomBytes(32).toString("base64url")
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
    yield* query("open session", (db) =>
      db.insertInto("sessions").values({ token_hash: hashToken(token), account_id: account.id, expires_at: expiresAt }).execute())
    yield* Audit.record({ action: "auth.login", actorAccountId: account.id, targetType: "account", targetId: account.id })
    return { token, expiresAt: expiresAt.toISOString() }
  })

/**
 * Resolves a bearer token to the actor, reading the account's state and roles now, so that a
 * disabled account, a revoked session or a changed role takes effect on this very request.
 *
 * @since 0.1.0
 * @category queries
 */
export const authenticate = (token: string) =>
  Effect.gen(function*() {
    const session = token.length > 0 && token.length <= 256
      ? yield* query("authenticate", (db) =>
        db
          .selectFrom("sessions as s")
          .innerJoin("accounts as a", "a.id", "s.account_id")
          .leftJoin("members as m", "m.id", "a.member_id")
          .leftJoin("organizations as o", "o.id", "m.org_id")
          .select(["a.id as account_id", "a.username", "a.status", "a.member_id", "m.org_id", "o.path as org_path", "m.status as member_status"])
          .where("s.token_hash", "=", hashToken(token))
          .where("s.revoked_at", "is", null)
          .where("s.expires_at", ">", new Date())
          .executeTakeFirst())
      : undefined
    if (!session || session.status !== "active") return yield* unauthenticated()
    const roles = yield* query("load roles", (db) =>
      db
        .selectFrom("role_assignments as r")
        .innerJoin("organizations as o", "o.id", "r.org_id")
        .select(["r.org_id", "o.path", "r.role"])
        .where("r.account_id", "=", session.account_id)
        .execute())
    const actor: Actor = {
      accountId: session.account_id as AccountId,
      username: session.username,
      memberId: session.member_id as MemberId | null,
      memberOrg: session.org_id && session.org_path ? { id: session.org_id as OrgId, path: session.org_path } : null,
      roles: roles.map((r) => ({ orgId: r.org_id as OrgId, orgPath: r.path, role: r.role as Role }))
    }
    return actor
  })

/**
 * Ends the session of a token.
 *
 * @since 0.1.0
 * @category commands
 */
export const logout = (token: string) =>
  Effect.gen(function*() {
    yield* query("logout", (db) =>
      db.updateTable("sessions").set({ revoked_at: new Date() }).where("token_hash", "=", hashToken(token)).where("revoked_at", "is", null).execute())
    yield* Audit.record({ action: "auth.logout", targetType: "account" })
  })

/**
 * The current account, its member and its roles (the member's own cell included as "member").
 *
 * @since 0.1.0
 * @category queries
 */
export const me = Effect.gen(function*() {
  const actor = yield* CurrentActor
  const account = yield* query("load account", (db) =>
    db.selectFrom("accounts").select(["id", "username", "status"]).where("id", "=", actor.accountId).executeTakeFirstOrThrow())
  const member = actor.memberId
    ? yield* query("load own member", (db) =>
      db
        .selectFrom("members as m")
        .innerJoin("organizations as o", "o.id", "m.org_id")
        .select(["m.id", "m.full_name", "m.org_id", "o.name as org_name", "m.status"])
        .where("m.id", "=", actor.memberId!)
        .executeTakeFirst())
    : undefined
  const roles = yield* query("load roles", (db) =>
    db
      .selectFrom("role_assignments as r")
      .innerJoin("organizations as o", "o.id", "r.org_id")
      .select(["r.org_id", "o.name", "r.role"])
      .where("r.account_id", "=", actor.accountId)
      .orderBy("o.depth")
      .orderBy("r.role")
      .execute())
  const result: Me = {
    account: { id: account.id as AccountId, username: account.username, status: account.status as Me["account"]["status"] },
    member: member
      ? { id: member.id as MemberId, fullName: member.full_name, orgId: member.org_id as OrgId, orgName: member.org_name, status: member.status }
      : null,
    roles: [
      ...roles.map((r) => ({ orgId: r.org_id as OrgId, orgName: r.name, role: r.role as Role })),
      ...(member ? [{ orgId: member.org_id as OrgId, orgName: member.org_name, role: "member" as const }] : [])
    ]
  }
  return result
})
