/**
 * Roll-up reports over a subtree, each one SQL statement.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import type { OrgId } from "../model/Ids.js"
import { HEADCOUNT_STATUSES } from "../model/Member.js"
import type { AdoptionReport, AdoptionRow } from "../model/Report.js"
import { rate } from "../rules/Adoption.js"
import { query } from "../store/Database.js"
import * as Organizations from "./Organizations.js"

/**
 * Adoption of the app in an organization and each of its children: members in the headcount,
 * members in the app's scope (not exempt), activated accounts, and both rates.
 *
 * @since 0.1.0
 * @category queries
 */
export const adoption = (orgId: string) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "reports.read")
    const rows = yield* query("adoption report", (db) =>
      db
        .selectFrom("organizations as o")
        .innerJoin("organizations as d", (join) => join.on(sql<boolean>`d.path like o.path || '%'`))
        .leftJoin("members as m", (join) => join.onRef("m.org_id", "=", "d.id").on("m.status", "in", HEADCOUNT_STATUSES))
        .leftJoin("accounts as a", (join) => join.onRef("a.member_id", "=", "m.id").on("a.status", "=", "active"))
        .select([
          "o.id",
          "o.name",
          "o.code",
          sql<number>`count(m.id)::int`.as("total"),
          sql<number>`(count(m.id) filter (where m.status <> 'exempt'))::int`.as("in_scope"),
          sql<number>`count(a.id)::int`.as("activated"),
          sql<number>`(count(a.id) filter (where m.status <> 'exempt'))::int`.as("activated_in_scope")
        ])
        // Merged and dissolved children are kept for history but no longer report.
        .where((eb) => eb.or([eb("o.id", "=", org.id), eb.and([eb("o.parent_id", "=", org.id), eb("o.status", "=", "active")])]))
        .groupBy(["o.id", "o.name", "o.code"])
        .orderBy("o.code")
        .execute())
    const toRow = (r: (typeof rows)[number]): AdoptionRow => ({
      orgId: r.id as OrgId,
      name: r.name,
      totalMembers: r.total,
      inScopeMembers: r.in_scope,
      accountsActivated: r.activated,
      accountsActivatedInScope: r.activated_in_scope,
      activationRate: rate(r.activated, r.total),
      activationRateInScope: rate(r.activated_in_scope, r.in_scope)
    })
    const own = rows.find((r) => r.id === org.id)!
    const report: AdoptionReport = {
      ...toRow(own),
      asOf: new Date().toISOString(),
      denominators: {
        activationRate: "accountsActivated / totalMembers (probationary, official and exempt members)",
        activationRateInScope: "accountsActivatedInScope / inScopeMembers (exempt members excluded, Regulation 339-QĐ/TW)"
      },
      children: rows.filter((r) => r.id !== org.id).map(toRow)
    }
    return report
  })
