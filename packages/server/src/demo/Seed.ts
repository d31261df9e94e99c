/**
 * The Điện Biên demo: the province's Party organization, Si Pa Phìn commune's 488 members loaded
 * through the registry importer (the path a province's own file takes), and demo logins.
 *
 * @since 0.1.0
 */
import { CurrentActor, Database, Documents, MemberImport, Organizations, Organization, Passwords, VietnameseText } from "@sotay/core"
import { Csv } from "@sotay/core"
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const dataFile = (name: string) => fileURLToPath(new URL(`./data/${name}`, import.meta.url))

/** The default demo password, when `SOTAY_DEMO_PASSWORD` is not set. @since 0.1.0 @category constants */
export const DEFAULT_DEMO_PASSWORD = "sotay-demo-2026"

/**
 * The demo logins besides the members' own phone numbers.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEMO_LOGINS = [
  { username: "tinh.admin", orgCode: "DB-TINH", role: "committee_staff", label: "Cán bộ Đảng bộ tỉnh Điện Biên / provincial committee staff" },
  { username: "spp.admin", orgCode: "DU-SPP", role: "committee_staff", label: "Cán bộ Đảng bộ xã Si Pa Phìn / commune committee staff" },
  { username: "spp.ban01.bithu", orgCode: "SPP-CB-BAN01", role: "cell_secretary", label: "Bí thư Chi bộ bản 01 / secretary of Chi bộ bản 01" }
] as const

/** The commune whose members the demo holds. */
const DEMO_COMMUNE = "DU-SPP"

/**
 * Reads the organization tree file (`code,name,type,parent_code,committee_abbr`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const readOrganizations = (text: string): Array<Organizations.NewOrganization> => {
  const { records } = Csv.parseCsv(text)
  const [header, ...rows] = records
  const at = (name: string) => header!.fields.indexOf(name)
  const [code, name, type, parent, abbr] = ["code", "name", "type", "parent_code", "committee_abbr"].map(at)
  return rows.map((r) => ({
    code: r.fields[code!]!.trim(),
    name: VietnameseText.normalizeText(r.fields[name!]!),
    type: Organization.OrgType.literals.find((t) => t === r.fields[type!]!.trim()) ?? "GRASSROOTS_CELL",
    parentCode: r.fields[parent!]?.trim() || null,
    committeeAbbr: r.fields[abbr!]?.trim() || null
  }))
}

/**
 * Reads the documents file (`symbol,kind,issuing_organ,issued_on,title,confidentiality`).
 *
 * @since 0.2.0
 * @category parsing
 */
export const readDocuments = (text: string): Array<Documents.NewDocument> => {
  const { records } = Csv.parseCsv(text)
  const [header, ...rows] = records
  const at = (name: string) => header!.fields.indexOf(name)
  const [symbol, kind, organ, issued, title, confidentiality] = ["symbol", "kind", "issuing_organ", "issued_on", "title", "confidentiality"].map(at)
  return rows.filter((r) => r.fields.length > 1).map((r) => ({
    symbol: VietnameseText.normalizeText(r.fields[symbol!]!),
    kind: r.fields[kind!]!.trim(),
    issuingOrgan: VietnameseText.normalizeText(r.fields[organ!]!),
    issuedOn: r.fields[issued!]!.trim(),
    title: VietnameseText.normalizeText(r.fields[title!]!),
    confidentiality: r.fields[confidentiality!]!.trim() as "PUBLIC" | "INTERNAL"
  }))
}

/**
 * Whether the store holds any organization yet.
 *
 * @since 0.1.0
 * @category queries
 */
