/**
 * Accounts and sessions: login with a username, a phone number in any common Vietnamese form or
 * a Party card number; opaque bearer tokens stored hashed, with expiry, logout and a list the
 * owner can revoke; activation and password reset by one-time code; the actor of each request
 * resolved afresh from the store, disabling the account the moment its member leaves the app's
 * scope.
 *
 * @since 0.1.0
 */
import { Effect, Option } from "effect"
import { sql } from "kysely"
import { jsonArrayFrom } from "kysely/helpers/postgres"
import { createHash, randomBytes } from "node:crypto"
import type { AccountState, Actor, Assistance, Me, Role, SessionInfo } from "../model/Account.js"
import { conflict, forbidden, notFound, unauthenticated, validationFailed } from "../model/Errors.js"
import type { AccountId, MemberId, OrgId, SessionId } from "../model/Ids.js"
import { can } from "../rules/Access.js"
import { disablingReason } from "../rules/AccountState.js"
import * as PasswordRules from "../rules/Password.js"
import { normalizePhone } from "../rules/Phone.js"
import { prepared, query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor, RequestContext } from "./CurrentActor.js"
import { Notifier } from "./Notifier.js"
import * as OneTimeCodes from "./OneTimeCodes.js"
import * as Passwords from "./Passwords.js"
import { Settings } from "./Settings.js"
import * as Throttle from "./Throttle.js"

/** How long a session lasts. @since 0.1.0 @category constants */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

const WRONG_CREDENTIALS = { vi: "Tên đăng nhập hoặc mật khẩu không đúng", en: "Wrong login or password" }
const MEMBER_NOT_FOUND = { vi: "Không tìm thấy đảng viên", en: "Member not found" }

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex")

const loginKey = (login: string) => {
  const text = login.normalize("NFC").trim().toLowerCase()
  return normalizePhone(text) ?? text
}

const clientAddress = Effect.map(Effect.serviceOption(RequestContext), Option.match({ onNone: () => null, onSome: (r) => r.clientAddress }))

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
        .select(["a.id", "a.status", "a.password_hash", "a.member_id", "a.username", "m.phone", "m.full_name", "m.org_id", "m.status as member_status", "m.province_id", "a.province_id as account_province_id"])
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

/** Disables an account whose member left the app's scope, ends its sessions, and records why. */
const disableAutomatically = (accountId: string, memberOrgId: string | null, reason: string) =>
  Effect.gen(function*() {
    const changed = yield* query("disable account", (db) =>
      db.updateTable("accounts").set({ status: "disabled", disabled_reason: reason, updated_at: sql<Date>`now()` })
        .where("id", "=", accountId).where("status", "<>", "disabled").executeTakeFirst())
    if (Number(changed.numUpdatedRows) === 0) return
    yield* query("end sessions", (db) =>
      db.updateTable("sessions").set({ revoked_at: new Date() }).where("account_id", "=", accountId).where("revoked_at", "is", null).execute())
    yield* Audit.record({ action: "account.disabled", actorAccountId: null, orgId: memberOrgId, targetType: "account", targetId: accountId, detail: { reason, automatic: true } })
  })

/**
 * Checks credentials and opens a session. Unknown logins, wrong passwords and unusable accounts
 * get the same answer after the same work: exactly one scrypt verification. Failures count
 * against the login name and the client address; past the limit, 429 with the seconds to wait.
 *
 * @since 0.1.0
 * @category commands
 */
