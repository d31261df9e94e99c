/**
 * Export of a subtree's registry in the importer's columns (`rules/MemberCsv`), so that an
 * exported file re-imports unchanged. Rows are read a page at a time (keyset), never all at once.
 *
 * @since 0.2.0
 */
import { Chunk, Effect, Option, Stream } from "effect"
import { HEADCOUNT_STATUSES, type MemberStatus } from "../model/Member.js"
import { formatField } from "../rules/Csv.js"
import { formatVietnameseDate } from "../rules/DateOnly.js"
import { MEMBER_COLUMNS } from "../rules/MemberCsv.js"
import { query } from "../store/Database.js"
import * as Audit from "./Audit.js"
import * as Organizations from "./Organizations.js"

const PAGE = 1000

const STATUS_TEXT: Partial<Record<MemberStatus, string>> = {
  official: "Chính thức",
  probationary: "Dự bị",
  exempt: "Miễn công tác và sinh hoạt"
}

/**
 * The header of an export: the importer's Vietnamese column names, in order.
 *
 * @since 0.2.0
 * @category constants
 */
export const HEADER: ReadonlyArray<string> = MEMBER_COLUMNS.map((c) => c.header)

/**
 * A stored E.164 phone as Vietnamese spreadsheets write it: `+84912345678` → `0912345678`.
 *
 * @since 0.2.0
 * @category rules
 */
export const nationalPhone = (phone: string | null): string => (phone === null ? "" : phone.startsWith("+84") ? `0${phone.slice(3)}` : phone)

const rowsAfter = (orgPath: string, after: readonly [string, string] | null) =>
  query("export members", (db) => {
    let q = db
      .selectFrom("members as m")
      .innerJoin("organizations as o", "o.id", "m.org_id")
      .leftJoin("accounts as a", "a.member_id", "m.id")
      .select([
        "m.id",
        "m.sort_key",
        "m.full_name",
        "m.date_of_birth",
        "m.gender",
        "m.ethnicity",
        "m.admission_date",
        "m.official_date",
        "m.party_card_number",
        "m.citizen_id",
        "m.phone",
        "m.status",
        "o.code as cell_code",
        "o.name as cell_name",
        "a.status as account_status"
      ])
      .where("o.path", "like", `${orgPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      .where("m.status", "in", HEADCOUNT_STATUSES)
    if (after) q = q.where((eb) => eb(eb.refTuple("m.sort_key", "m.id"), ">", eb.tuple(after[0], after[1])))
    return q.orderBy("m.sort_key").orderBy("m.id").limit(PAGE).execute()
  })

/**
 * Opens an export of the members (probationary, official, exempt) of an organization's subtree,
 * in Vietnamese name order: checks the actor (committee staff of the subtree), audits the export,
 * and returns the organization and a stream of rows, each the fields of {@link HEADER}.
 *
 * @since 0.2.0
 * @category queries
 */
export const open = (orgId: string) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "members.export")
    yield* Audit.record({ action: "members.export", orgId: org.id, targetType: "organization", targetId: org.id })
    let index = 0
    const rows = Stream.paginateChunkEffect(null as readonly [string, string] | null, (after) =>
      Effect.map(rowsAfter(org.path, after), (page) => {
        const fields = page.map((m) => [
          String(++index),
          m.full_name,
          formatVietnameseDate(m.date_of_birth),
          m.gender === "female" ? "Nữ" : "Nam",
          m.ethnicity ?? "",
          m.admission_date ? formatVietnameseDate(m.admission_date) : "",
          m.official_date ? formatVietnameseDate(m.official_date) : "",
          m.party_card_number ?? "",
          m.cell_code,
          m.cell_name,
          m.citizen_id,
          nationalPhone(m.phone),
          STATUS_TEXT[m.status as MemberStatus] ?? m.status,
          m.account_status === "active" ? "Đã kích hoạt" : "Chưa kích hoạt"
        ] as ReadonlyArray<string>)
        const last = page.at(-1)
        const next: Option.Option<readonly [string, string] | null> = page.length === PAGE && last
          ? Option.some([last.sort_key, last.id] as const)
          : Option.none()
        return [Chunk.unsafeFromArray(fields), next] as const
      }))
    return { org, rows }
  })

/**
 * Formats export rows as CSV lines (CRLF, `,`, quoted where needed), the header first and a BOM
 * so that Excel reads the Vietnamese text as UTF-8.
 *
 * @since 0.2.0
 * @category conversions
 */
export const toCsv = <E, R>(rows: Stream.Stream<ReadonlyArray<string>, E, R>): Stream.Stream<string, E, R> =>
  Stream.concat(
    Stream.make(`\ufeff${HEADER.map((h) => formatField(h)).join(",")}\r\n`),
    rows.pipe(
      Stream.map((fields) => `${fields.map((f) => formatField(f)).join(",")}\r\n`),
      Stream.rechunk(500),
      Stream.mapChunks((lines) => Chunk.of(Chunk.join(lines, "")))
    )
  )
