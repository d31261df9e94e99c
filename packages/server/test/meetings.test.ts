/**
 * Issue 5's acceptance, over the HTTP API on the Điện Biên demo: a scripted month of Chi bộ bản 01
 * (schedule, invite, attach Regulation 339-QĐ/TW, check in by code, QR and the secretary, one
 * absence with reason, a vote on a probationary member's recognition, minutes approved), then the
 * statistics, quorum verdict and cadence report for the cell, Si Pa Phìn and the province.
 */
import { VietnamTime } from "@sotay/core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { allPages, type DemoServer, startDemo, testStores } from "./support/demo.js"

/** The month after the current one, in Vietnam: always in the future. */
export const nextMonth = () => {
  const t = VietnamTime.localParts(new Date())
  const index = t.year * 12 + t.month // next month, zero-based
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const mm = String(month).padStart(2, "0")
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, key: `${year}-${mm}`, from: `${year}-${mm}-01`, to: `${year}-${mm}-${last}` }
}

describe.each(testStores)("a month of Chi bộ bản 01 on $name", (store) => {
  let server: DemoServer
  let secretary: string
  let commune: string
  let province: string
  let cell: string
  let members: Array<{ id: string; fullName: string; status: string; phone: string | null }>
  const phones: Record<string, string> = {}
  const month = nextMonth()
  let meetingId: string

  beforeAll(async () => {
    server = await startDemo(store)
    secretary = await server.login("spp.ban01.bithu")
    commune = await server.login("spp.admin")
    province = await server.login("tinh.admin")
    cell = server.ids["SPP-CB-BAN01"]!
    members = await allPages(server, secretary, `/v1/orgs/${cell}/members`)
  })
  afterAll(() => server?.close())

  const byStatus = (status: string) => members.filter((m) => m.status === status)
  // Members of bản 01 with an activated account, who log in with their phone (from the demo file).
  const ACTIVATED = { probationary: "0353646780", official: ["0971584417", "0915150377", "0912355799", "0396270716", "0381647270"] }
  const memberOf = async (phone: string) => {
    const token = phones[phone] ?? (phones[phone] = await server.login(phone))
    const me = await server.call(token, "GET", "/v1/me")
    return { token, id: me.body.member.id as string }
  }

  it("has 18 members in the cell: 16 official, 1 probationary, 1 exempt", () => {
    expect(members).toHaveLength(18)
    expect(byStatus("official")).toHaveLength(16)
    expect(byStatus("probationary")).toHaveLength(1)
    expect(byStatus("exempt")).toHaveLength(1)
  })

  it("runs the month: schedule, invite, documents, check-in, vote, minutes", async () => {
    const taker = await memberOf(ACTIVATED.official[0]!)
    const chair = byStatus("official").find((m) => m.id !== taker.id)!
    // 1. schedule the regular meeting of next month, 19:30 Vietnam time on the 10th
    const created = await server.call(secretary, "POST", `/v1/orgs/${cell}/meetings`, {
      body: {
        kind: "regular_monthly",
        startsAt: `${month.key}-10T19:30:00+07:00`,
        place: "Nhà văn hóa bản 01",
        topic: `Sinh hoạt chi bộ thường kỳ tháng ${month.month}/${month.year}`,
        agenda: ["Quán triệt Quy định 339-QĐ/TW", "Xét công nhận đảng viên chính thức", "Nhiệm vụ tháng tới"],
        chairId: chair.id,
        minuteTakerId: taker.id
      }
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: "draft", startsAt: `${month.key}-10T19:30:00+07:00`, localDate: `${month.key}-10`, localTime: "19:30", timeZone: "Asia/Ho_Chi_Minh" })
    meetingId = created.body.id

    // 2. attach Regulation 339-QĐ/TW, then invite: 17 expected (the exempt member is not)
    const attached = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/documents`, { body: { symbol: "339-QĐ/TW" } })
    expect(attached.status).toBe(200)
    expect(attached.body.items[0].document).toMatchObject({ symbol: "339-QĐ/TW", kind: "QUY_DINH", issuingOrgan: "Ban Bí thư", issuedOn: "2025-07-10" })
    const before = (await server.deliveries()).length
    const invited = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/invitations`)
    expect(invited.status).toBe(200)
    expect(invited.body).toMatchObject({ invited: 17, alreadyInvited: 0, notified: 17, meeting: { status: "scheduled", counts: { expected: 17, invited: 17 } } })
    const sent = (await server.deliveries()).slice(before)
    const invitations = sent.filter((d) => d.message.kind === "meeting.invitation")
    expect(invitations).toHaveLength(17)
    const exempt = byStatus("exempt")[0]!
    expect(invitations.map((d) => d.to.memberId)).not.toContain(exempt.id)
    expect(sent.filter((d) => d.message.kind === "meeting.invitation")[0]!.message.text.vi).toContain("19:30")
    // inviting again sends nothing new
    const again = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/invitations`)
    expect(again.body).toMatchObject({ invited: 0, alreadyInvited: 17, notified: 0 })

    // 3. a member finds the invitation in their inbox, opens and acknowledges the document
    const inbox = await server.call(taker.token, "GET", "/v1/me/notifications")
    expect(inbox.status).toBe(200)
    const invitation = inbox.body.items.find((n: any) => n.kind === "meeting.invitation" && n.meetingId === meetingId)
    expect(invitation).toBeDefined()
    expect((await server.call(taker.token, "POST", `/v1/me/notifications/${invitation.id}/read`)).status).toBe(204)
    const docId = attached.body.items[0].document.id
    expect((await server.call(taker.token, "POST", `/v1/meetings/${meetingId}/documents/${docId}/acknowledge`, { body: {} })).status).toBe(200)
    const docs = await server.call(taker.token, "GET", `/v1/meetings/${meetingId}/documents`)
    expect(docs.body.items[0]).toMatchObject({ delivered: 17, opened: 1, acknowledged: 1 })
    expect(docs.body.items[0].mine.acknowledgedAt).toMatch(/\+07:00$/)
    // a reminder to the 16 who have not opened it
    const reminded = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/documents/reminders`)
    expect(reminded.body).toEqual({ reminded: 16 })
    // pressed again at once: nobody is reminded twice within the hour
    const delivered = (await server.deliveries()).length
    expect((await server.call(secretary, "POST", `/v1/meetings/${meetingId}/documents/reminders`)).body).toEqual({ reminded: 0 })
    expect((await server.deliveries()).length).toBe(delivered)
    expect((await server.deliveries()).at(-1)!.message.text.vi).toMatch(/^Nhắc: đồng chí chưa đọc tài liệu cho cuộc họp .* ngày \d{2}\/\d{2}\/\d{4}$/)
    const receipts = await server.call(secretary, "GET", `/v1/meetings/${meetingId}/documents/${docId}/receipts`)
    expect(receipts.body.items).toHaveLength(17)
    expect(receipts.body.items.filter((r: any) => r.openedAt === null && r.remindedAt !== null)).toHaveLength(16)

    // 4. one official member without a smartphone excuses himself by phone; the secretary records it
    const excused = byStatus("official").find((m) => m.id !== chair.id && m.phone === null)!
    const rsvp = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/rsvp`, {
      body: { response: "excused", reason: "Đi khám bệnh ở huyện", memberId: excused.id, channel: "phone" }
    })
    expect(rsvp.status).toBe(200)
    expect(rsvp.body).toMatchObject({ rsvp: "excused", onBehalfOf: excused.id, channel: "phone" })

    // 5. the meeting starts: 3 check in by code, 3 by QR (the probationary member among them)
    expect((await server.call(secretary, "POST", `/v1/meetings/${meetingId}/transitions`, { body: { to: "in_progress" } })).body.status).toBe("in_progress")
    const secrets = await server.call(secretary, "GET", `/v1/meetings/${meetingId}/check-in`)
    expect(secrets.body.code).toMatch(/^\d{6}$/)
    const selfCheckIns = [ACTIVATED.probationary, ...ACTIVATED.official]
    const checkedIn: Array<string> = []
    for (const [i, phone] of selfCheckIns.entries()) {
      const m = await memberOf(phone)
      const body = i % 2 === 0 ? { qrToken: secrets.body.qrToken } : { code: secrets.body.code }
      const r = await server.call(m.token, "POST", `/v1/meetings/${meetingId}/check-in`, { body })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ memberId: m.id, attendance: "present", method: i % 2 === 0 ? "qr" : "code", changed: true })
      checkedIn.push(m.id)
    }
    // checking in twice changes nothing
    const twice = await server.call(taker.token, "POST", `/v1/meetings/${meetingId}/check-in`, { body: { code: secrets.body.code } })
    expect(twice.body.changed).toBe(false)
    // the secretary marks 6 more official members present (no smartphone: assisted mode)
    const marked = byStatus("official").filter((m) => !checkedIn.includes(m.id) && m.id !== excused.id).slice(0, 6)
    for (const m of marked) {
      const r = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/check-in`, { body: { memberId: m.id, channel: "in_person" } })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ method: "secretary", changed: true })
    }
    const meeting = await server.call(secretary, "GET", `/v1/meetings/${meetingId}`)
    expect(meeting.body.counts).toMatchObject({ expected: 17, present: 12, excusedInAdvance: 1, unrecorded: 5 })
    expect(12 / 17).toBeGreaterThanOrEqual(2 / 3)

    // 6. quorum (default policy: more than half of rule 7's eligible voters)
    const quorum = await server.call(secretary, "GET", `/v1/meetings/${meetingId}/quorum`)
    expect(quorum.body).toMatchObject({
      policy: { rule: "more_than_half", base: "eligible_voters" },
      base: 15,
      present: 11,
      required: 8,
      met: true,
      verified: false,
      denominator: { officialMembers: 17, excludedAbsentWithReason: 1, probationaryNotVoting: 1, excludedAbsentExempt: 1, eligible: 15, presentEligible: 11 }
    })

    // 7. the vote on the probationary member's recognition: at least 2/3 of 15, i.e. 10
    const probationary = byStatus("probationary")[0]!
    const vote = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/votes`, {
      body: { subject: `Đề nghị công nhận đảng viên chính thức: ${probationary.fullName}`, kind: "official_recognition", subjectMemberId: probationary.id, yes: 11, no: 0, abstain: 0 }
    })
    expect(vote.status).toBe(201)
    expect(vote.body).toMatchObject({ eligible: 15, threshold: "at_least_two_thirds", yesNeeded: 10, passed: true })

    // 8. conclude: the 4 still unrecorded are absent without reason, the excused one with reason
    const concluded = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/transitions`, { body: { to: "concluded" } })
    expect(concluded.body).toMatchObject({ status: "concluded", counts: { present: 12, absentWithReason: 1, absentWithoutReason: 4, unrecorded: 0 } })

    // 9. minutes: drafted with the counts, approved by the minute-taker (app) and the chair (signed on paper)
    const drafted = await server.call(secretary, "PUT", `/v1/meetings/${meetingId}/minutes`, {
      body: { contents: "Quán triệt Quy định 339-QĐ/TW; xét công nhận đảng viên chính thức.", conclusions: "Chi bộ đề nghị công nhận đảng viên chính thức." }
    })
    expect(drafted.status).toBe(200)
    expect(drafted.body.heading).toBe(`BIÊN BẢN HỌP CHI BỘ THÁNG ${month.month} NĂM ${month.year}`)
    expect(drafted.body.counts).toMatchObject({
      totalMembers: 18, official: 16, probationary: 1, exempt: 1,
      attended: 12, attendedOfficial: 11, attendedProbationary: 1,
      absent: 5, absentWithReason: 1, absentWithoutReason: 4
    })
    expect(drafted.body.counts.absencesWithReason).toEqual([{ memberId: excused.id, fullName: excused.fullName, reason: "Đi khám bệnh ở huyện" }])
    expect(drafted.body.votes).toHaveLength(1)
    expect(drafted.body.documents).toEqual(["339-QĐ/TW"])
    const byTaker = await server.call(taker.token, "POST", `/v1/meetings/${meetingId}/minutes/approve`, { body: { as: "minute_taker" } })
    expect(byTaker.status).toBe(200)
    expect(byTaker.body).toMatchObject({ status: "draft", minuteTakerApproval: { memberId: taker.id, channel: "app" } })
    const byChair = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/minutes/approve`, { body: { as: "chair", channel: "paper" } })
    expect(byChair.body).toMatchObject({ status: "final", chairApproval: { memberId: chair.id, channel: "paper" } })
    expect((await server.call(secretary, "GET", `/v1/meetings/${meetingId}`)).body.status).toBe("published")
    // a correction is an amendment; the original stays
    const amended = await server.call(secretary, "POST", `/v1/meetings/${meetingId}/minutes/amendments`, {
      body: { text: "Bổ sung: đồng chí chủ trì kết luận lúc 21:15.", reason: "Thiếu giờ kết thúc" }
    })
    expect(amended.status).toBe(201)
    expect(amended.body.contents).toBe(drafted.body.contents)
    expect(amended.body.amendments).toHaveLength(1)
  })

  it("reports exactly what happened for the cell, Si Pa Phìn and the province", async () => {
    const expected = { meetingsHeld: 1, invited: 17, present: 12, absentWithReason: 1, absentWithoutReason: 4, notRequired: 0, attendanceRate: 0.7059 }
    const forCell = await server.call(secretary, "GET", `/v1/orgs/${cell}/reports/participation?from=${month.from}&to=${month.to}`)
    expect(forCell.status).toBe(200)
    expect(forCell.body).toMatchObject(expected)
    expect(forCell.body.members).toHaveLength(17)
    expect(forCell.body.members.filter((m: any) => m.present === 1)).toHaveLength(12)
    expect(forCell.body.members.filter((m: any) => m.absentWithoutReason === 1)).toHaveLength(4)

    const forCommune = await server.call(commune, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/reports/participation?from=${month.from}&to=${month.to}`)
    expect(forCommune.body).toMatchObject(expected)
    expect(forCommune.body.children.find((c: any) => c.orgId === cell)).toMatchObject(expected)
    expect(forCommune.body.children.filter((c: any) => c.meetingsHeld > 0)).toHaveLength(1)

    const forProvince = await server.call(province, "GET", `/v1/orgs/${server.ids["DB-TINH"]}/reports/participation?from=${month.from}&to=${month.to}`)
    expect(forProvince.body).toMatchObject(expected)
    expect(forProvince.body.children.find((c: any) => c.orgId === server.ids["DU-SPP"])).toMatchObject(expected)

    // the month before: nothing held
    const empty = await server.call(secretary, "GET", `/v1/orgs/${cell}/reports/participation?from=2026-01-01&to=2026-01-31`)
    expect(empty.body).toMatchObject({ meetingsHeld: 0, invited: 0, attendanceRate: 0 })

    // cadence: bản 01 held its regular meeting; every other cell with members of the commune did not
    const cadenceCell = await server.call(secretary, "GET", `/v1/orgs/${cell}/reports/cadence?from=${month.from}&to=${month.to}`)
    expect(cadenceCell.body).toMatchObject({ months: [month.key], cellsChecked: 1, compliantCells: 1, cells: [{ orgId: cell, regularHeld: 1, monthsWithoutRegular: [] }] })
    const cadenceCommune = await server.call(commune, "GET", `/v1/orgs/${server.ids["DU-SPP"]}/reports/cadence?from=${month.from}&to=${month.to}`)
    expect(cadenceCommune.body.cellsChecked).toBeGreaterThan(1)
    expect(cadenceCommune.body.compliantCells).toBe(1)
    expect(cadenceCommune.body.cellsWithoutRegular).toBe(cadenceCommune.body.cellsChecked - 1)
    const cadenceProvince = await server.call(province, "GET", `/v1/orgs/${server.ids["DB-TINH"]}/reports/cadence?from=${month.from}&to=${month.to}`)
    expect(cadenceProvince.body).toMatchObject({ cellsChecked: cadenceCommune.body.cellsChecked, compliantCells: 1 })
    expect(cadenceProvince.body.cells.find((c: any) => c.orgId === cell)).toMatchObject({ compliant: true })
    // over the whole quarter, no cell held a thematic meeting
    const q = Math.floor((month.month - 1) / 3)
    const qFrom = `${month.year}-${String(q * 3 + 1).padStart(2, "0")}-01`
    const qLast = new Date(Date.UTC(month.year, q * 3 + 3, 0)).getUTCDate()
    const qTo = `${month.year}-${String(q * 3 + 3).padStart(2, "0")}-${qLast}`
    const quarter = await server.call(secretary, "GET", `/v1/orgs/${cell}/reports/cadence?from=${qFrom}&to=${qTo}`)
    expect(quarter.body.quarters).toEqual([`${month.year}-Q${q + 1}`])
    expect(quarter.body.cells[0].quartersWithoutThematic).toEqual([`${month.year}-Q${q + 1}`])
    expect(quarter.body.cells[0].monthsWithoutRegular).toHaveLength(2)
  })

  it("prints the invitation and serves it as iCalendar", async () => {
    const html = await server.handler(new Request(`http://sotay.test/v1/meetings/${meetingId}/invitation.html`, { headers: { authorization: `Bearer ${secretary}` } }))
    expect(html.status).toBe(200)
    expect(html.headers.get("content-type")).toContain("text/html")
    const page = await html.text()
    expect(page).toContain("@page { size: A4")
    expect(page).toContain("GIẤY MỜI")
    expect(page).toContain("19 giờ 30 phút, ngày 10")
    expect(page).toContain("339-QĐ/TW")
    const ics = await server.handler(new Request(`http://sotay.test/v1/meetings/${meetingId}/invitation.ics`, { headers: { authorization: `Bearer ${secretary}` } }))
    expect(ics.headers.get("content-type")).toContain("text/calendar")
    const text = await ics.text()
    expect(text).toContain(`DTSTART;TZID=Asia/Ho_Chi_Minh:${month.key.replace("-", "")}10T193000`)
    expect(text.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true)
    expect(text).toMatch(/^SEQUENCE:\d+\r$/m)
    // dated the day it is printed, as a Party document is; the meeting's own date is in the text
    const today = new Date(Date.now() + 7 * 3600_000)
    expect(page).toContain(`ngày ${String(today.getUTCDate()).padStart(2, "0")} tháng ${String(today.getUTCMonth() + 1).padStart(2, "0")} năm ${today.getUTCFullYear()}`)
  })
})