export const login = (login: string, password: string) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const address = yield* clientAddress
    const keys = [`login:${loginKey(login)}`, ...(address ? [`address:${address}`] : [])]
    yield* Throttle.check(keys)
    const account = yield* findByLogin(login)
    const reason = account?.member_id
      ? disablingReason({ status: account.member_status!, provinceId: account.province_id, accountProvinceId: account.account_province_id })
      : null
    const usable = account !== undefined && account.status === "active" && account.password_hash !== null && reason === null
    const matches = yield* Passwords.verify(password, usable ? account.password_hash! : Passwords.DECOY_HASH)
    if (account && reason !== null && account.status === "active") yield* disableAutomatically(account.id, account.org_id, reason)
    if (!usable || !matches) {
      yield* Throttle.hit(keys[0]!, settings.maxFailuresPerLogin, settings.throttleWindowSeconds)
      if (address) yield* Throttle.hit(`address:${address}`, settings.maxFailuresPerAddress, settings.throttleWindowSeconds)
      yield* Audit.record({ action: "auth.login.failed", actorAccountId: account?.id ?? null, orgId: account?.org_id ?? null, targetType: "account", targetId: account?.id ?? null })
      return yield* unauthenticated(WRONG_CREDENTIALS)
    }
    yield* Throttle.clear(keys[0]!)
    const request = yield* Effect.serviceOption(RequestContext)
    const token = randomBytes(32).toString("base64url")
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
    yield* query("open session", (db) =>
      db.insertInto("sessions").values({
        token_hash: hashToken(token),
        account_id: account.id,
        expires_at: expiresAt,
        client_address: address,
        user_agent: Option.match(request, { onNone: () => null, onSome: (r) => r.userAgent?.slice(0, 300) ?? null })
      }).execute())
    yield* Audit.record({ action: "auth.login", actorAccountId: account.id, orgId: account.org_id, targetType: "account", targetId: account.id })
    return { token, expiresAt: expiresAt.toISOString() }
  })

/** The session of a token with its account, member and roles: one prepared query, every request. */
const sessionOf = prepared("authenticate", (db, p: { tokenHash: string; now: Date }) =>
  db
    .selectFrom("sessions as s")
    .innerJoin("accounts as a", "a.id", "s.account_id")
    .leftJoin("members as m", "m.id", "a.member_id")
    .leftJoin("organizations as o", "o.id", "m.org_id")
    .select([
      "s.id as session_id",
      "a.id as account_id",
      "a.username",
      "a.status",
      "a.member_id",
      "a.province_id as account_province_id",
      "m.org_id",
      "m.province_id",
      "o.path as org_path",
      "m.status as member_status",
      // the roles in the same round trip
      (eb) =>
        jsonArrayFrom(
          eb.selectFrom("role_assignments as r")
            .innerJoin("organizations as ro", "ro.id", "r.org_id")
            .select(["r.org_id", "ro.path", "r.role"])
            .whereRef("r.account_id", "=", "a.id")
        ).as("roles")
    ])
    .where("s.token_hash", "=", p.tokenHash)
    .where("s.revoked_at", "is", null)
    .where("s.expires_at", ">", p.now))

/**
 * Resolves a bearer token to the actor, reading the account's state, its member's status and
 * placement and its roles now, so that a disabled account, a revoked session, a changed role or
 * a member who left the app's scope (exempt, removed, expelled, deceased, transferred out)
 * takes effect on this very request. In the last case the account is disabled for good.
 *
 * @since 0.1.0
 * @category queries
 */
