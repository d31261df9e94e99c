/**
 * Meeting statistics over a subtree and a period of Vietnamese calendar dates: participation per
 * child organization and per member, cadence compliance per cell (rule 5), and members flagged for
 * absences without reason (rule 6). Each is a handful of SQL statements, never one per cell.
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { sql } from "kysely"
import { type FieldText, validationFailed } from "../model/Errors.js"
import type { MemberId, OrgId } from "../model/Ids.js"
import { rate } from "../rules/Adoption.js"
import { ABSENCE_FLAG_THRESHOLD, absenceFlag, missing } from "../rules/Cadence.js"
import { isIsoDate } from "../rules/DateOnly.js"
import { localParts, periodBounds, wholePeriods } from "../rules/VietnamTime.js"
import { query, uuidArray } from "../store/Database.js"
import * as Organizations from "./Organizations.js"

const HELD = ["concluded", "published"]
const CELL_TYPES = ["GRASSROOTS_CELL", "AFFILIATED_CELL"]

const checkPeriod = (from: string | undefined, to: string | undefined) => {
  const problems: Array<FieldText> = []
  for (const [field, value] of [["from", from], ["to", to]] as const) {
    if (value === undefined || value === "") problems.push({ field, text: { vi: "cần ngày YYYY-MM-DD", en: "a YYYY-MM-DD date is required" } })
    else if (!isIsoDate(value)) problems.push({ field, text: { vi: `${value} không phải ngày YYYY-MM-DD có thật`, en: `${value} is not a real YYYY-MM-DD date` } })
  }
  if (problems.length === 0 && from! > to!) problems.push({ field: "to", text: { vi: "phải từ ngày from trở đi", en: "must not be before from" } })
  if (problems.length === 0 && Number(to!.slice(0, 4)) - Number(from!.slice(0, 4)) > 5) {
    problems.push({ field: "to", text: { vi: "kỳ báo cáo tối đa 5 năm", en: "a period spans at most 5 years" } })
  }
  return problems.length > 0 ? validationFailed(problems) : Effect.succeed({ from: from!, to: to! })
}

/**
 * Participation in the meetings held (concluded or published) between `from` and `to`: for the
 * organization's subtree, each child, and each member of the organization itself (a cell), with
 * the calendar years in which a member reached 3 absences without reason.
 *
 * @since 0.2.0
 * @category queries
 */
