/**
 * Organization changes (the 2025 restructuring and everyday ones): create, rename, move a subtree
 * to a new parent, merge two organizations, dissolve an empty one. Materialized paths are
 * rewritten for a whole subtree in one statement, never by walking the tree; merged and dissolved
 * organizations are kept (status `merged` / `dissolved`), not deleted. Cell constraints come back
 * as warnings.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { sql } from "kysely"
import { conflict, forbidden } from "../model/Errors.js"
import type { OrgId } from "../model/Ids.js"
import type { Text } from "../model/Locale.js"
import { CurrentLocale } from "../model/Locale.js"
import { isCell, type OrgChange, type OrgDissolution, type OrgMerge, type OrgType, type OrgWarning } from "../model/Organization.js"
import { can, inSubtree } from "../rules/Access.js"
import { normalizeText } from "../rules/VietnameseText.js"
import { query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import { CurrentActor } from "./CurrentActor.js"
import * as Organizations from "./Organizations.js"
import * as Roles from "./Roles.js"
import { FiberRef } from "effect"

/**
 * The organization-scoped tables whose rows follow a merged organization into the one that
 * absorbs it: `column` holds an organization id. Tables that do not exist yet are skipped, so
 * later features (meetings) add their line here, or simply use `meetings.org_id`.
 *
 * @since 0.2.0
 * @category constants
 */
export const MERGE_FOLLOWS: ReadonlyArray<{ readonly table: string; readonly column: string }> = [
  { table: "members", column: "org_id" },
  { table: "member_transitions", column: "org_id" },
  { table: "transfers", column: "from_org_id" },
  { table: "transfers", column: "to_org_id" },
  { table: "meetings", column: "org_id" }
]

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The warnings of the cells in a subtree (one statement). */
export const warnings = (rootPath: string) =>
  Effect.gen(function*() {
    const locale = yield* FiberRef.get(CurrentLocale)
    const rows = yield* query("cell warnings", (db) =>
      db
        .selectFrom("organizations as o")
        .select([
          "o.id",
          "o.name",
          sql<number>`(select count(*) from members m where m.org_id = o.id and m.status = 'official')::int`.as("official"),
          sql<number>`(select count(*) from role_assignments r where r.org_id = o.id and r.role = 'committee_member')::int`.as("committee")
        ])
        .where("o.path", "like", `${escapeLike(rootPath)}%`)
        .where("o.type", "in", ["GRASSROOTS_CELL", "AFFILIATED_CELL"])
        .where("o.status", "=", "active")
        .orderBy("o.code")
        .execute())
    const out: Array<OrgWarning> = []
    const warn = (code: OrgWarning["code"], row: (typeof rows)[number], text: Text) =>
      out.push({ code, orgId: row.id as OrgId, orgName: row.name, officialMembers: row.official, message: text[locale] })
    for (const row of rows) {
      if (row.official < 3) {
        warn("CELL_BELOW_MINIMUM", row, {
          vi: `${row.name} chỉ có ${row.official} đảng viên chính thức (chi bộ cần ít nhất 3)`,
          en: `${row.name} has ${row.official} official members (a cell needs at least 3)`
        })
      }
      if (row.committee > 0 && row.official < 9) {
        warn("CELL_COMMITTEE_NOT_ALLOWED", row, {
          vi: `${row.name} có chi ủy nhưng chỉ có ${row.official} đảng viên chính thức (cần từ 9)`,
          en: `${row.name} has a cell committee but only ${row.official} official members (9 needed)`
        })
      } else if (row.committee === 0 && row.official >= 9) {
        warn("CELL_COMMITTEE_ALLOWED", row, {
          vi: `${row.name} có ${row.official} đảng viên chính thức: được bầu chi ủy (tối đa 7 người)`,
          en: `${row.name} has ${row.official} official members: it may elect a cell committee (at most 7)`
        })
      }
    }
    return out
  })

/**
 * The structural warnings of every cell in an organization's subtree.
 *
 * @since 0.2.0
 * @category queries
 */
export const subtreeWarnings = (orgId: string) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "reports.read")
    return { items: yield* warnings(org.path) }
  })

