/**
 * Organizations: reading the tree within the actor's scope, and building it.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { notFound, forbidden } from "../model/Errors.js"
import type { OrgId } from "../model/Ids.js"
import type { Organization, OrgType } from "../model/Organization.js"
import { type Action, can, type View } from "../rules/Access.js"
import { decodeCursor, encodeCursor, pageSize } from "../store/Pagination.js"
import { query } from "../store/Database.js"
import type { OrganizationsTable } from "../store/Schema.js"
import { CurrentActor } from "./CurrentActor.js"

type OrgRow = Pick<OrganizationsTable, "id" | "code" | "name" | "type" | "parent_id" | "path" | "depth" | "committee_abbr" | "province_id"> & {
  readonly status?: string
  readonly merged_into?: string | null
}

const columns = ["id", "code", "name", "type", "parent_id", "path", "depth", "committee_abbr", "province_id", "status", "merged_into"] as const

/** @since 0.1.0 @category conversions */
export const toOrganization = (row: OrgRow): Organization => ({
  id: row.id as OrgId,
  code: row.code,
  name: row.name,
  type: row.type as OrgType,
  parentId: row.parent_id as OrgId | null,
  depth: row.depth,
  committeeAbbr: row.committee_abbr,
  status: (row.status ?? "active") as Organization["status"],
  mergedInto: (row.merged_into ?? null) as OrgId | null
})

const NOT_FOUND = { vi: "Không tìm thấy tổ chức đảng", en: "Party organization not found" }

/**
 * Loads an organization row, or fails with NotFound.
 *
 * @since 0.1.0
 * @category queries
 */
export const load = (orgId: string) =>
  Effect.flatMap(
    query("load organization", (db) => db.selectFrom("organizations").select(columns).where("id", "=", orgId).executeTakeFirst()),
    (row) => (row ? Effect.succeed(row) : notFound(NOT_FOUND))
  )

/**
 * Loads an organization and checks that the current actor may do `action` there: a hidden
 * organization answers NotFound, a visible but forbidden one Forbidden.
 *
 * @since 0.1.0
 * @category queries
 */
export const authorize = (orgId: string, action: Action) =>
  Effect.gen(function*() {
    const actor = yield* CurrentActor
    const row = yield* load(orgId)
    const decision = can(actor, action, { orgPath: row.path })
    if (!decision.allowed) {
      return yield* decision.hidden
        ? notFound(NOT_FOUND)
        : forbidden({ vi: "Bạn không có quyền thực hiện thao tác này", en: "You may not do this here" })
    }
    return { org: row, view: decision.view as View }
  })

/**
 * One organization, if the actor may see it.
 *
 * @since 0.1.0
 * @category queries
 */
export const get = (orgId: string) => Effect.map(authorize(orgId, "org.read"), ({ org }) => toOrganization(org))

/**
 * The direct children of an organization, ordered by code, a page at a time.
 *
 * @since 0.1.0
 * @category queries
 */
export const children = (orgId: string, options: { readonly limit?: number | undefined; readonly cursor?: string | undefined }) =>
  Effect.gen(function*() {
    const { org, view } = yield* authorize(orgId, "org.read")
    if (view === "roster") return { items: [], nextCursor: null }
    const limit = pageSize(options.limit, 100)
    const after = options.cursor === undefined ? undefined : yield* decodeCursor(options.cursor, ["text"])
    const rows = yield* query("list children", (db) => {
      let q = db.selectFrom("organizations").select(columns).where("parent_id", "=", org.id)
      if (after) q = q.where("code", ">", after[0]!)
      return q.orderBy("code").limit(limit + 1).execute()
    })
    const page = rows.slice(0, limit)
    const nextCursor = rows.length > limit ? encodeCursor([page.at(-1)!.code]) : null
    return { items: page.map(toOrganization), nextCursor }
  })

/**
 * An organization to create (CSV of the organization tree, or an admin's request).
 *
 * @since 0.1.0
 * @category models
 */
export interface NewOrganization {
  readonly code: string
  readonly name: string
  readonly type: OrgType
  readonly parentCode: string | null
  readonly committeeAbbr: string | null
}

/**
 * Creates organizations in parent-first order (parents may be in the batch or already stored);
 * organizations whose code is already stored are left alone. Returns how many were created.
 *
 * @since 0.1.0
 * @category commands
 */
export const createMany = (orgs: ReadonlyArray<NewOrganization>) =>
  Effect.gen(function*() {
    const codes = [...new Set([...orgs.map((o) => o.code), ...orgs.flatMap((o) => (o.parentCode ? [o.parentCode] : []))])]
    const stored = yield* query("load organizations by code", (db) =>
      codes.length === 0 ? Promise.resolve([]) : db.selectFrom("organizations").select(columns).where("code", "in", codes).execute())
    const byCode = new Map<string, OrgRow>(stored.map((row) => [row.code, row]))
    const pending = orgs.filter((o) => !byCode.has(o.code))
    let created = 0
    while (pending.length > 0) {
      const ready = pending.filter((o) => o.parentCode === null || byCode.has(o.parentCode))
      if (ready.length === 0) {
        return yield* notFound({
          vi: `Không tìm thấy tổ chức cấp trên ${pending[0]!.parentCode}`,
          en: `Parent organization ${pending[0]!.parentCode} not found`
        })
      }
      const rows: Array<OrgRow> = ready.map((o) => {
        const parent = o.parentCode ? byCode.get(o.parentCode)! : null
        const id = randomUUID()
        const path = `${parent?.path ?? "/"}${id}/`
        const isProvinceLevel = o.type === "PROVINCIAL_COMMITTEE"
        return {
          id,
          code: o.code,
          name: o.name,
          type: o.type,
          parent_id: parent?.id ?? null,
          path,
          depth: (parent?.depth ?? -1) + 1,
          committee_abbr: o.committeeAbbr,
          province_id: isProvinceLevel ? id : (parent?.province_id ?? null)
        }
      })
      yield* query("create organizations", (db) => db.insertInto("organizations").values(rows).execute())
      for (const row of rows) byCode.set(row.code, row)
      created += rows.length
      for (const o of ready) pending.splice(pending.indexOf(o), 1)
    }
    return created
  })
