import { describe, expect, it } from "vitest"
import type { Actor, Role } from "../../src/model/Account.js"
import { type Action, can } from "../../src/rules/Access.js"

// A tree: province P > commune C > cells A and B; another province Q > commune D > cell E.
const P = "/p/"
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

describe("access decisions", () => {
  const provinceStaff = actor([[P, "committee_staff"]])
  const communeStaff = actor([[C, "committee_staff"]])
  const secretaryA = actor([[A, "cell_secretary"]], A, "sec")
  const memberA = actor([], A, "self")

  it("committee staff see their whole subtree and nothing outside", () => {
    for (const path of [P, C, A, B]) expect(verdict(provinceStaff, "members.list", path)).toBe("full")
    expect(verdict(provinceStaff, "members.list", E)).toBe(404)
    expect(verdict(communeStaff, "members.list", P)).toBe(404)
    expect(verdict(communeStaff, "member.read", B, "m")).toBe("full")
    expect(verdict(communeStaff, "members.import", C)).toBe("full")
    expect(verdict(communeStaff, "reports.read", C)).toBe("full")
  })
  it("a cell secretary sees their cell, not a sibling cell or the commune", () => {
    expect(verdict(secretaryA, "members.list", A)).toBe("full")
    expect(verdict(secretaryA, "member.read", A, "m")).toBe("full")
    expect(verdict(secretaryA, "member.update", A, "m")).toBe("full")
    expect(verdict(secretaryA, "member.read", B, "m")).toBe(404)
    expect(verdict(secretaryA, "member.update", B, "m")).toBe(404)
    expect(verdict(secretaryA, "members.list", C)).toBe(404)
    expect(verdict(secretaryA, "members.import", A)).toBe(403)
  })
  it("a member sees their own record and their cell's roster", () => {
    expect(verdict(memberA, "member.read", A, "self")).toBe("self")
    expect(verdict(memberA, "member.update", A, "self")).toBe("self")
    expect(verdict(memberA, "members.list", A)).toBe("roster")
    expect(verdict(memberA, "member.read", A, "cellmate")).toBe("roster")
    expect(verdict(memberA, "member.update", A, "cellmate")).toBe(403)
    expect(verdict(memberA, "members.list", C)).toBe(404)
    expect(verdict(memberA, "member.read", B, "m")).toBe(404)
    expect(verdict(memberA, "reports.read", A)).toBe(403)
    expect(verdict(memberA, "reports.read", C)).toBe(404)
  })
  it("a path prefix match never crosses into a sibling whose id starts the same", () => {
    const staff = actor([["/p/c1/", "committee_staff"]])
    expect(verdict(staff, "members.list", "/p/c10/")).toBe(404)
  })
})

// The actions added for the member lifecycle, transfers, organization changes and export.
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