const refuse = { vi: "Bạn không có quyền thay đổi tổ chức này", en: "You may not change this organization" }

/** Loads an organization the actor may change, and (for moves, merges, dissolution) whose parent they manage too. */
const manageable = (orgId: string, options: { readonly parentToo: boolean }) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "org.manage")
    if ((org.status ?? "active") !== "active") {
      return yield* conflict({ vi: "Tổ chức đã sáp nhập hoặc giải thể", en: "The organization has been merged or dissolved" })
    }
    if (options.parentToo) {
      const actor = yield* CurrentActor
      const parentPath = org.path.slice(0, org.path.slice(0, -1).lastIndexOf("/") + 1)
      if (!can(actor, "org.manage", { orgPath: parentPath }).allowed) return yield* forbidden(refuse)
    }
    return org
  })

const outcome = (orgId: string, warnRoot: string) =>
  Effect.gen(function*() {
    const org = yield* Organizations.load(orgId)
    const result: OrgChange = { organization: Organizations.toOrganization(org), warnings: yield* warnings(warnRoot) }
    return result
  })

/**
 * Creates an organization under `parentId`. Cells take members; only a Party group goes under a cell.
 *
 * @since 0.2.0
 * @category commands
 */
export const create = (parentId: string, input: { readonly code: string; readonly name: string; readonly type: OrgType; readonly committeeAbbr?: string | null | undefined }) =>
  transactionally(Effect.gen(function*() {
    const parent = yield* manageable(parentId, { parentToo: false })
    const code = input.code.toUpperCase()
    if (input.type === "PROVINCIAL_COMMITTEE" || input.type === "CENTRAL_COMMITTEE") {
      return yield* conflict({ vi: "Không tạo được tổ chức cấp tỉnh ở đây", en: "A province-level organization cannot be created here" })
    }
    if (isCell(parent.type as OrgType) !== (input.type === "PARTY_GROUP")) {
      return yield* conflict({
        vi: "Chỉ tổ đảng được đặt dưới chi bộ, và tổ đảng chỉ đặt dưới chi bộ",
        en: "Only a Party group goes under a cell, and a Party group only under a cell"
      })
    }
    const taken = yield* query("code taken", (db) => db.selectFrom("organizations").select("id").where("code", "=", code).executeTakeFirst())
    if (taken) return yield* conflict({ vi: `Mã ${code} đã được dùng`, en: `The code ${code} is taken` })
    const id = randomUUID()
    const name = normalizeText(input.name)
    yield* query("create organization", (db) =>
      db.insertInto("organizations").values({
        id,
        code,
        name,
        type: input.type,
        parent_id: parent.id,
        path: `${parent.path}${id}/`,
        depth: parent.depth + 1,
        province_id: parent.province_id,
        committee_abbr: input.committeeAbbr ?? null
      }).execute())
    yield* Audit.record({ action: "org.create", orgId: id, targetType: "organization", targetId: id, detail: { after: { code, name, type: input.type, parentId: parent.id } } })
    return yield* outcome(id, `${parent.path}${id}/`)
  }))

/**
 * Renames an organization.
 *
 * @since 0.2.0
 * @category commands
 */
export const rename = (orgId: string, input: { readonly name: string }) =>
  transactionally(Effect.gen(function*() {
    const org = yield* manageable(orgId, { parentToo: false })
    const name = normalizeText(input.name)
    yield* query("rename organization", (db) => db.updateTable("organizations").set({ name }).where("id", "=", org.id).execute())
    yield* Audit.record({ action: "org.rename", orgId: org.id, targetType: "organization", targetId: org.id, detail: { before: { name: org.name }, after: { name } } })
    return yield* outcome(org.id, org.path)
  }))

/**
 * Rewrites the paths, depths and provinces of every organization under `fromPath` (itself
 * included when `includeRoot`) to hang under `toPrefix`: one statement. Members' provinces follow
 * in a second.
 */
