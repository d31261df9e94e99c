/**
 * The registry importer: the path every province's member file takes, the demo included.
 * Validates the whole file first; a real run with any error writes nothing; a re-import of the
 * same file changes nothing.
 *
 * @since 0.1.0
 */
import { Effect, FiberRef } from "effect"
import { randomUUID } from "node:crypto"
import { sql } from "kysely"
import { ImportRejected, type ImportProblem, type ImportReport } from "../model/Import.js"
import { CurrentLocale, type Text } from "../model/Locale.js"
import { validationFailed } from "../model/Errors.js"
import { isCell, type OrgType } from "../model/Organization.js"
import { inSubtree } from "../rules/Access.js"
import { CsvParser, type CsvRecord } from "../rules/Csv.js"
import { todayInVietnam } from "../rules/DateOnly.js"
import { MEMBER_COLUMNS, type MemberColumnKey, type MemberRow, mapHeader, type RowProblem, validateRow } from "../rules/MemberCsv.js"
import { fold } from "../rules/VietnameseText.js"
import { query, transactionally } from "../store/Database.js"
import type { Selectable, Updateable } from "kysely"
import type { MembersTable } from "../store/Schema.js"
import * as Audit from "./Audit.js"
import * as Organizations from "./Organizations.js"

const CHUNK = 500

/**
 * Options of an import.
 *
 * @since 0.1.0
 * @category models
 */
export interface ImportOptions {
  readonly dryRun: boolean
}

/** The member fields an import compares and writes. */
const COMPARED = [
  "full_name",
  "date_of_birth",
  "gender",
  "ethnicity",
  "admission_date",
  "official_date",
  "party_card_number",
  "phone",
  "status",
  "org_id"
] as const satisfies ReadonlyArray<keyof MembersTable>

const chunks = <A>(items: ReadonlyArray<A>, size = CHUNK): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const header = (key: MemberColumnKey) => MEMBER_COLUMNS.find((c) => c.key === key)!.header

/**
 * Parses all records of a CSV text with the incremental parser.
 *
 * @since 0.1.0
 * @category parsing
 */
export const readRecords = (chunksOfText: Iterable<string>) => {
  const parser = new CsvParser()
  const records: Array<CsvRecord> = []
  for (const chunk of chunksOfText) records.push(...parser.push(chunk))
  records.push(...parser.end())
  return { records, malformedLines: parser.malformedLines }
}

/**
 * Imports a registry file (CSV text) into the subtree of `orgId`.
 *
 * @since 0.1.0
 * @category commands
 */