export const authenticate = (token: string) =>
  Effect.gen(function*() {
    const session = token.length > 0 && token.length <= 256
      ? (yield* sessionOf({ tokenHash: hashToken(token), now: new Date() }))[0]
      : undefined
    if (!session || session.status !== "active") return yield* unauthenticated()
    if (session.member_id !== null) {
      const reason = disablingReason({ status: session.member_status!, provinceId: session.province_id, accountProvinceId: session.account_province_id })
      if (reason !== null) {
        yield* disableAutomatically(session.account_id, session.org_id, reason)
        return yield* unauthenticated()
      }
    }
    const roles = session.roles
    const actor: Actor = {
      accountId: session.account_id as AccountId,
      username: session.username,
      memberId: session.member_id as MemberId | null,
      memberOrg: session.org_id && session.org_path ? { id: session.org_id as OrgId, path: session.org_path } : null,
      roles: roles.map((r) => ({ orgId: r.org_id as OrgId, orgPath: r.path, role: r.role as Role })),
      sessionId: session.session_id
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

// ---------------------------------------------------------------------------------------------
// One-time codes: activation and password reset

const CODE_SENT = { status: "sent" as const, expiresInSeconds: OneTimeCodes.TTL_SECONDS }

const checkNewPassword = (password: string, context: ReadonlyArray<string | null | undefined>, field = "password") => {
  const problems = PasswordRules.check(password, context)
  return problems.length > 0 ? validationFailed(problems.map((text) => ({ field, text }))) : Effect.void
}

const sendCode = (to: { memberId: string | null; accountId: string | null; phone: string }, kind: string, code: string, text: { vi: string; en: string }) =>
  Effect.flatMap(Notifier, (notifier) =>
    notifier.send(to, { kind, text, data: { code } }).pipe(
      // The code is never logged; a failed delivery is, without it.
      Effect.catchAll((error) => Effect.logWarning(`one-time code delivery failed: ${error.reason}`))
    ))

const codeText = (code: string, purpose: "activation" | "password_reset") =>
  purpose === "activation"
    ? { vi: `Mã kích hoạt Sổ tay đảng viên: ${code} (hiệu lực 5 phút). Không chia sẻ mã này.`, en: `Party Member Handbook activation code: ${code} (valid 5 minutes). Do not share it.` }
    : { vi: `Mã đặt lại mật khẩu Sổ tay đảng viên: ${code} (hiệu lực 5 phút). Không chia sẻ mã này.`, en: `Party Member Handbook password reset code: ${code} (valid 5 minutes). Do not share it.` }

const codeRequestLimit = (login: string) =>
  Effect.gen(function*() {
    const settings = yield* Settings
    const address = yield* clientAddress
    const keys = [`code:${loginKey(login)}`, ...(address ? [`code-address:${address}`] : [])]
    yield* Throttle.check(keys)
    yield* Throttle.hit(keys[0]!, settings.maxCodeRequests, settings.throttleWindowSeconds)
    if (address) yield* Throttle.hit(keys[1]!, settings.maxFailuresPerAddress, settings.throttleWindowSeconds)
  })

/**
 * Sends an activation code to the registered phone of a provisioned member account. The answer
 * is the same whether or not the login names such an account.
 *
 * @since 0.2.0
 * @category commands
 */
export const requestActivation = (login: string) =>
  Effect.gen(function*() {
    yield* codeRequestLimit(login)
    const account = yield* findByLogin(login)
    const eligible = account?.member_id
      ? disablingReason({ status: account.member_status!, provinceId: account.province_id, accountProvinceId: account.account_province_id }) === null
      : false
    if (account && eligible && account.status === "provisioned" && account.phone && account.member_id) {
      const code = yield* OneTimeCodes.issue("activation", account.id)
      yield* sendCode({ memberId: account.member_id, accountId: account.id, phone: account.phone }, "otp.activation", code, codeText(code, "activation"))
      yield* Audit.record({ action: "account.activation.requested", actorAccountId: null, orgId: account.org_id, targetType: "account", targetId: account.id })
    }
    return CODE_SENT
  })

/** Activates a provisioned account with a password: shared by self-service and assisted mode. */
const activate = (account: { id: string; org_id: string | null }, password: string, assistance?: Assistance) =>
  transactionally(Effect.gen(function*() {
    const hash = yield* Passwords.hash(password)
    const changed = yield* query("activate", (db) =>
      db.updateTable("accounts")
        .set({ status: "active", password_hash: hash, activated_at: new Date(), disabled_reason: null, updated_at: sql<Date>`now()` })
        .where("id", "=", account.id).where("status", "=", "provisioned").executeTakeFirst())
    if (Number(changed.numUpdatedRows) !== 1) return yield* OneTimeCodes.wrongCode()
    yield* Audit.record({
      action: "account.activated",
      ...(assistance ? { assistance } : { actorAccountId: account.id }),
      orgId: account.org_id,
      targetType: "account",
      targetId: account.id
    })
  }))

/**
 * Activates a provisioned account with the code sent to the member's phone and a new password.
 *
 * @since 0.2.0
 * @category commands
 */
export const confirmActivation = (login: string, code: string, password: string) =>
  Effect.gen(function*() {
    const account = yield* findByLogin(login)
    yield* checkNewPassword(password, [login, account?.full_name, account?.phone])
    const usable = account !== undefined && account.status === "provisioned" && account.member_id !== null &&
      disablingReason({ status: account.member_status!, provinceId: account.province_id, accountProvinceId: account.account_province_id }) === null
    yield* OneTimeCodes.consume("activation", usable ? account.id : null, code)
    yield* activate(account!, password)
    return { status: "active" as const }
  })

/**
 * Sends a password reset code to the phone of an active (or locked) member account; the same
 * answer whether or not the login names one.
 *
 * @since 0.2.0
 * @category commands
 */
export const requestPasswordReset = (login: string) =>
  Effect.gen(function*() {
    yield* codeRequestLimit(login)
    const account = yield* findByLogin(login)
    if (account && (account.status === "active" || account.status === "locked") && account.phone) {
      const code = yield* OneTimeCodes.issue("password_reset", account.id)
      yield* sendCode({ memberId: account.member_id, accountId: account.id, phone: account.phone }, "otp.password_reset", code, codeText(code, "password_reset"))
      yield* Audit.record({ action: "account.password_reset.requested", actorAccountId: null, orgId: account.org_id, targetType: "account", targetId: account.id })
    }
    return CODE_SENT
  })

/**
 * Sets a new password with a reset code; ends every session of the account and lifts a lock.
 *
 * @since 0.2.0
 * @category commands
 */
export const confirmPasswordReset = (login: string, code: string, password: string) =>
  Effect.gen(function*() {
    const account = yield* findByLogin(login)
    yield* checkNewPassword(password, [login, account?.full_name, account?.phone, account?.username])
    const usable = account !== undefined && (account.status === "active" || account.status === "locked")
    yield* OneTimeCodes.consume("password_reset", usable ? account.id : null, code)
    const hash = yield* Passwords.hash(password)
    yield* transactionally(Effect.gen(function*() {
      yield* query("reset password", (db) =>
        db.updateTable("accounts").set({ password_hash: hash, status: "active", updated_at: sql<Date>`now()` })
          .where("id", "=", account!.id).where("status", "in", ["active", "locked"]).execute())
      yield* query("end sessions", (db) =>
        db.updateTable("sessions").set({ revoked_at: new Date() }).where("account_id", "=", account!.id).where("revoked_at", "is", null).execute())
      yield* Audit.record({ action: "account.password_reset", actorAccountId: account!.id, orgId: account!.org_id, targetType: "account", targetId: account!.id })
    }))
    yield* Throttle.clear(`login:${loginKey(login)}`)
    return { status: "active" as const }
  })

/**
 * Changes the caller's password (the current one is checked, with the same limits as a login)
 * and ends their other sessions.
 *
 * @since 0.2.0
 * @category commands
 */
export const changePassword = (currentPassword: string, newPassword: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const settings = yield* Settings
    const key = `password:${actor.accountId}`
    yield* Throttle.check([key])
    const account = yield* query("load account", (db) =>
      db.selectFrom("accounts as a").leftJoin("members as m", "m.id", "a.member_id")
        .select(["a.password_hash", "a.username", "m.full_name", "m.phone", "m.org_id"]).where("a.id", "=", actor.accountId).executeTakeFirstOrThrow())
    const matches = yield* Passwords.verify(currentPassword, account.password_hash ?? Passwords.DECOY_HASH)
    if (!matches || account.password_hash === null) {
      yield* Throttle.hit(key, settings.maxFailuresPerLogin, settings.throttleWindowSeconds)
      return yield* validationFailed([{ field: "currentPassword", text: { vi: "mật khẩu hiện tại không đúng", en: "the current password is wrong" } }])
    }
    yield* checkNewPassword(newPassword, [account.username, account.full_name, account.phone, currentPassword], "newPassword")
    const hash = yield* Passwords.hash(newPassword)
    yield* transactionally(Effect.gen(function*() {
      yield* query("change password", (db) =>
        db.updateTable("accounts").set({ password_hash: hash, updated_at: sql<Date>`now()` }).where("id", "=", actor.accountId).execute())
      yield* query("end other sessions", (db) => {
        let q = db.updateTable("sessions").set({ revoked_at: new Date() }).where("account_id", "=", actor.accountId).where("revoked_at", "is", null)
        if (actor.sessionId) q = q.where("id", "<>", actor.sessionId)
        return q.execute()
      })
      yield* Audit.record({ action: "account.password_changed", orgId: account.org_id, targetType: "account", targetId: actor.accountId })
    }))
  })

// ---------------------------------------------------------------------------------------------
// Sessions

/**
 * The caller's open sessions, newest first.
 *
 * @since 0.2.0
 * @category queries
 */
export const listSessions = Effect.gen(function*() {
  const actor = yield* CurrentActor
  const rows = yield* query("list sessions", (db) =>
    db.selectFrom("sessions").select(["id", "created_at", "expires_at", "client_address", "user_agent"])
      .where("account_id", "=", actor.accountId).where("revoked_at", "is", null).where("expires_at", ">", new Date())
      .orderBy("created_at", "desc").limit(200).execute())
  return rows.map((r): SessionInfo => ({
    id: r.id as SessionId,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    clientAddress: r.client_address,
    userAgent: r.user_agent,
    current: r.id === actor.sessionId
  }))
})

/**
 * Revokes one of the caller's sessions; another account's session id answers NotFound.
 *
 * @since 0.2.0
 * @category commands
 */
export const revokeSession = (sessionId: string) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const changed = yield* query("revoke session", (db) =>
      db.updateTable("sessions").set({ revoked_at: new Date() })
        .where("id", "=", sessionId).where("account_id", "=", actor.accountId).where("revoked_at", "is", null).executeTakeFirst())
    if (Number(changed.numUpdatedRows) !== 1) return yield* notFound({ vi: "Không tìm thấy phiên đăng nhập", en: "Session not found" })
    yield* Audit.record({ action: "session.revoked", targetType: "session", targetId: sessionId })
  })

