/**
 * Documents sent before a meeting: attached to it, delivered to each invited member, tracked per
 * member (delivered, opened, acknowledged), with a reminder to those who have not opened them.
 * Also the meeting's invitation as a printable page and as an iCalendar file.
 *
 * @since 0.2.0
 */
import { Clock, Effect } from "effect"
import { sql } from "kysely"
import { conflict, notFound } from "../model/Errors.js"
import type { Channel, MeetingKind } from "../model/Meeting.js"
import type { MemberId } from "../model/Ids.js"
import { formatInstant, localParts } from "../rules/VietnamTime.js"
import { query, transactionally } from "../store/Database.js"
import * as Audit from "./Audit.js"
import * as Documents from "./Documents.js"
import * as Inbox from "./Inbox.js"
import { _internal, authorize, KIND_TEXT } from "./Meetings.js"

const { now, recipientsOf } = _internal

const receiptCounts = (meetingId: string) =>
  query("receipt counts", (db) =>
    db.selectFrom("meeting_documents as md").innerJoin("documents as d", "d.id", "md.document_id")
      .leftJoin("document_receipts as r", (j) => j.onRef("r.meeting_id", "=", "md.meeting_id").onRef("r.document_id", "=", "md.document_id"))
      .select([
        "d.id", "d.symbol", "d.kind", "d.issuing_organ", "d.issued_on", "d.title", "d.confidentiality", "md.attached_at",
        sql<number>`count(r.member_id)::int`.as("delivered"),
        sql<number>`count(r.opened_at)::int`.as("opened"),
        sql<number>`count(r.acknowledged_at)::int`.as("acknowledged")
      ])
      .where("md.meeting_id", "=", meetingId)
      .groupBy(["d.id", "d.symbol", "d.kind", "d.issuing_organ", "d.issued_on", "d.title", "d.confidentiality", "md.attached_at"])
      .orderBy("md.attached_at").orderBy("d.symbol").execute())

/**
 * The documents of a meeting with delivery figures, and the actor's own receipt.
 *
 * @since 0.2.0
 * @category queries
 */
export const list = (meetingId: string) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.read")
    const rows = yield* receiptCounts(row.id)
    const mine = actor.memberId
      ? yield* query("my receipts", (db) =>
        db.selectFrom("document_receipts").selectAll().where("meeting_id", "=", row.id).where("member_id", "=", actor.memberId!).execute())
      : []
    return {
      items: rows.map((r) => {
        const m = mine.find((x) => x.document_id === r.id)
        return {
          document: Documents.toSummary(r),
          attachedAt: formatInstant(r.attached_at),
          delivered: r.delivered,
          opened: r.opened,
          acknowledged: r.acknowledged,
          mine: m
            ? {
              deliveredAt: formatInstant(m.delivered_at),
              openedAt: m.opened_at ? formatInstant(m.opened_at) : null,
              acknowledgedAt: m.acknowledged_at ? formatInstant(m.acknowledged_at) : null
            }
            : null
        }
      })
    }
  })

/**
 * Attaches a document (by id or symbol) and delivers it to every invited member: a receipt each
 * and a message in their inbox. Attaching it again changes nothing.
 *
 * @since 0.2.0
 * @category commands
 */
export const attach = (meetingId: string, by: { readonly documentId?: string | undefined; readonly symbol?: string | undefined }) =>
  Effect.gen(function*() {
    const { row, actor } = yield* authorize(meetingId, "meetings.manage")
    if (!["draft", "scheduled", "in_progress"].includes(row.status)) {
      return yield* conflict({ vi: "Chỉ gửi tài liệu trước hoặc trong cuộc họp", en: "Documents are sent before or during the meeting" })
    }
    const doc = yield* Documents.find(by)
    const at = yield* now
    yield* transactionally(Effect.gen(function*() {
      const added = yield* query("attach document", (db) =>
        db.insertInto("meeting_documents").values({ meeting_id: row.id, document_id: doc.id, attached_at: at, attached_by: actor.accountId })
          .onConflict((oc) => oc.columns(["meeting_id", "document_id"]).doNothing()).executeTakeFirst())
      if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return
      const delivered = yield* query("deliver document", (db) =>
        db.insertInto("document_receipts").columns(["meeting_id", "document_id", "member_id", "delivered_at"])
          .expression((eb) =>
            eb.selectFrom("meeting_participants").select([
              sql.val(row.id).as("meeting_id"),
              sql.val(doc.id).as("document_id"),
              "member_id",
              sql.val(at).as("delivered_at")
            ]).where("meeting_id", "=", row.id).where("invited_at", "is not", null) as never)
          .onConflict((oc) => oc.doNothing()).returning("member_id").execute())
      yield* Inbox.deliver(yield* recipientsOf(delivered.map((d) => d.member_id)), {
        kind: "meeting.document",
        text: {
          vi: `Tài liệu cho cuộc họp ${row.org_name} ngày ${formatInstant(row.starts_at).slice(0, 10)}: ${doc.symbol} ${doc.title}`,
          en: `Document for the ${row.org_name} meeting of ${formatInstant(row.starts_at).slice(0, 10)}: ${doc.symbol} ${doc.title}`
        },
        meetingId: row.id,
        data: { documentId: doc.id }
      })
      yield* Audit.record({ action: "meeting.document.attach", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { documentId: doc.id, delivered: delivered.length } })
    }))
    return yield* list(meetingId)
  })