export const importCsv = (orgId: string, text: string, options: ImportOptions) =>
  Effect.gen(function*() {
    const { org } = yield* Organizations.authorize(orgId, "members.import")
    const locale = yield* FiberRef.get(CurrentLocale)
    const { records, malformedLines } = readRecords([text])
    const [headerRecord, ...dataRecords] = records
    if (!headerRecord || dataRecords.length === 0) {
      return yield* validationFailed([{ field: "file", text: { vi: "tệp không có dòng dữ liệu nào", en: "the file has no data rows" } }])
    }
    const headerMap = mapHeader(headerRecord.fields)
    if (headerMap.missing.length > 0 || headerMap.duplicated.length > 0) {
      const missing = headerMap.missing.map((c) => c.header).join(", ")
      const duplicated = headerMap.duplicated.join(", ")
      return yield* validationFailed([
        ...(missing ? [{ field: "file", text: { vi: `thiếu cột ${missing}`, en: `missing column(s) ${missing}` } }] : []),
        ...(duplicated ? [{ field: "file", text: { vi: `cột lặp lại ${duplicated}`, en: `repeated column(s) ${duplicated}` } }] : [])
      ])
    }

    const problems: Array<RowProblem> = malformedLines.map((line) => ({
      line,
      column: "*",
      reason: { vi: "dấu ngoặc kép đặt sai chỗ", en: "misplaced double quote" }
    }))
    const problem = (line: number, key: MemberColumnKey, reason: Text) => {
      const i = headerMap.index[key]
      problems.push({ line, column: i === undefined ? header(key) : headerRecord.fields[i]!, reason })
    }

    // 1. Each row on its own.
    const today = todayInVietnam()
    const valid: Array<MemberRow> = []
    for (const record of dataRecords) {
      const result = validateRow(record, headerMap, today)
      if ("row" in result) valid.push(result.row)
      else problems.push(...result.problems)
    }

    // 2. Rows against each other: one person (citizen id, Party card) once per file.
    const byCitizenId = new Map<string, MemberRow>()
    const byCard = new Map<string, MemberRow>()
    const unique: Array<MemberRow> = []
    for (const row of valid) {
      const first = byCitizenId.get(row.citizenId)
      if (first) {
        problem(row.line, "citizenId", {
          vi: `trùng số CCCD với dòng ${first.line}`,
          en: `same citizen id as row ${first.line}`
        })
        continue
      }
      const cardOwner = row.partyCardNumber ? byCard.get(row.partyCardNumber) : undefined
      if (cardOwner) {
        problem(row.line, "partyCardNumber", { vi: `trùng số thẻ đảng viên với dòng ${cardOwner.line}`, en: `same Party card number as row ${cardOwner.line}` })
        continue
      }
      byCitizenId.set(row.citizenId, row)
      if (row.partyCardNumber) byCard.set(row.partyCardNumber, row)
      unique.push(row)
    }

    // 3. Rows against the store: cells, stored members, stored Party cards.
    const cellCodes = [...new Set(unique.map((r) => r.cellCode))]
    const cells = new Map<string, { id: string; path: string; type: string; province_id: string | null }>()
    for (const part of chunks(cellCodes)) {
      const rows = yield* query("load cells", (db) =>
        db.selectFrom("organizations").select(["id", "code", "path", "type", "province_id"]).where("code", "in", part).execute())
      for (const row of rows) cells.set(row.code, row)
    }
    const stored = new Map<string, Selectable<MembersTable> & { org_path: string; account_status: string | null; account_id: string | null }>()
    for (const part of chunks(unique.map((r) => r.citizenId))) {
      const rows = yield* query("load stored members", (db) =>
        db
          .selectFrom("members as m")
          .innerJoin("organizations as o", "o.id", "m.org_id")
          .leftJoin("accounts as a", "a.member_id", "m.id")
          .selectAll("m")
          .select(["o.path as org_path", "a.status as account_status", "a.id as account_id"])
          .where("m.citizen_id", "in", part)
          .execute())
      for (const row of rows) stored.set(row.citizen_id, row)
    }
    const cardHolders = new Map<string, string>()
    for (const part of chunks(unique.flatMap((r) => (r.partyCardNumber ? [r.partyCardNumber] : [])))) {
      const rows = yield* query("load stored cards", (db) =>
        db.selectFrom("members").select(["party_card_number", "citizen_id"]).where("party_card_number", "in", part).execute())
      for (const row of rows) cardHolders.set(row.party_card_number!, row.citizen_id)
    }

    type Planned = { row: MemberRow; cell: { id: string; province_id: string | null } }
    const creates: Array<Planned> = []
    const updates: Array<Planned & { id: string; changes: Updateable<MembersTable> }> = []
    const activations: Array<string> = []
    const accountsToCreate: Array<{ memberId: string; activated: boolean }> = []
    let unchanged = 0
    for (const row of unique) {
      const cell = cells.get(row.cellCode)
      if (!cell || !inSubtree(cell.path, org.path)) {
        problem(row.line, "cellCode", cell
          ? { vi: `chi bộ ${row.cellCode} không thuộc ${org.name}`, en: `cell ${row.cellCode} is not part of ${org.name}` }
          : { vi: `không có chi bộ mã ${row.cellCode}`, en: `no cell has the code ${row.cellCode}` })
        continue
      }
      if (!isCell(cell.type as OrgType)) {
        problem(row.line, "cellCode", { vi: `${row.cellCode} không phải là chi bộ`, en: `${row.cellCode} is not a cell` })
        continue
      }
      const existing = stored.get(row.citizenId)
      const cardHolder = row.partyCardNumber ? cardHolders.get(row.partyCardNumber) : undefined
      if (cardHolder && cardHolder !== row.citizenId) {
        problem(row.line, "partyCardNumber", { vi: "số thẻ đảng viên đã thuộc về đảng viên khác", en: "the Party card number belongs to another member" })
        continue
      }
      if (!existing) {
        creates.push({ row, cell })
        continue
      }
      if (fold(existing.full_name) !== fold(row.fullName)) {
        problem(row.line, "citizenId", { vi: "số CCCD đã được lưu cho người có tên khác", en: "the citizen id is already stored under another name" })
        continue
      }
      if (!inSubtree(existing.org_path, org.path)) {
        problem(row.line, "citizenId", {
          vi: "số CCCD thuộc về đảng viên của tổ chức khác; hãy làm thủ tục chuyển sinh hoạt",
          en: "the citizen id belongs to a member of another organization; transfer them instead"
        })
        continue
      }
      const next: Pick<Selectable<MembersTable>, (typeof COMPARED)[number]> = {
        full_name: row.fullName,
        date_of_birth: row.dateOfBirth,
        gender: row.gender,
        ethnicity: row.ethnicity,
        admission_date: row.admissionDate,
        official_date: row.officialDate,
        party_card_number: row.partyCardNumber,
        phone: row.phone,
        status: row.status,
        org_id: cell.id
      }
      const changes: Updateable<MembersTable> = {}
      for (const key of COMPARED) {
        if (existing[key] !== next[key]) (changes as Record<string, unknown>)[key] = next[key]
      }
      if (Object.keys(changes).length > 0) {
        if (changes.full_name !== undefined) {
          changes.name_folded = row.nameFolded
          changes.sort_key = row.sortKey
        }
        if (changes.org_id !== undefined) changes.province_id = cell.province_id
        updates.push({ row, cell, id: existing.id, changes })
      } else {
        unchanged++
      }
      if (existing.account_id === null) accountsToCreate.push({ memberId: existing.id, activated: row.accountActivated === true })
      else if (row.accountActivated === true && existing.account_status === "provisioned") activations.push(existing.account_id)
    }

    const errors: Array<ImportProblem> = problems
      .sort((a, b) => a.line - b.line)
      .map((p) => ({ row: p.line, column: p.column, message: p.reason[locale] }))
    const createdIds = creates.map(() => randomUUID())
    const report: ImportReport = {
      dryRun: options.dryRun,
      committed: false,
      rows: dataRecords.length,
      created: creates.length,
      updated: updates.length,
      unchanged,
      accountsCreated: creates.length + accountsToCreate.length,
      accountsActivated: creates.filter((c) => c.row.accountActivated === true).length +
        accountsToCreate.filter((a) => a.activated).length + activations.length,
      errors
    }
    if (errors.length > 0 && !options.dryRun) {
      return yield* Effect.fail(new ImportRejected({
        message: locale === "vi"
          ? `Tệp có ${errors.length} lỗi; chưa ghi dữ liệu nào`
          : `The file has ${errors.length} error(s); nothing was written`,
        report
      }))
    }
    if (options.dryRun) return report

    yield* transactionally(Effect.gen(function*() {
      for (const part of chunks(creates.map((c, i) => ({ ...c, id: createdIds[i]! })))) {
        yield* query("insert members", (db) =>
          db.insertInto("members").values(part.map(({ row, cell, id }) => ({
            id,
            org_id: cell.id,
            province_id: cell.province_id,
            full_name: row.fullName,
            name_folded: row.nameFolded,
            sort_key: row.sortKey,
            date_of_birth: row.dateOfBirth,
            gender: row.gender,
            ethnicity: row.ethnicity,
            admission_date: row.admissionDate,
            official_date: row.officialDate,
            party_card_number: row.partyCardNumber,
            citizen_id: row.citizenId,
            phone: row.phone,
            status: row.status
          }))).execute())
      }
      for (const { id, changes } of updates) {
        yield* query("update member", (db) =>
          db.updateTable("members").set({ ...changes, updated_at: sql<Date>`now()` }).where("id", "=", id).execute())
      }
      const newAccounts = [
        ...creates.map((c, i) => ({ memberId: createdIds[i]!, activated: c.row.accountActivated === true })),
        ...accountsToCreate
      ]
      for (const part of chunks(newAccounts)) {
        yield* query("insert accounts", (db) =>
          db.insertInto("accounts").values(part.map((a) => ({
            id: randomUUID(),
            member_id: a.memberId,
            username: null,
            status: a.activated ? "active" : "provisioned",
            password_hash: null,
            activated_at: a.activated ? new Date() : null
          }))).execute())
      }
      for (const part of chunks(activations)) {
        yield* query("activate accounts", (db) =>
          db.updateTable("accounts").set({ status: "active", activated_at: new Date(), updated_at: sql<Date>`now()` }).where("id", "in", part).execute())
      }
      yield* Audit.record({
        action: "members.import",
        orgId: org.id,
        targetType: "organization",
        targetId: org.id,
        detail: { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged }
      })
    }))
    return { ...report, committed: true }
  })