export const participation = (orgId: string, fromText: string | undefined, toText: string | undefined) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "reports.read")
    const { from, to } = yield* checkPeriod(fromText, toText)
    const { start, end } = periodBounds(from, to)
    const rows = yield* query("participation report", (db) =>
      db.selectFrom("organizations as o")
        .innerJoin("organizations as d", (j) => j.on(sql<boolean>`d.path like o.path || '%'`))
        .leftJoin("meetings as mt", (j) =>
          j.onRef("mt.org_id", "=", "d.id").on("mt.status", "in", HELD).on("mt.starts_at", ">=", start).on("mt.starts_at", "<", end))
        .leftJoin("meeting_participants as p", (j) => j.onRef("p.meeting_id", "=", "mt.id").on("p.invited_at", "is not", null))
        .select([
          "o.id", "o.name", "o.code",
          sql<number>`count(distinct mt.id)::int`.as("held"),
          sql<number>`count(p.member_id)::int`.as("invited"),
          sql<number>`(count(*) filter (where p.attendance = 'present'))::int`.as("present"),
          sql<number>`(count(*) filter (where p.attendance = 'absent_with_reason'))::int`.as("with_reason"),
          sql<number>`(count(*) filter (where p.attendance = 'absent_without_reason'))::int`.as("without_reason"),
          sql<number>`(count(*) filter (where p.attendance = 'not_required'))::int`.as("not_required")
        ])
        .where((eb) => eb.or([eb("o.id", "=", org.id), eb("o.parent_id", "=", org.id)]))
        .groupBy(["o.id", "o.name", "o.code"]).orderBy("o.code").execute())
    const toRow = (r: (typeof rows)[number]) => ({
      orgId: r.id as OrgId,
      name: r.name,
      meetingsHeld: r.held,
      invited: r.invited,
      present: r.present,
      absentWithReason: r.with_reason,
      absentWithoutReason: r.without_reason,
      notRequired: r.not_required,
      attendanceRate: rate(r.present, r.invited - r.not_required)
    })
    const own = rows.find((r) => r.id === org.id)!
    const members = yield* query("participation per member", (db) =>
      db.selectFrom("meeting_participants as p")
        .innerJoin("meetings as mt", "mt.id", "p.meeting_id")
        .innerJoin("members as m", "m.id", "p.member_id")
        .select([
          "m.id", "m.full_name", "m.sort_key",
          sql<number>`count(*)::int`.as("invited"),
          sql<number>`(count(*) filter (where p.attendance = 'present'))::int`.as("present"),
          sql<number>`(count(*) filter (where p.attendance = 'absent_with_reason'))::int`.as("with_reason"),
          sql<number>`(count(*) filter (where p.attendance = 'absent_without_reason'))::int`.as("without_reason"),
          sql<number>`(count(*) filter (where p.attendance = 'not_required'))::int`.as("not_required")
        ])
        .where("mt.org_id", "=", org.id).where("mt.status", "in", HELD)
        .where("mt.starts_at", ">=", start).where("mt.starts_at", "<", end)
        .where("p.invited_at", "is not", null)
        .groupBy(["m.id", "m.full_name", "m.sort_key"]).orderBy("m.sort_key").orderBy("m.id").execute())
    // Rule 6 looks at whole calendar years, whatever the period cuts.
    const years = { start: periodBounds(`${from.slice(0, 4)}-01-01`, `${from.slice(0, 4)}-01-01`).start, end: periodBounds(`${to.slice(0, 4)}-12-31`, `${to.slice(0, 4)}-12-31`).end }
    const absences = members.length === 0
      ? []
      : yield* query("absences by year", (db) =>
        db.selectFrom("meeting_participants as p").innerJoin("meetings as mt", "mt.id", "p.meeting_id")
          .select(["p.member_id", "mt.starts_at"])
          .where(sql<boolean>`p.member_id = any(${uuidArray(members.map((m) => m.id))})`).where("p.attendance", "=", "absent_without_reason")
          .where("mt.status", "in", HELD).where("mt.starts_at", ">=", years.start).where("mt.starts_at", "<", years.end).execute())
    const byMemberYear = new Map<string, Map<number, number>>()
    for (const a of absences) {
      const y = localParts(a.starts_at).year
      const m = byMemberYear.get(a.member_id) ?? new Map<number, number>()
      m.set(y, (m.get(y) ?? 0) + 1)
      byMemberYear.set(a.member_id, m)
    }
    return {
      ...toRow(own),
      from,
      to,
      denominators: {
        attendanceRate: "present / (invited − not required), over meetings held (concluded or published) in the period",
        absenceFlag: `${ABSENCE_FLAG_THRESHOLD} or more absences without reason in one calendar year, in a row or not (Charter; domain brief §12.4 rule 6)`
      },
      children: rows.filter((r) => r.id !== org.id).map(toRow),
      members: members.map((m) => ({
        memberId: m.id as MemberId,
        fullName: m.full_name,
        invited: m.invited,
        present: m.present,
        absentWithReason: m.with_reason,
        absentWithoutReason: m.without_reason,
        notRequired: m.not_required,
        attendanceRate: rate(m.present, m.invited - m.not_required),
        flaggedYears: [...(byMemberYear.get(m.id) ?? new Map<number, number>()).entries()].filter(([, n]) => absenceFlag(n)).map(([y]) => y).sort()
      }))
    }
  })

/**
 * Cadence compliance (rule 5) over the whole calendar months and quarters between `from` and
 * `to`: every cell of the subtree that has members, with the months in which it held no regular
 * monthly meeting and the quarters with no thematic one (a thematic meeting does not stand in for
 * the monthly one).
 *
 * @since 0.2.0
 * @category queries
 */
