/**
 * Role assignments: committee staff list, grant and remove roles within their subtree. A role is
 * granted at an organization to a member of that organization's subtree; cell roles only at a
 * cell, committee roles only above one; only a system administrator makes another. A merge or a
 * dissolution ends the roles held at the organization that closes ({@link endAt}).
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import type { Actor, RoleGrant } from "../model/Account.js"
import { conflict, forbidden, notFound, validationFailed } from "../model/Errors.js"
import type { AccountId, MemberId, OrgId, RoleAssignmentId } from "../model/Ids.js"
import type { Role } from "../model/Account.js"
import { isCell, type OrgType } from "../model/Organization.js"
import { can, inSubtree } from "../rules/Access.js"
import { query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Organizations from "./Organizations.js"

const NOT_FOUND = { vi: "Không tìm thấy phân quyền", en: "Role assignment not found" }
const CELL_ROLES: ReadonlySet<Role> = new Set(["cell_secretary", "cell_deputy"])

const grantColumns = ["r.id", "r.account_id", "a.username", "a.member_id", "m.full_name", "r.org_id", "o.name as org_name", "r.role"] as const

type GrantRow = { id: string; account_id: string; username: string | null; member_id: string | null; full_name: string | null; org_id: string; org_name: string; role: string }

const toGrant = (r: GrantRow): RoleGrant => ({
  id: r.id as RoleAssignmentId,
  accountId: r.account_id as AccountId,
  username: r.username,
  memberId: r.member_id as MemberId | null,
  memberName: r.full_name,
  orgId: r.org_id as OrgId,
  orgName: r.org_name,
  role: r.role as Role
})

/**
 * The role assignments at an organization and below it.
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (orgId: string) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "roles.manage")
    const rows = yield* query("list roles", (db) =>
      db.selectFrom("role_assignments as r")
        .innerJoin("organizations as o", "o.id", "r.org_id")
        .innerJoin("accounts as a", "a.id", "r.account_id")
        .leftJoin("members as m", "m.id", "a.member_id")
        .select(grantColumns)
        .where("o.path", "like", `${org.path}%`)
        .orderBy("o.path").orderBy("r.role").orderBy("r.id")
        .limit(1000)
        .execute())
    // Who holds a Party role reveals political affiliation: the read is recorded.
    yield* Audit.record({ action: "roles.list", orgId: org.id, targetType: "organization", targetId: org.id, detail: { count: rows.length } })
    return rows.map(toGrant)
  })

/**
 * Grants `role` at `orgId` to a member's account.
 *
 * @since 0.2.0
 * @category commands
 */
export const grant = (orgId: string, memberId: string, role: Exclude<Role, "member">) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const { org } = yield* Organizations.authorize(orgId, "roles.manage")
    if (role === "system_admin" && !actor.roles.some((r) => r.role === "system_admin" && inSubtree(org.path, r.orgPath))) {
      return yield* forbidden({ vi: "Chỉ quản trị hệ thống mới cấp quyền quản trị hệ thống", en: "Only a system administrator grants the system administrator role" })
    }
    const cell = isCell(org.type as OrgType)
    if (CELL_ROLES.has(role) !== cell) {
      return yield* validationFailed([{
        field: "role",
        text: cell
          ? { vi: "tại chi bộ chỉ cấp vai trò bí thư hoặc phó bí thư", en: "a cell takes only the secretary and deputy roles" }
          : { vi: "vai trò bí thư, phó bí thư chỉ cấp tại chi bộ", en: "the secretary and deputy roles are granted at a cell" }
      }])
    }
    const member = yield* query("load member", (db) =>
      db.selectFrom("members as m").innerJoin("organizations as o", "o.id", "m.org_id").leftJoin("accounts as a", "a.member_id", "m.id")
        .select(["m.id", "o.path", "a.id as account_id"]).where("m.id", "=", memberId).executeTakeFirst())
    const visible = member !== undefined && can(actor, "member.read", { orgPath: member.path, memberId: member.id }).allowed
    if (!member || !visible || !inSubtree(member.path, org.path)) {
      return yield* validationFailed([{ field: "memberId", text: { vi: "không phải đảng viên của tổ chức này", en: "not a member of this organization" } }])
    }
    if (!member.account_id) return yield* conflict({ vi: "Đảng viên chưa có tài khoản", en: "The member has no account" })
    const id = randomUUID()
    const inserted = yield* query("grant role", (db) =>
      db.insertInto("role_assignments").values({ id, account_id: member.account_id!, org_id: org.id, role })
        .onConflict((oc) => oc.doNothing()).executeTakeFirst())
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return yield* conflict({ vi: "Đảng viên đã có vai trò này", en: "The member already holds this role" })
    yield* Audit.record({ action: "role.granted", orgId: org.id, targetType: "account", targetId: member.account_id, detail: { role, memberId } })
    const row = yield* query("load grant", (db) =>
      db.selectFrom("role_assignments as r").innerJoin("organizations as o", "o.id", "r.org_id").innerJoin("accounts as a", "a.id", "r.account_id")
        .leftJoin("members as m", "m.id", "a.member_id").select(grantColumns).where("r.id", "=", id).executeTakeFirstOrThrow())
    return toGrant(row)
  }))

