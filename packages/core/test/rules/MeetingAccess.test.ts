import { describe, expect, it } from "vitest"
import type { Actor, Role } from "../../src/model/Account.js"
import { type Action, can } from "../../src/rules/Access.js"

// Province P > commune C > cells A and B.
const P = "/p/"
const C = "/p/c/"
const A = "/p/c/a/"
const B = "/p/c/b/"

const actor = (roles: Array<[string, Role]>, memberOrg?: string): Actor => ({
  accountId: "acc" as never,
  username: null,
  memberId: memberOrg ? ("m" as never) : null,
  memberOrg: memberOrg ? { id: "org" as never, path: memberOrg } : null,
  roles: roles.map(([orgPath, role]) => ({ orgId: "org" as never, orgPath, role }))
})

const verdict = (who: Actor, action: Action, orgPath: string) => {
  const d = can(who, action, { orgPath })
  return d.allowed ? d.view : d.hidden ? 404 : 403
}

describe("meeting access", () => {
  const member = actor([], A)
  const secretary = actor([[A, "cell_secretary"]], A)
  const deputy = actor([[A, "cell_deputy"]], A)
  const commune = actor([[C, "committee_staff"]])
  const province = actor([[P, "committee_staff"]])

  it("members see their own cell's meetings and take part, but do not manage them", () => {
    expect(verdict(member, "meetings.read", A)).toBe("roster")
    expect(verdict(member, "meeting.attend", A)).toBe("self")
    expect(verdict(member, "meetings.manage", A)).toBe(403)
  })

  it("another cell's meetings are hidden from its members and its secretary", () => {
    for (const who of [member, secretary]) {
      expect(verdict(who, "meetings.read", B)).toBe(404)
      expect(verdict(who, "meeting.attend", B)).toBe(404)
      expect(verdict(who, "meetings.manage", B)).toBe(404)
    }
  })

  it("secretaries and deputies manage their cell's meetings", () => {
    expect(verdict(secretary, "meetings.manage", A)).toBe("full")
    expect(verdict(deputy, "meetings.manage", A)).toBe("full")
    expect(verdict(secretary, "meeting.attend", A)).toBe("self")
  })

  it("committee staff manage their subtree's meetings but do not check in to a cell's", () => {
    for (const path of [C, A, B]) expect(verdict(commune, "meetings.manage", path)).toBe("full")
    expect(verdict(commune, "meetings.read", P)).toBe(404)
    expect(verdict(province, "meetings.read", B)).toBe("full")
    expect(verdict(commune, "meeting.attend", A)).toBe(403)
  })
})