/**
 * Per member: when each invited member received, opened and acknowledged a document.
 *
 * @since 0.2.0
 * @category queries
 */
export const receipts = (meetingId: string, documentId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.manage")
    const rows = yield* query("receipts", (db) =>
      db.selectFrom("document_receipts as r").innerJoin("members as m", "m.id", "r.member_id")
        .select(["r.member_id", "m.full_name", "r.delivered_at", "r.opened_at", "r.acknowledged_at", "r.reminded_at", "r.channel", "r.on_behalf_of"])
        .where("r.meeting_id", "=", row.id).where("r.document_id", "=", documentId).orderBy("m.sort_key").orderBy("m.id").execute())
    return {
      items: rows.map((r) => ({
        memberId: r.member_id as MemberId,
        fullName: r.full_name,
        deliveredAt: formatInstant(r.delivered_at),
        openedAt: r.opened_at ? formatInstant(r.opened_at) : null,
        acknowledgedAt: r.acknowledged_at ? formatInstant(r.acknowledged_at) : null,
        remindedAt: r.reminded_at ? formatInstant(r.reminded_at) : null,
        channel: r.channel as Channel | null,
        onBehalfOf: r.on_behalf_of as MemberId | null
      }))
    }
  })

/**
 * A member opened (or acknowledged having read) a document; a secretary may record it for a
 * member who read it on paper (assisted mode). Idempotent: the first time is kept.
 *
 * @since 0.2.0
 * @category commands
 */
export const mark = (meetingId: string, documentId: string, what: "opened" | "acknowledged", input: { readonly memberId?: string | undefined; readonly channel?: Channel | undefined }) =>
  Effect.gen(function*() {
    const self = input.memberId === undefined
    const { row, actor: who } = yield* authorize(meetingId, self ? "meeting.attend" : "meetings.manage")
    const memberId = input.memberId ?? who.memberId
    if (!memberId) return yield* notFound({ vi: "Không tìm thấy đảng viên", en: "Member not found" })
    const assisted = memberId !== who.memberId
    const at = yield* now
    const updated = yield* query("mark document", (db) =>
      db.updateTable("document_receipts").set((eb) => ({
        opened_at: eb.fn.coalesce("opened_at", eb.val(at)),
        ...(what === "acknowledged" ? { acknowledged_at: eb.fn.coalesce("acknowledged_at", eb.val(at)) } : {}),
        ...(assisted ? { recorded_by: who.accountId, on_behalf_of: memberId, channel: input.channel ?? "paper" } : { channel: input.channel ?? "app" })
      })).where("meeting_id", "=", row.id).where("document_id", "=", documentId).where("member_id", "=", memberId)
        .returning(["opened_at", "acknowledged_at"]).executeTakeFirst())
    if (!updated) return yield* notFound({ vi: "Tài liệu không được gửi cho đảng viên này", en: "This document was not sent to this member" })
    yield* Audit.record({ action: `meeting.document.${what}`, orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { documentId, memberId, assisted } })
    return yield* list(meetingId)
  })

/** A member is reminded of a meeting's documents at most once in this time. @since 0.4.0 @category constants */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000

/**
 * Reminds every invited member who has not opened a document of the meeting, unless reminded in
 * the last hour ({@link REMINDER_INTERVAL_MS}). Returns how many members were reminded (each once,
 * whatever the number of documents).
 *
 * @since 0.2.0
 * @category commands
 */
