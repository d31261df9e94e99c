/**
 * The access table: every operation of the served `/openapi.json` × every role × every relation
 * of the resource to the role's organization (own, ancestor, descendant, sibling, other
 * province; and the member's own record), with the expected answer, checked against the one
 * policy function `can`. An operation missing from the table fails the test: adding an
 * operation means adding its row here.
 */
import { Access, type Account } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type DemoServer, startDemo, testStores } from "./support/demo.js"

type Role = Account.Role
const ROLES: ReadonlyArray<Role> = ["member", "cell_secretary", "cell_deputy", "committee_member", "committee_staff", "system_admin"]

// An abstract tree: province P > commune C > cells A, B; cell A > Party group G; a sibling commune
// C2; another province Q > commune D > cell E.
const P = "/p/", C = "/p/c/", A = "/p/c/a/", G = "/p/c/a/g/", B = "/p/c/b/", C2 = "/p/c2/", E = "/q/d/e/"

// Where each role is held: cell roles (and the member's own cell) at A, committee roles at C.
const HOME: Record<Role, string> = { member: A, cell_secretary: A, cell_deputy: A, committee_member: C, committee_staff: C, system_admin: C }
// The relations of a resource to the role's organization X.
const RELATIONS = ["own", "ancestor", "descendant", "sibling", "otherProvince"] as const
const at: Record<string, Record<(typeof RELATIONS)[number], string>> = {
  [A]: { own: A, ancestor: C, descendant: G, sibling: B, otherProvince: E },
  [C]: { own: C, ancestor: P, descendant: A, sibling: C2, otherProvince: E }
}

/** The actor holding `role`: cell roles and members are also members of cell A (member id "me"). */
const actorFor = (role: Role): Account.Actor => {
  const isMember = HOME[role] === A
  return {
    accountId: "account" as never,
    username: null,
    memberId: isMember ? ("me" as never) : null,
    memberOrg: isMember ? { id: "A" as never, path: A } : null,
    roles: role === "member" ? [] : [{ orgId: "X" as never, orgPath: HOME[role], role }]
  }
}

const answer = (role: Role, action: Access.Action, orgPath: string, memberId?: string) => {
  const d = Access.can(actorFor(role), action, memberId === undefined ? { orgPath } : { orgPath, memberId })
  return d.allowed ? d.view : d.hidden ? "404" : "403"
}

/**
 * Expected answers. An org-targeted row gives, per role, five answers: own ancestor descendant
 * sibling otherProvince. A member-targeted row gives six: the member's own record first ("-"
 * where the role holder is no member), then the five relations (another member there).
 */
type Row =
  | { readonly access: "public" | "self" }
  | { readonly action: Access.Action; readonly target: "org" | "member"; readonly expect: Record<Role, string> }

const ORG_READ = {
  member: "roster 404 404 404 404",
  cell_secretary: "full 404 full 404 404",
  cell_deputy: "full 404 full 404 404",
  committee_member: "full 404 full 404 404",
  committee_staff: "full 404 full 404 404",
  system_admin: "full 404 full 404 404"
}
const STAFF_ONLY = {
  member: "403 404 404 404 404",
  cell_secretary: "403 404 403 404 404",
  cell_deputy: "403 404 403 404 404",
  committee_member: "403 404 403 404 404",
  committee_staff: "full 404 full 404 404",
  system_admin: "full 404 full 404 404"
}
const CELL_MANAGERS = {
  member: "403 404 404 404 404",
  cell_secretary: "full 404 full 404 404",
  cell_deputy: "full 404 full 404 404",
  committee_member: "403 404 403 404 404",
  committee_staff: "full 404 full 404 404",
  system_admin: "full 404 full 404 404"
}
const MEMBER_STAFF_ONLY = {
  member: "403 403 404 404 404 404",
  cell_secretary: "403 403 404 403 404 404",
  cell_deputy: "403 403 404 403 404 404",
  committee_member: "- 403 404 403 404 404",
  committee_staff: "- full 404 full 404 404",
  system_admin: "- full 404 full 404 404"
}

const MEMBER_CELL_MANAGERS = {
  member: "403 403 404 404 404 404",
  cell_secretary: "full full 404 full 404 404",
  cell_deputy: "full full 404 full 404 404",
  committee_member: "- 403 404 403 404 404",
  committee_staff: "- full 404 full 404 404",
  system_admin: "- full 404 full 404 404"
}
const MEMBER_READ = {
  member: "self roster 404 404 404 404",
  cell_secretary: "full full 404 full 404 404",
  cell_deputy: "full full 404 full 404 404",
  committee_member: "- full 404 full 404 404",
  committee_staff: "- full 404 full 404 404",
  system_admin: "- full 404 full 404 404"
}
const REPORTS = { ...ORG_READ, member: "403 404 404 404 404" }
/** Taking part in a meeting: members of the meeting's own cell only (a role alone does not make one a participant). */
const ATTEND = {
  member: "self 404 404 404 404",
  cell_secretary: "self 404 403 404 404",
  cell_deputy: "self 404 403 404 404",
  committee_member: "403 404 403 404 404",
  committee_staff: "403 404 403 404 404",
  system_admin: "403 404 403 404 404"
}