const rewriteSubtree = (fromPath: string, toPrefix: string, depthDelta: number, provinceId: string | null, includeRoot: boolean) =>
  Effect.gen(function*() {
    yield* query("rewrite subtree paths", (db) =>
      sql`update organizations
          set path = ${toPrefix} || substr(path, ${fromPath.length + 1}),
              depth = depth + ${depthDelta},
              province_id = ${provinceId}
          where path like ${`${escapeLike(fromPath)}%`} ${includeRoot ? sql`` : sql`and path <> ${fromPath}`}`.execute(db))
  })

const refreshMemberProvinces = (rootPath: string, provinceId: string | null) =>
  query("member provinces", (db) =>
    sql`update members set province_id = ${provinceId}
        where org_id in (select id from organizations where path like ${`${escapeLike(rootPath)}%`})
          and province_id is distinct from ${provinceId}`.execute(db))

/**
 * Moves an organization and its whole subtree under a new parent. Paths are rewritten in one
 * statement; access and reports, which read paths, follow at once.
 *
 * @since 0.2.0
 * @category commands
 */
export const move = (orgId: string, parentId: string) =>
  transactionally(Effect.gen(function*() {
    const org = yield* manageable(orgId, { parentToo: true })
    const { org: parent } = yield* Organizations.authorize(parentId, "org.manage")
    if ((parent.status ?? "active") !== "active") return yield* conflict({ vi: "Tổ chức cấp trên mới đã sáp nhập hoặc giải thể", en: "The new parent has been merged or dissolved" })
    if (inSubtree(parent.path, org.path)) {
      return yield* conflict({ vi: "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó", en: "An organization cannot move under itself or its own subtree" })
    }
    if (org.type === "PROVINCIAL_COMMITTEE" || isCell(parent.type as OrgType) !== (org.type === "PARTY_GROUP")) {
      return yield* conflict({ vi: "Tổ chức cấp trên mới không phù hợp với loại tổ chức", en: "The new parent does not fit this type of organization" })
    }
    if (parent.id === org.parent_id) return yield* outcome(org.id, org.path)
    const newPath = `${parent.path}${org.id}/`
    yield* rewriteSubtree(org.path, newPath, parent.depth + 1 - org.depth, parent.province_id, true)
    yield* query("reparent", (db) => db.updateTable("organizations").set({ parent_id: parent.id }).where("id", "=", org.id).execute())
    yield* refreshMemberProvinces(newPath, parent.province_id)
    yield* Audit.record({
      action: "org.move",
      orgId: org.id,
      targetType: "organization",
      targetId: org.id,
      detail: { before: { parentId: org.parent_id }, after: { parentId: parent.id } }
    })
    return yield* outcome(org.id, newPath)
  }))

/**
 * Merges `orgId` into `intoOrgId`: its members, meetings and history (every table of
 * {@link MERGE_FOLLOWS}) and its child organizations move to the absorbing organization; it is
 * kept with status `merged`. Both must be cells, or both committees.
 *
 * The role assignments held at the merged organization end with it (as {@link Roles.revoke}
 * removes one: each recorded in the audit log), and so do any still held at organizations of its
 * subtree merged before. They are listed in the result, not granted at the absorbing
 * organization, which may have a secretary of its own: the committee reassigns them. Child
 * organizations stay active, and so do the roles held at them. Ending them takes the checks of a
 * removal: a merge that would end a system administrator role is refused unless the actor is a
 * system administrator there.
 *
 * @since 0.2.0
 * @category commands
 */