export const cadence = (orgId: string, fromText: string | undefined, toText: string | undefined) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "reports.read")
    const { from, to } = yield* checkPeriod(fromText, toText)
    const periods = wholePeriods(from, to)
    const { start, end } = periodBounds(from, to)
    const cells = yield* query("cells", (db) =>
      db.selectFrom("organizations as o").select(["o.id", "o.name", "o.code"])
        .where("o.path", "like", `${org.path}%`).where("o.type", "in", CELL_TYPES)
        .where((eb) => eb.exists(eb.selectFrom("members as m").select("m.id").whereRef("m.org_id", "=", "o.id").where("m.status", "in", ["official", "probationary"])))
        .orderBy("o.code").execute())
    const held = yield* query("meetings held", (db) =>
      db.selectFrom("meetings as mt").innerJoin("organizations as o", "o.id", "mt.org_id").select(["mt.org_id", "mt.kind", "mt.starts_at"])
        .where("o.path", "like", `${org.path}%`).where("mt.status", "in", HELD).where("mt.kind", "in", ["regular_monthly", "thematic"])
        .where("mt.starts_at", ">=", start).where("mt.starts_at", "<", end).execute())
    const byCell = new Map<string, Array<{ kind: string; startsAt: Date }>>()
    for (const h of held) byCell.set(h.org_id, [...(byCell.get(h.org_id) ?? []), { kind: h.kind, startsAt: h.starts_at }])
    const result = cells.map((c) => {
      const meetings = byCell.get(c.id) ?? []
      const gaps = missing(meetings, periods)
      return {
        orgId: c.id as OrgId,
        name: c.name,
        regularHeld: meetings.filter((m) => m.kind === "regular_monthly").length,
        thematicHeld: meetings.filter((m) => m.kind === "thematic").length,
        monthsWithoutRegular: gaps.monthsWithoutRegular,
        quartersWithoutThematic: gaps.quartersWithoutThematic,
        compliant: gaps.monthsWithoutRegular.length === 0 && gaps.quartersWithoutThematic.length === 0
      }
    })
    return {
      orgId: org.id as OrgId,
      name: org.name,
      from,
      to,
      months: periods.months.map((m) => m.key),
      quarters: periods.quarters.map((q) => q.key),
      cellsChecked: result.length,
      compliantCells: result.filter((r) => r.compliant).length,
      cellsWithoutRegular: result.filter((r) => r.monthsWithoutRegular.length > 0).length,
      cellsWithoutThematic: result.filter((r) => r.quartersWithoutThematic.length > 0).length,
      note: "Cells with official or probationary members; only calendar months and quarters wholly inside the period are checked; meetings count once concluded.",
      cells: result
    }
  })

/**
 * Members of the subtree with 3 or more absences without reason in a calendar year (rule 6).
 *
 * @since 0.2.0
 * @category queries
 */
export const absences = (orgId: string, yearText: string | undefined) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "reports.read")
    const year = Number(yearText)
    if (!/^\d{4}$/.test(yearText ?? "") || year < 1930 || year > 2200) {
      return yield* validationFailed([{ field: "year", text: { vi: "cần năm bốn chữ số", en: "a four-digit year is required" } }])
    }
    const { start, end } = periodBounds(`${year}-01-01`, `${year}-12-31`)
    const rows = yield* query("absence flags", (db) =>
      db.selectFrom("meeting_participants as p").innerJoin("meetings as mt", "mt.id", "p.meeting_id")
        .innerJoin("organizations as o", "o.id", "mt.org_id").innerJoin("members as m", "m.id", "p.member_id")
        .select(["m.id", "m.full_name", "m.org_id", "m.sort_key", sql<number>`count(*)::int`.as("n")])
        .where("o.path", "like", `${org.path}%`).where("p.attendance", "=", "absent_without_reason")
        .where("mt.status", "in", HELD).where("mt.starts_at", ">=", start).where("mt.starts_at", "<", end)
        .groupBy(["m.id", "m.full_name", "m.org_id", "m.sort_key"])
        .having(sql<number>`count(*)`, ">=", ABSENCE_FLAG_THRESHOLD)
        .orderBy("m.sort_key").orderBy("m.id").execute())
    return {
      orgId: org.id as OrgId,
      year,
      threshold: ABSENCE_FLAG_THRESHOLD,
      flagged: rows.map((r) => ({ memberId: r.id as MemberId, fullName: r.full_name, orgId: r.org_id as OrgId, absencesWithoutReason: r.n }))
    }
  })
