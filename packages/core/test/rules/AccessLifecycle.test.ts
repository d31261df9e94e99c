// The access actions added for the member lifecycle, transfers, organization changes and export.
import { describe, expect, it } from "vitest"
import type { Actor, Role } from "../../src/model/Account.js"
import { type Action, can } from "../../src/rules/Access.js"

const C = "/p/c/"
const A = "/p/c/a/"
const B = "/p/c/b/"
const E = "/q/d/e/"

const actor = (roles: Array<[string, Role]>, memberOrg?: string, memberId = "self"): Actor => ({
  accountId: "acc" as never,
  username: null,
  memberId: memberOrg ? (memberId as never) : null,
  memberOrg: memberOrg ? { id: "org" as never, path: memberOrg } : null,
  roles: roles.map(([orgPath, role]) => ({ orgId: "org" as never, orgPath, role }))
})
const verdict = (who: Actor, action: Action, orgPath: string, memberId?: string) => {
  const d = can(who, action, memberId === undefined ? { orgPath } : { orgPath, memberId })
  return d.allowed ? d.view : d.hidden ? 404 : 403
}

describe("access to lifecycle, transfers, organization changes and export", () => {
  const communeStaff = actor([[C, "committee_staff"]])
  const secretaryA = actor([[A, "cell_secretary"]], A, "sec")
  const memberA = actor([], A, "self")

  it("lifecycle decisions and letters: the member's secretary or committee; the member themself is refused", () => {
    for (const action of ["member.transition", "transfer.issue"] as const) {
      expect(verdict(communeStaff, action, B, "m")).toBe("full")
      expect(verdict(secretaryA, action, A, "m")).toBe("full")
      expect(verdict(secretaryA, action, B, "m")).toBe(404)
      expect(verdict(memberA, action, A, "self")).toBe(403)
      expect(verdict(memberA, action, A, "other")).toBe(403)
      expect(verdict(communeStaff, action, E, "m")).toBe(404)
    }
  })

  it("accepting and listing letters: who manages the receiving organization", () => {
    expect(verdict(communeStaff, "transfer.receive", A)).toBe("full")
    expect(verdict(secretaryA, "transfers.list", A)).toBe("full")
    expect(verdict(secretaryA, "transfer.receive", B)).toBe(404)
    expect(verdict(memberA, "transfers.list", A)).toBe(403)
  })

  it("export and organization changes: committee staff of the subtree only", () => {
    for (const action of ["members.export", "org.manage"] as const) {
      expect(verdict(communeStaff, action, C)).toBe("full")
      expect(verdict(communeStaff, action, A)).toBe("full")
      expect(verdict(secretaryA, action, A)).toBe(403)
      expect(verdict(memberA, action, A)).toBe(403)
      expect(verdict(communeStaff, action, E)).toBe(404)
    }
  })
})