// ---------------------------------------------------------------------------------------------
// Administration and assisted mode

/**
 * Locks, disables or re-enables a member's account (committee staff). Locking and disabling end
 * its sessions: its very next request answers 401. A member outside the app's scope cannot be
 * re-enabled.
 *
 * @since 0.2.0
 * @category commands
 */
export const setStatus = (memberId: string, status: "active" | "locked" | "disabled", reason: string | undefined) =>
  transactionally(Effect.gen(function*() {
    const row = yield* authorizeMember(memberId, "account.manage")
    if (!row.account_id) return yield* conflict({ vi: "Đảng viên chưa có tài khoản", en: "The member has no account" })
    if (row.status === "provisioned" || row.status === "pending_approval") {
      return yield* conflict({ vi: "Tài khoản chưa được kích hoạt", en: "The account has not been activated" })
    }
    if (status === "active") {
      const blocker = disablingReason({ status: row.member_status, provinceId: row.province_id, accountProvinceId: row.account_province_id })
      if (blocker !== null) return yield* conflict({ vi: "Đảng viên không còn thuộc phạm vi sử dụng ứng dụng", en: `The member is out of the app's scope (${blocker})` })
    }
    yield* query("set account status", (db) =>
      db.updateTable("accounts").set({ status, disabled_reason: status === "active" ? null : reason ?? null, updated_at: sql<Date>`now()` })
        .where("id", "=", row.account_id!).execute())
    if (status !== "active") {
      yield* query("end sessions", (db) =>
        db.updateTable("sessions").set({ revoked_at: new Date() }).where("account_id", "=", row.account_id!).where("revoked_at", "is", null).execute())
    }
    yield* Audit.record({ action: `account.${status === "active" ? "enabled" : status}`, orgId: row.org_id, targetType: "account", targetId: row.account_id, detail: { memberId } })
    const result: AccountState = { memberId: row.id as MemberId, accountId: row.account_id as AccountId, status, reason: status === "active" ? null : reason ?? null }
    return result
  }))

