/**
 * A crowd for load tests and the check-in benchmark: a cell of `size` official members under
 * Si Pa Phìn, each with an active account and a session token, written straight to the store.
 * (Sessions are stored as the SHA-256 of the token, as `Accounts.login` stores them.)
 */
import type { DB } from "@sotay/core"
import type { Kysely } from "kysely"
import { createHash, randomUUID } from "node:crypto"

export interface Crowd {
  readonly cellId: string
  readonly members: ReadonlyArray<{ readonly memberId: string; readonly token: string }>
}

export const seedCrowd = async (db: Kysely<DB>, size: number, code = `SPP-CB-LOAD-${randomUUID().slice(0, 8)}`): Promise<Crowd> => {
  const commune = await db.selectFrom("organizations").select(["id", "path", "depth", "province_id"]).where("code", "=", "DU-SPP").executeTakeFirstOrThrow()
  const cellId = randomUUID()
  await db.insertInto("organizations").values({
    id: cellId,
    code,
    name: `Chi bộ thử tải ${code}`,
    type: "GRASSROOTS_CELL",
    parent_id: commune.id,
    path: `${commune.path}${cellId}/`,
    depth: commune.depth + 1,
    province_id: commune.province_id,
    committee_abbr: null
  }).execute()
  const prefix = String(Math.floor(Math.random() * 100_000)).padStart(5, "0")
  const members = Array.from({ length: size }, (_, i) => ({
    memberId: randomUUID(),
    accountId: randomUUID(),
    token: randomUUID() + randomUUID(),
    n: String(i).padStart(4, "0")
  }))
  for (let i = 0; i < members.length; i += 250) {
    const batch = members.slice(i, i + 250)
    await db.insertInto("members").values(batch.map((m) => ({
      id: m.memberId,
      org_id: cellId,
      province_id: commune.province_id,
      full_name: `Thử Tải ${m.n}`,
      name_folded: `thu tai ${m.n}`,
      sort_key: `tai thu ${m.n}`,
      date_of_birth: "1980-01-01",
      gender: "male",
      citizen_id: `9${prefix}${m.n.padStart(6, "0")}`,
      status: "official",
      updated_at: new Date()
    }))).execute()
    await db.insertInto("accounts").values(batch.map((m) => ({ id: m.accountId, member_id: m.memberId, username: null, status: "active", password_hash: null, activated_at: new Date(), updated_at: new Date() }))).execute()
    await db.insertInto("sessions").values(batch.map((m) => ({
      token_hash: createHash("sha256").update(m.token).digest("hex"),
      account_id: m.accountId,
      expires_at: new Date(Date.now() + 6 * 60 * 60 * 1000)
    }))).execute()
  }
  return { cellId, members: members.map((m) => ({ memberId: m.memberId, token: m.token })) }
}