export const isEmpty = Database.query("count organizations", (db) =>
  db.selectFrom("organizations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).pipe(
    Effect.map((r) => Number(r.n) === 0)
  )

/**
 * Seeds the demo. Idempotent: organizations and members already stored are left as they are.
 *
 * @since 0.1.0
 * @category commands
 */
export const seedDemo = (password: string) =>
  Effect.gen(function*() {
    const organizations = readOrganizations(readFileSync(dataFile("organizations.csv"), "utf8"))
    const orgsCreated = yield* Organizations.createMany(organizations)
    const documentsCreated = yield* Documents.createMany(readDocuments(readFileSync(dataFile("documents.csv"), "utf8")))
    const commune = yield* Database.query("find commune", (db) =>
      db.selectFrom("organizations").select(["id"]).where("code", "=", DEMO_COMMUNE).executeTakeFirstOrThrow())
    const membersCsv = readFileSync(dataFile("members-si-pa-phin.csv"), "utf8")
    const report = yield* MemberImport.importCsv(commune.id, membersCsv, { dryRun: false })

    const demoHash = yield* Passwords.hash(password)
    // Demo only: every activated demo member shares one hash of the demo password.
    const activated = yield* Database.query("set demo passwords", (db) =>
      db
        .updateTable("accounts")
        .set({ password_hash: demoHash })
        .where("status", "=", "active")
        .where("password_hash", "is", null)
        .where("member_id", "is not", null)
        .executeTakeFirst())

    for (const login of DEMO_LOGINS) {
      yield* Database.transactionally(Effect.gen(function*() {
        const org = yield* Database.query("find org", (db) =>
          db.selectFrom("organizations").select(["id"]).where("code", "=", login.orgCode).executeTakeFirstOrThrow())
        const existing = yield* Database.query("find login", (db) =>
          db.selectFrom("accounts").select(["id"]).where("username", "=", login.username).executeTakeFirst())
        const accountId = existing?.id ?? randomUUID()
        if (!existing) {
          yield* Database.query("create login", (db) =>
            db.insertInto("accounts").values({
              id: accountId,
              member_id: null,
              username: login.username,
              status: "active",
              password_hash: demoHash,
              activated_at: new Date()
            }).execute())
        }
        yield* Database.query("grant role", (db) =>
          db.insertInto("role_assignments")
            .values({ id: randomUUID(), account_id: accountId, org_id: org.id, role: login.role })
            .onConflict((oc) => oc.doNothing())
            .execute())
      }))
    }

    // A secretary for every cell with members: its first official member in the file.
    const { records } = Csv.parseCsv(membersCsv)
    const [header, ...rows] = records
    const cellAt = header!.fields.findIndex((h) => VietnameseText.fold(h) === "ma chi bo")
    const statusAt = header!.fields.findIndex((h) => VietnameseText.fold(h) === "trang thai")
    const idAt = header!.fields.findIndex((h) => VietnameseText.fold(h) === "so cccd")
    const secretaries = new Map<string, string>()
    for (const row of rows) {
      const cell = row.fields[cellAt]!.trim()
      if (!secretaries.has(cell) && VietnameseText.fold(row.fields[statusAt]!) === "chinh thuc") secretaries.set(cell, row.fields[idAt]!.trim())
    }
    const assignments = yield* Database.query("find secretaries", (db) =>
      db
        .selectFrom("members as m")
        .innerJoin("accounts as a", "a.member_id", "m.id")
        .select(["a.id as account_id", "m.org_id"])
        .where("m.citizen_id", "in", [...secretaries.values()])
        .execute())
    if (assignments.length > 0) {
      yield* Database.query("grant secretaries", (db) =>
        db.insertInto("role_assignments")
          .values(assignments.map((a) => ({ id: randomUUID(), account_id: a.account_id, org_id: a.org_id, role: "cell_secretary" })))
          .onConflict((oc) => oc.doNothing())
          .execute())
    }
    return {
      organizationsCreated: orgsCreated,
      documentsCreated,
      members: report,
      passwordsSet: Number(activated.numUpdatedRows),
      secretaries: assignments.length
    }
  }).pipe(Effect.provideService(CurrentActor.CurrentActor, CurrentActor.systemActor))