export const remind = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.manage")
    if (!["scheduled", "in_progress"].includes(row.status)) {
      return yield* conflict({ vi: "Chỉ nhắc trước hoặc trong cuộc họp", en: "Reminders go out before or during the meeting" })
    }
    const at = yield* now
    const t = localParts(row.starts_at)
    const date = `${pad(t.day)}/${pad(t.month)}/${t.year}`
    return yield* transactionally(Effect.gen(function*() {
      // a member reminded within the hour is not reminded again: a second press sends nothing twice
      const pending = yield* query("not opened", (db) =>
        db.updateTable("document_receipts").set({ reminded_at: at }).where("meeting_id", "=", row.id).where("opened_at", "is", null)
          .where((eb) => eb.or([eb("reminded_at", "is", null), eb("reminded_at", "<", new Date(at.getTime() - REMINDER_INTERVAL_MS))]))
          .returning("member_id").execute())
      const members = [...new Set(pending.map((p) => p.member_id))]
      yield* Inbox.deliver(yield* recipientsOf(members), {
        kind: "meeting.document_reminder",
        text: {
          vi: `Nhắc: đồng chí chưa đọc tài liệu cho cuộc họp ${row.org_name} ngày ${date}`,
          en: `Reminder: you have not opened the documents for the ${row.org_name} meeting of ${date}`
        },
        meetingId: row.id
      })
      yield* Audit.record({ action: "meeting.document.remind", orgId: row.org_id, targetType: "meeting", targetId: row.id, detail: { reminded: members.length } })
      return { reminded: members.length }
    }))
  })

// ---------------------------------------------------------------------------------------------
// Printable invitation and iCalendar

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const pad = (n: number) => String(n).padStart(2, "0")

/**
 * The invitation as an HTML page for printing on A4 (for members without a smartphone), addressed
 * to one member when `memberId` is given (or to the actor, a member), else to the whole cell.
 *
 * @since 0.2.0
 * @category queries
 */