/** A member in the actor's scope for `action`: NotFound when hidden, Forbidden when visible. */
export const authorizeMember = (memberId: string, action: "account.manage" | "member.assist" | "member.anonymize") =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* query("load member account", (db) =>
      db.selectFrom("members as m")
        .innerJoin("organizations as o", "o.id", "m.org_id")
        .leftJoin("accounts as a", "a.member_id", "m.id")
        .select(["m.id", "m.org_id", "o.path", "m.phone", "m.full_name", "m.status as member_status", "m.province_id", "m.status_changed_at", "m.anonymized_at", "a.id as account_id", "a.status", "a.province_id as account_province_id"])
        .where("m.id", "=", memberId).executeTakeFirst())
    if (!row) return yield* notFound(MEMBER_NOT_FOUND)
    const decision = can(actor, action, { orgPath: row.path, memberId: row.id })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(MEMBER_NOT_FOUND)
        : forbidden({ vi: "Bạn không có quyền thực hiện thao tác này với đảng viên này", en: "You may not do this for this member" })
    }
    return row
  })

/**
 * Assisted mode: a secretary acts for a member of their cell without a smartphone. Checks the
 * policy (`member.assist`) and returns what every such record carries.
 *
 * @since 0.2.0
 * @category commands
 */
export const assist = (memberId: string, channel: Assistance["channel"]) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* authorizeMember(memberId, "member.assist")
    const assistance: Assistance = { recordedBy: actor.accountId, onBehalfOf: row.id as MemberId, channel }
    return { member: row, assistance }
  })