const TABLE: Record<string, Row> = {
  health: { access: "public" },
  "auth.login": { access: "public" },
  "auth.requestActivation": { access: "public" },
  "auth.confirmActivation": { access: "public" },
  "auth.requestPasswordReset": { access: "public" },
  "auth.confirmPasswordReset": { access: "public" },
  "auth.logout": { access: "self" },
  "me.getMe": { access: "self" },
  "me.changePassword": { access: "self" },
  "me.listSessions": { access: "self" },
  "me.revokeSession": { access: "self" },
  "me.exportData": { access: "self" },
  "registrations.submitRegistration": { access: "public" },
  "registrations.verifyRegistration": { access: "public" },
  "orgs.getOrg": { action: "org.read", target: "org", expect: ORG_READ },
  "orgs.listChildren": { action: "org.read", target: "org", expect: ORG_READ },
  "members.listMembers": { action: "members.list", target: "org", expect: ORG_READ },
  "members.getMember": { action: "member.read", target: "member", expect: MEMBER_READ },
  "members.updateMember": {
    action: "member.update",
    target: "member",
    expect: {
      member: "self 403 404 404 404 404",
      cell_secretary: "full full 404 full 404 404",
      cell_deputy: "full full 404 full 404 404",
      committee_member: "- 403 404 403 404 404",
      committee_staff: "- full 404 full 404 404",
      system_admin: "- full 404 full 404 404"
    }
  },
  "members.importMembers": { action: "members.import", target: "org", expect: STAFF_ONLY },
  "reports.adoption": { action: "reports.read", target: "org", expect: REPORTS },
  "registrations.listRegistrations": { action: "registrations.review", target: "org", expect: CELL_MANAGERS },
  "registrations.approveRegistration": { action: "registrations.review", target: "org", expect: CELL_MANAGERS },
  "registrations.rejectRegistration": { action: "registrations.review", target: "org", expect: CELL_MANAGERS },
  "accounts.setAccountStatus": { action: "account.manage", target: "member", expect: MEMBER_STAFF_ONLY },
  "accounts.requestAssistedActivation": { action: "member.assist", target: "member", expect: MEMBER_CELL_MANAGERS },
  "accounts.confirmAssistedActivation": { action: "member.assist", target: "member", expect: MEMBER_CELL_MANAGERS },
  "accounts.anonymizeMember": { action: "member.anonymize", target: "member", expect: MEMBER_STAFF_ONLY },
  "accounts.listRoles": { action: "roles.manage", target: "org", expect: STAFF_ONLY },
  "accounts.grantRole": { action: "roles.manage", target: "org", expect: STAFF_ONLY },
  "accounts.revokeRole": { action: "roles.manage", target: "org", expect: STAFF_ONLY },
  "audit.listAudit": { action: "audit.read", target: "org", expect: STAFF_ONLY },
  // Organization changes (issue 3)
  "orgs.createOrg": { action: "org.manage", target: "org", expect: STAFF_ONLY },
  "orgs.renameOrg": { action: "org.manage", target: "org", expect: STAFF_ONLY },
  "orgs.moveOrg": { action: "org.manage", target: "org", expect: STAFF_ONLY },
  "orgs.mergeOrg": { action: "org.manage", target: "org", expect: STAFF_ONLY },
  "orgs.dissolveOrg": { action: "org.manage", target: "org", expect: STAFF_ONLY },
  "orgs.orgWarnings": { action: "reports.read", target: "org", expect: REPORTS },
  // Lifecycle, registry export (issue 3)
  "members.admitMember": { action: "member.transition", target: "org", expect: CELL_MANAGERS },
  "members.applyTransition": { action: "member.transition", target: "member", expect: MEMBER_CELL_MANAGERS },
  "members.getLifecycle": { action: "member.history", target: "member", expect: { ...MEMBER_READ, member: "self 403 404 404 404 404" } },
  "members.exportMembers": { action: "members.export", target: "org", expect: STAFF_ONLY },
  // Transfers (issue 3): issued by the member's side, received (and ended) by the host's
  "transfers.issueTransfer": { action: "transfer.issue", target: "member", expect: MEMBER_CELL_MANAGERS },
  "transfers.cancelTransfer": { action: "transfer.issue", target: "member", expect: MEMBER_CELL_MANAGERS },
  "transfers.receiveTransfer": { action: "transfer.receive", target: "org", expect: CELL_MANAGERS },
  "transfers.endTransfer": { action: "transfer.receive", target: "org", expect: CELL_MANAGERS },
  "transfers.listTransfers": { action: "transfers.list", target: "org", expect: REPORTS },
  "transfers.listPlacements": { action: "members.list", target: "org", expect: ORG_READ },
  // Meetings (issue 5): the meeting's organization is the target.
  "meetings.listMeetings": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.getMeeting": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.listParticipants": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.quorum": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.listVotes": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.getMinutes": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.approveMinutes": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.listMeetingDocuments": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.invitationHtml": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.invitationIcs": { action: "meetings.read", target: "org", expect: ORG_READ },
  "meetings.createMeeting": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.createMeetingSeries": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.updateMeeting": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.transitionMeeting": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.inviteMembers": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.setAttendance": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.checkInSecrets": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.checkInQr": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.recordVote": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.putMinutes": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.amendMinutes": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.attachDocument": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.documentReceipts": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.remindDocuments": { action: "meetings.manage", target: "org", expect: REPORTS },
  "meetings.rsvp": { action: "meeting.attend", target: "org", expect: ATTEND },
  "meetings.checkIn": { action: "meeting.attend", target: "org", expect: ATTEND },
  "meetings.openDocument": { action: "meeting.attend", target: "org", expect: ATTEND },
  "meetings.acknowledgeDocument": { action: "meeting.attend", target: "org", expect: ATTEND },
  "meetingReports.participation": { action: "reports.read", target: "org", expect: REPORTS },
  "meetingReports.cadence": { action: "reports.read", target: "org", expect: REPORTS },
  "meetingReports.absences": { action: "reports.read", target: "org", expect: REPORTS },
  "inbox.listNotifications": { access: "self" },
  "inbox.readNotification": { access: "self" }
}

