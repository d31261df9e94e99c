/**
 * Party documents, minimal: the table meetings attach documents from (symbol, kind, issuing
 * organ, issued date, title, confidentiality). The documents issue extends it (search, audience
 * scope, attachments, `GET /v1/documents`).
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { randomUUID } from "node:crypto"
import { notFound, validationFailed } from "../model/Errors.js"
import type { DocumentId } from "../model/Meeting.js"
import { isIsoDate } from "../rules/DateOnly.js"
import { query } from "../store/Database.js"
import type { DocumentsTable } from "../store/Schema.js"

/**
 * A document to store.
 *
 * @since 0.2.0
 * @category models
 */
export interface NewDocument {
  readonly symbol: string
  readonly kind: string
  readonly issuingOrgan: string
  readonly issuedOn: string
  readonly title: string
  readonly confidentiality: "PUBLIC" | "INTERNAL"
}

/** @since 0.2.0 @category conversions */
export const toSummary = (r: Pick<DocumentsTable, "id" | "symbol" | "kind" | "issuing_organ" | "issued_on" | "title" | "confidentiality">) => ({
  id: r.id as DocumentId,
  symbol: r.symbol,
  kind: r.kind,
  issuingOrgan: r.issuing_organ,
  issuedOn: r.issued_on,
  title: r.title,
  confidentiality: r.confidentiality as "PUBLIC" | "INTERNAL"
})

/**
 * Stores documents by symbol; documents already stored are left as they are. Returns how many
 * were created. Classified documents (Mật and above) are never stored (domain brief §12.5).
 *
 * @since 0.2.0
 * @category commands
 */
export const createMany = (docs: ReadonlyArray<NewDocument>) =>
  Effect.gen(function*() {
    const problems = docs.flatMap((d, i) => [
      ...(isIsoDate(d.issuedOn) ? [] : [{ field: `documents[${i}].issuedOn`, text: { vi: "ngày không hợp lệ", en: "not a real date" } }]),
      ...(d.confidentiality === "PUBLIC" || d.confidentiality === "INTERNAL" ? [] : [{ field: `documents[${i}].confidentiality`, text: { vi: "ứng dụng không lưu tài liệu mật", en: "classified documents are not stored" } }])
    ])
    if (problems.length > 0) return yield* validationFailed(problems)
    if (docs.length === 0) return 0
    const result = yield* query("create documents", (db) =>
      db.insertInto("documents").values(docs.map((d) => ({
        id: randomUUID(),
        symbol: d.symbol,
        kind: d.kind,
        issuing_organ: d.issuingOrgan,
        issued_on: d.issuedOn,
        title: d.title,
        confidentiality: d.confidentiality
      }))).onConflict((oc) => oc.column("symbol").doNothing()).executeTakeFirst())
    return Number(result.numInsertedOrUpdatedRows ?? 0)
  })

/**
 * A document by id or by symbol (`339-QĐ/TW`).
 *
 * @since 0.2.0
 * @category queries
 */
export const find = (by: { readonly documentId?: string | undefined; readonly symbol?: string | undefined }) =>
  Effect.gen(function*() {
    if (by.documentId === undefined && by.symbol === undefined) {
      return yield* validationFailed([{ field: "symbol", text: { vi: "cần số ký hiệu hoặc mã tài liệu", en: "give the symbol or the document id" } }])
    }
    const row = yield* query("find document", (db) => {
      let q = db.selectFrom("documents").selectAll()
      if (by.documentId !== undefined) q = q.where("id", "=", by.documentId)
      if (by.symbol !== undefined) q = q.where("symbol", "=", by.symbol.normalize("NFC").trim())
      return q.executeTakeFirst()
    })
    return row ? row : yield* notFound({ vi: "Không tìm thấy tài liệu", en: "Document not found" })
  })