export const invitationHtml = (meetingId: string, memberId?: string) =>
  Effect.gen(function*() {
    const { row, actor, view } = yield* authorize(meetingId, "meetings.read")
    const addresseeId = view === "full" ? memberId : actor.memberId
    const addressee = addresseeId
      ? yield* query("addressee", (db) =>
        db.selectFrom("meeting_participants as p").innerJoin("members as m", "m.id", "p.member_id").select("m.full_name")
          .where("p.meeting_id", "=", row.id).where("p.member_id", "=", addresseeId).executeTakeFirst())
      : undefined
    if (addresseeId && memberId && !addressee) return yield* notFound({ vi: "Không tìm thấy đảng viên", en: "Member not found" })
    const parent = yield* query("parent", (db) =>
      db.selectFrom("organizations as o").innerJoin("organizations as p", "p.id", "o.parent_id").select("p.name").where("o.id", "=", row.org_id).executeTakeFirst())
    const docs = yield* query("documents", (db) =>
      db.selectFrom("meeting_documents as md").innerJoin("documents as d", "d.id", "md.document_id").select(["d.symbol", "d.title"])
        .where("md.meeting_id", "=", row.id).orderBy("md.attached_at").execute())
    const t = localParts(row.starts_at)
    // the page is dated the day it is issued (printed), as a Party document is
    const issued = localParts(new Date(yield* Clock.currentTimeMillis))
    const cancelled = row.status === "cancelled"
    const kind = KIND_TEXT[row.kind as MeetingKind].vi
    const agenda = row.agenda.length > 0 ? `<ol>${row.agenda.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ol>` : ""
    const docList = docs.length > 0
      ? `<p><strong>Tài liệu nghiên cứu trước:</strong></p><ul>${docs.map((d) => `<li>${escapeHtml(d.symbol)} — ${escapeHtml(d.title)}</li>`).join("")}</ul>`
      : ""
    return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Giấy mời — ${escapeHtml(row.org_name)}</title>
<style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.5; color: #000; max-width: 160mm; margin: 0 auto; }
header { display: flex; justify-content: space-between; text-align: center; }
header div { width: 48%; }
h1 { text-align: center; font-size: 16pt; margin: 12mm 0 6mm; }
.signature { margin-top: 12mm; margin-left: 50%; text-align: center; }
@media print { body { margin: 0; } a { color: #000; text-decoration: none; } }
</style>
</head>
<body>
<header>
<div>${escapeHtml(parent?.name.toUpperCase() ?? "")}<br><strong>${escapeHtml(row.org_name.toUpperCase())}</strong><br>*</div>
<div><strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong><br><em>ngày ${pad(issued.day)} tháng ${pad(issued.month)} năm ${issued.year}</em></div>
</header>
<h1>${cancelled ? "THÔNG BÁO HỦY CUỘC HỌP" : "GIẤY MỜI"}</h1>
<p>Kính gửi: ${addressee ? `đồng chí <strong>${escapeHtml(addressee.full_name)}</strong>` : "các đồng chí đảng viên trong chi bộ"}</p>
${cancelled
      ? `<p>${escapeHtml(row.org_name)} thông báo: ${escapeHtml(kind)} dưới đây <strong>đã bị hủy</strong>${row.cancelled_reason ? `. Lý do: ${escapeHtml(row.cancelled_reason)}` : ""}.</p>`
      : `<p>${escapeHtml(row.org_name)} trân trọng kính mời đồng chí dự ${escapeHtml(kind)}.</p>`}
<p><strong>Thời gian:</strong> ${pad(t.hour)} giờ ${pad(t.minute)} phút, ngày ${pad(t.day)} tháng ${pad(t.month)} năm ${t.year} (giờ Việt Nam).</p>
<p><strong>Địa điểm:</strong> ${escapeHtml(row.place)}</p>
<p><strong>Nội dung:</strong> ${escapeHtml(row.topic)}</p>
${agenda}
${docList}
${cancelled ? "" : "<p>Đề nghị đồng chí đến dự đầy đủ, đúng giờ; nếu vắng mặt, báo cáo lý do với đồng chí bí thư chi bộ.</p>"}
<div class="signature"><strong>T/M CHI BỘ<br>BÍ THƯ</strong><br><br><br><br></div>
</body>
</html>
`
  })

const icsText = (text: string) => text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n")

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
const fold = (line: string) => {
  const out: Array<string> = []
  let current = ""
  let bytes = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current)
      current = ""
      bytes = 0
    }
    current += ch
    bytes += size
  }
  out.push(current)
  return out.join("\r\n ")
}

const icsLocal = (d: Date) => {
  const t = localParts(d)
  return `${t.year}${pad(t.month)}${pad(t.day)}T${pad(t.hour)}${pad(t.minute)}${pad(t.second)}`
}

const icsUtc = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")

/**
 * The meeting as an iCalendar (RFC 5545) event in Asia/Ho_Chi_Minh, for members' own calendars.
 * A cancelled meeting is published as `STATUS:CANCELLED` so calendars remove it; `SEQUENCE` grows
 * with every change of the meeting, so that calendars take a new time or place.
 *
 * @since 0.2.0
 * @category queries
 */
export const ics = (meetingId: string) =>
  Effect.gen(function*() {
    const { row } = yield* authorize(meetingId, "meetings.read")
    const end = row.ends_at ?? new Date(row.starts_at.getTime() + 2 * 60 * 60 * 1000)
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Sotay//So tay dang vien dien tu//VI",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VTIMEZONE",
      "TZID:Asia/Ho_Chi_Minh",
      "BEGIN:STANDARD",
      "DTSTART:19750613T000000",
      "TZOFFSETFROM:+0700",
      "TZOFFSETTO:+0700",
      "TZNAME:ICT",
      "END:STANDARD",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      `UID:${row.id}@sotay`,
      `DTSTAMP:${icsUtc(row.updated_at)}`,
      // a revision number that grows with every change (seconds since the meeting was created at
      // its last change), so that calendars replace the event they hold
      `SEQUENCE:${Math.max(0, Math.floor((row.updated_at.getTime() - row.created_at.getTime()) / 1000))}`,
      `LAST-MODIFIED:${icsUtc(row.updated_at)}`,
      `DTSTART;TZID=Asia/Ho_Chi_Minh:${icsLocal(row.starts_at)}`,
      `DTEND;TZID=Asia/Ho_Chi_Minh:${icsLocal(end)}`,
      `SUMMARY:${icsText(`${row.org_name}: ${KIND_TEXT[row.kind as MeetingKind].vi}`)}`,
      `LOCATION:${icsText(row.place)}`,
      `DESCRIPTION:${icsText([row.topic, ...row.agenda.map((a, i) => `${i + 1}. ${a}`)].join("\n"))}`,
      `STATUS:${row.status === "cancelled" ? "CANCELLED" : row.status === "draft" ? "TENTATIVE" : "CONFIRMED"}`,
      "END:VEVENT",
      "END:VCALENDAR"
    ]
    return lines.map(fold).join("\r\n") + "\r\n"
  })