describe("the access table", () => {
  let server: DemoServer
  let operations: Array<{ id: string; method: string; path: string; secured: boolean }>
  beforeAll(async () => {
    server = await startDemo(testStores[0]!)
    const spec = await server.call(null, "GET", "/openapi.json")
    expect(spec.status).toBe(200)
    operations = Object.entries<any>(spec.body.paths).flatMap(([path, item]) =>
      Object.entries<any>(item)
        .filter(([, op]) => op?.operationId)
        .map(([method, op]) => ({
          id: op.operationId as string,
          method,
          path,
          secured: (op.security ?? []).some((s: any) => "bearer" in s)
        }))
    )
  })
  afterAll(() => server?.close())

  it("has a row for every operation of the served /openapi.json, and none for an operation that is not there", () => {
    const served = operations.map((o) => o.id).sort()
    const missing = served.filter((id) => !(id in TABLE))
    expect(missing, "operations missing from the access table").toEqual([])
    expect(Object.keys(TABLE).filter((id) => !served.includes(id)), "rows for operations the API does not serve").toEqual([])
    expect(served.length).toBeGreaterThanOrEqual(30)
  })

  it("marks public exactly the operations that need no token", () => {
    for (const op of operations) {
      const row = TABLE[op.id]
      if (row === undefined) continue
      expect("access" in row && row.access === "public", `${op.id} ${op.method.toUpperCase()} ${op.path}`).toBe(!op.secured)
    }
  })

  it("gives every role at every relation the expected answer", () => {
    const wrong: Array<string> = []
    let checked = 0
    for (const op of operations) {
      const row = TABLE[op.id]
      if (row === undefined) continue
      if (!("action" in row)) continue
      for (const role of ROLES) {
        const expected = row.expect[role].split(" ")
        const relations = at[HOME[role]]!
        const actual = row.target === "org"
          ? RELATIONS.map((rel) => answer(role, row.action, relations[rel]))
          : [
            actorFor(role).memberId === null ? "-" : answer(role, row.action, A, "me"),
            ...RELATIONS.map((rel) => answer(role, row.action, relations[rel], "someone-else"))
          ]
        checked += actual.length
        if (actual.join(" ") !== expected.join(" ")) wrong.push(`${op.id} as ${role}: expected ${expected.join(" ")}, got ${actual.join(" ")}`)
      }
    }
    expect(wrong).toEqual([])
    expect(checked).toBeGreaterThan(500)
  })

  it("explains every refusal", () => {
    for (const action of Access.ACTIONS) {
      const d = Access.can(actorFor("member"), action, { orgPath: E })
      expect(d.allowed).toBe(false)
      if (!d.allowed) expect(d.reason.length).toBeGreaterThan(10)
    }
    const forbidden = Access.can(actorFor("member"), "audit.read", { orgPath: A })
    expect(forbidden).toMatchObject({ allowed: false, hidden: false })
    if (!forbidden.allowed) expect(forbidden.reason).toContain("committee_staff")
  })

  it("lets a role inherit down the subtree only where the role says so", () => {
    expect(Access.ROLES.member.inherits).toBe(false)
    expect(answer("member", "members.list", G)).toBe("404")
    expect(answer("cell_secretary", "members.list", G)).toBe("full")
  })
})