export const merge = (orgId: string, intoOrgId: string) =>
  transactionally(Effect.gen(function*() {
    const source = yield* manageable(orgId, { parentToo: true })
    const target = yield* manageable(intoOrgId, { parentToo: false })
    if (source.id === target.id || inSubtree(target.path, source.path) || inSubtree(source.path, target.path)) {
      return yield* conflict({ vi: "Không thể sáp nhập một tổ chức với tổ chức cấp trên hoặc trực thuộc nó", en: "An organization cannot merge with its own ancestor or descendant" })
    }
    if (isCell(source.type as OrgType) !== isCell(target.type as OrgType)) {
      return yield* conflict({ vi: "Chỉ sáp nhập chi bộ với chi bộ, đảng bộ với đảng bộ", en: "Merge cells with cells, committees with committees" })
    }
    // The roles held at the source end, and any still held at an organization of its subtree
    // merged before; first, so that a refusal (a system administrator's role) changes nothing.
    const ending = yield* query("organizations whose roles end", (db) =>
      db.selectFrom("organizations").select("id")
        .where("path", "like", `${escapeLike(source.path)}%`)
        .where((eb) => eb.or([eb("id", "=", source.id), eb("status", "=", "merged")]))
        .execute())
    const endedRoles = yield* Roles.endAt(ending.map((o) => o.id), { endedBy: "org.merge", mergedOrgId: source.id, mergedInto: target.id })
    // Children first: the subtree below the source, re-rooted under the target in one statement.
    yield* rewriteSubtree(source.path, target.path, target.depth - source.depth, target.province_id, false)
    yield* query("reparent children", (db) => db.updateTable("organizations").set({ parent_id: target.id }).where("parent_id", "=", source.id).execute())
    const present = yield* query("org-scoped tables", (db) =>
      sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
          where table_schema = current_schema()`.execute(db))
    const exists = new Set(present.rows.map((r) => `${r.table_name}.${r.column_name}`))
    const moved: Record<string, number> = {}
    for (const { table, column } of MERGE_FOLLOWS) {
      if (!exists.has(`${table}.${column}`)) continue
      const result = yield* query(`merge ${table}`, (db) =>
        sql`update ${sql.table(table)} set ${sql.ref(column)} = ${target.id} where ${sql.ref(column)} = ${source.id}`.execute(db))
      moved[`${table}.${column}`] = Number(result.numAffectedRows ?? 0)
    }
    yield* refreshMemberProvinces(target.path, target.province_id)
    yield* query("mark merged", (db) =>
      db.updateTable("organizations").set({ status: "merged", merged_into: target.id, closed_at: new Date() }).where("id", "=", source.id).execute())
    yield* Audit.record({
      action: "org.merge",
      orgId: target.id,
      targetType: "organization",
      targetId: source.id,
      detail: { before: { status: "active" }, after: { status: "merged", mergedInto: target.id }, moved, rolesEnded: endedRoles.length }
    })
    const result: OrgMerge = { ...(yield* outcome(target.id, target.path)), endedRoles }
    return result
  }))

/**
 * Dissolves an organization that is empty: no active child organization, no member in it
 * (probationary, official, exempt or suspended) and no one temporarily placed there.
 *
 * @since 0.2.0
 * @category commands
 */
export const dissolve = (orgId: string) =>
  transactionally(Effect.gen(function*() {
    const org = yield* manageable(orgId, { parentToo: true })
    const usage = yield* query("organization usage", (db) =>
      sql<{ children: number; members: number; guests: number }>`select
          (select count(*) from organizations where parent_id = ${org.id} and status = 'active')::int as children,
          (select count(*) from members where org_id = ${org.id} and status in ('probationary', 'official', 'exempt', 'suspended'))::int as members,
          (select count(*) from transfers where to_org_id = ${org.id} and status in ('introduced', 'received') and (kind = 'temporary' or status = 'introduced'))::int as guests`.execute(db))
    const { children, members, guests } = usage.rows[0]!
    if (children + members + guests > 0) {
      return yield* conflict({
        vi: `Chỉ giải thể được tổ chức không còn tổ chức trực thuộc, đảng viên hay thư giới thiệu (${children} tổ chức, ${members} đảng viên, ${guests} thư)`,
        en: `Only an empty organization can be dissolved (${children} organizations, ${members} members, ${guests} transfers remain)`
      })
    }
    // its roles end first (as a merge's do): a refused ending changes nothing
    const endedRoles = yield* Roles.endAt([org.id], { endedBy: "org.dissolve", dissolvedOrgId: org.id })
    yield* query("dissolve", (db) => db.updateTable("organizations").set({ status: "dissolved", closed_at: new Date() }).where("id", "=", org.id).execute())
    yield* Audit.record({
      action: "org.dissolve",
      orgId: org.id,
      targetType: "organization",
      targetId: org.id,
      detail: { before: { status: "active" }, after: { status: "dissolved" }, rolesEnded: endedRoles.length }
    })
    const result: OrgDissolution = { ...(yield* outcome(org.id, org.path)), endedRoles }
    return result
  }))