/**
 * Assisted activation, step 1: the secretary has a code sent to the member's registered phone
 * (a basic phone receives SMS).
 *
 * @since 0.2.0
 * @category commands
 */
export const requestAssistedActivation = (memberId: string, channel: Assistance["channel"]) =>
  Effect.gen(function*() {
    const { member, assistance } = yield* assist(memberId, channel)
    if (disablingReason({ status: member.member_status, provinceId: member.province_id, accountProvinceId: member.account_province_id }) !== null) {
      return yield* conflict({ vi: "Đảng viên không thuộc phạm vi sử dụng ứng dụng", en: "The member is out of the app's scope" })
    }
    if (!member.account_id || member.status !== "provisioned") {
      return yield* conflict({ vi: "Tài khoản của đảng viên không ở trạng thái chờ kích hoạt", en: "The member's account is not waiting for activation" })
    }
    if (!member.phone) {
      return yield* conflict({ vi: "Đảng viên chưa có số điện thoại; hãy dùng đăng ký", en: "The member has no phone on record; use a registration" })
    }
    const settings = yield* Settings
    yield* Throttle.check([`code:${member.account_id}`])
    yield* Throttle.hit(`code:${member.account_id}`, settings.maxCodeRequests, settings.throttleWindowSeconds)
    const code = yield* OneTimeCodes.issue("activation", member.account_id)
    yield* sendCode({ memberId: member.id, accountId: member.account_id, phone: member.phone }, "otp.activation", code, codeText(code, "activation"))
    yield* Audit.record({ action: "account.activation.requested", assistance, orgId: member.org_id, targetType: "account", targetId: member.account_id })
    return CODE_SENT
  })

/**
 * Assisted activation, step 2: the secretary enters the code the member received and the
 * password the member chose; the record says who entered it, for whom and how.
 *
 * @since 0.2.0
 * @category commands
 */
export const confirmAssistedActivation = (memberId: string, channel: Assistance["channel"], code: string, password: string) =>
  Effect.gen(function*() {
    const { member, assistance } = yield* assist(memberId, channel)
    yield* checkNewPassword(password, [member.full_name, member.phone])
    const usable = member.account_id !== null && member.status === "provisioned"
    yield* OneTimeCodes.consume("activation", usable ? member.account_id : null, code)
    yield* activate({ id: member.account_id!, org_id: member.org_id }, password, assistance)
    const result: AccountState = { memberId: member.id as MemberId, accountId: member.account_id as AccountId, status: "active", reason: null }
    return { ...result, assistance }
  })