/**
 * Whether the actor may remove an assignment: they manage roles at its organization (one outside
 * their subtree answers NotFound), and only a system administrator there removes a system
 * administrator role.
 */
const mayRemove = (actor: Actor, row: { readonly role: string; readonly path: string }) => {
  const decision = can(actor, "roles.manage", { orgPath: row.path })
  if (!decision.allowed) {
    return decision.hidden ? notFound(NOT_FOUND) : forbidden({ vi: "Bạn không có quyền thu hồi vai trò này", en: "You may not remove this role" })
  }
  if (row.role === "system_admin" && !actor.roles.some((r) => r.role === "system_admin" && inSubtree(row.path, r.orgPath))) {
    return forbidden({ vi: "Chỉ quản trị hệ thống mới thu hồi quyền quản trị hệ thống", en: "Only a system administrator removes the system administrator role" })
  }
  return Effect.void
}

/**
 * Deletes one assignment and records it (`role.revoked`, with `detail` beside the role): every
 * removal of a role goes this way.
 */
const remove = (row: { readonly id: string; readonly account_id: string; readonly org_id: string; readonly role: string }, detail: Record<string, unknown> = {}) =>
  Effect.gen(function*() {
    yield* query("revoke role", (db) => db.deleteFrom("role_assignments").where("id", "=", row.id).execute())
    yield* Audit.record({ action: "role.revoked", orgId: row.org_id, targetType: "account", targetId: row.account_id, detail: { role: row.role, ...detail } })
  })

/**
 * Removes a role assignment; one outside the actor's subtree answers NotFound.
 *
 * @since 0.2.0
 * @category commands
 */
export const revoke = (assignmentId: string) =>
  transactionally(Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* query("load assignment", (db) =>
      db.selectFrom("role_assignments as r").innerJoin("organizations as o", "o.id", "r.org_id")
        .select(["r.id", "r.account_id", "r.org_id", "r.role", "o.path"]).where("r.id", "=", assignmentId).executeTakeFirst())
    if (!row) return yield* notFound(NOT_FOUND)
    yield* mayRemove(actor, row)
    yield* remove(row)
  }))

/**
 * Ends every role assignment held at the given organizations, each as {@link revoke} removes
 * one (the same checks, all made before any is removed; deleted, and a `role.revoked` audit
 * entry with `detail` beside the role), and returns them as they stood. An organization merged
 * into another ends the roles held at it this way.
 *
 * @since 0.2.0
 * @category commands
 */
export const endAt = (orgIds: ReadonlyArray<string>, detail: Record<string, unknown>) =>
  transactionally(Effect.gen(function*() {
    if (orgIds.length === 0) return []
    const actor = yield* CurrentActor
    const rows = yield* query("load assignments", (db) =>
      db.selectFrom("role_assignments as r")
        .innerJoin("organizations as o", "o.id", "r.org_id")
        .innerJoin("accounts as a", "a.id", "r.account_id")
        .leftJoin("members as m", "m.id", "a.member_id")
        .select([...grantColumns, "o.path"])
        .where("r.org_id", "in", orgIds)
        .orderBy("o.path").orderBy("r.role").orderBy("r.id")
        .execute())
    for (const row of rows) yield* mayRemove(actor, row)
    for (const row of rows) yield* remove(row, detail)
    return rows.map(toGrant)
  }))
