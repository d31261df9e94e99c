/**
 * Handlers of the members group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder, HttpServerResponse } from "@effect/platform"
import { type CurrentActor, Database, Errors, MemberExport, MemberImport, Members, MemberTransitions } from "@sotay/core"
import { NodeStream } from "@effect/platform-node"
import { Effect, Stream } from "effect"
import { createReadStream, createWriteStream } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SotayApi } from "../api/Api.js"
import { notAWorkbookText, XLSX_TYPE, toXlsx, xlsxRecords } from "../registry/Xlsx.js"
import { CSV_LIMIT_BYTES, inRequest } from "./Request.js"

/** Media types a CSV upload may come with (Windows labels .csv files as Excel's). */
const CSV_TYPES = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"]

/**
 * Writes an upload to a file of its own in a temporary folder, removed when the scope closes;
 * fails with 413 past {@link CSV_LIMIT_BYTES}.
 */
const spool = <E>(upload: Stream.Stream<Uint8Array, E>) =>
  Effect.gen(function*() {
    const folder = yield* Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "sotay-upload-"))),
      (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
    )
    const file = join(folder, "upload.csv")
    // closed on every way out (a failed upload leaves nothing open; the folder goes after it)
    const out = yield* Effect.acquireRelease(Effect.sync(() => createWriteStream(file)), (stream) => Effect.sync(() => stream.destroy()))
    let received = 0
    yield* Stream.orDie(upload).pipe(Stream.runForEach((chunk) => {
      received += chunk.byteLength
      if (received > CSV_LIMIT_BYTES) {
        return Effect.fail(new Errors.PayloadTooLarge({ message: "CSV upload over 25 MiB", limitBytes: CSV_LIMIT_BYTES }))
      }
      return Effect.async<void>((resume) => {
        if (out.write(chunk)) resume(Effect.void)
        else out.once("drain", () => resume(Effect.void))
      })
    }))
    yield* Effect.async<void>((resume) => void out.end(() => resume(Effect.void)))
    return file
  })

const dieOnStoreError = <A, E, R>(stream: Stream.Stream<A, E | Database.DatabaseError, R>) =>
  Stream.catchAll(stream, (e) => (e instanceof Database.DatabaseError ? Stream.die(e) : Stream.fail(e as E)))

/** @since 0.1.0 @category layers */
export const MembersLive = HttpApiBuilder.group(SotayApi, "members", (handlers) =>
  handlers
    .handle("listMembers", ({ path, urlParams }) =>
      inRequest(Effect.gen(function*() {
        const status = yield* Members.parseStatusFilter(urlParams.status)
        return yield* Members.list(path.orgId, { q: urlParams.q, status, limit: urlParams.limit, cursor: urlParams.cursor })
      })))
    .handle("getMember", ({ path }) => inRequest(Members.get(path.memberId)))
    .handle("updateMember", ({ path, payload }) => inRequest(Members.update(path.memberId, payload)))
    // The body is streamed through the importer, never held as one string.
    .handleRaw("importMembers", ({ path, request }) =>
      inRequest(Effect.gen(function*() {
        const url = new URL(request.url, "http://localhost")
        const dryRunText = url.searchParams.get("dryRun")
        const dryRun = dryRunText === "true"
        if (dryRunText !== null && dryRunText !== "true" && dryRunText !== "false") {
          return yield* Errors.validationFailed([{ field: "dryRun", text: { vi: "phải là true hoặc false", en: "must be true or false" } }])
        }
        const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()
        if (!CSV_TYPES.includes(contentType) && contentType !== XLSX_TYPE) {
          return yield* Errors.validationFailed([{
            field: "content-type",
            text: { vi: "phải là text/csv hoặc tệp Excel (.xlsx)", en: "must be text/csv or an Excel workbook (.xlsx)" }
          }])
        }
        if (contentType === XLSX_TYPE) {
          const bytes = yield* Effect.orDie(request.arrayBuffer)
          return yield* MemberImport.importRecords(path.orgId, xlsxRecords(new Uint8Array(bytes)), { dryRun }).pipe(
            Effect.catchTag("NotAWorkbook", () => Errors.validationFailed([{ field: "body", text: notAWorkbookText }]))
          )
        }
        // The upload is spooled to a temporary file first (counted as it streams: bodies sent
        // without a content-length too), then streamed from there through the importer, so that a
        // slow upload never holds the import's transaction open.
        const file = yield* spool(request.stream)
        const body = NodeStream.fromReadable(() => createReadStream(file), (cause) => cause).pipe(Stream.orDie)
        return yield* MemberImport.importStream(path.orgId, body, { dryRun })
      }).pipe(Effect.scoped)))
    .handle("exportMembers", ({ path, urlParams, request }) =>
      inRequest(Effect.gen(function*() {
        const context = yield* Effect.context<Database.Database | CurrentActor.CurrentActor>()
        const { org, rows } = yield* MemberExport.open(path.orgId)
        const xlsx = urlParams.format === "xlsx" || (urlParams.format === undefined && (request.headers.accept ?? "").includes(XLSX_TYPE))
        const name = `dang-vien-${org.code}`
        if (xlsx) {
          const bytes = yield* toXlsx(rows)
          return HttpServerResponse.uint8Array(bytes, {
            contentType: XLSX_TYPE,
            headers: { "content-disposition": `attachment; filename="${name}.xlsx"` }
          })
        }
        const body = MemberExport.toCsv(rows).pipe(dieOnStoreError, Stream.provideContext(context), Stream.encodeText)
        return HttpServerResponse.stream(body, {
          contentType: "text/csv; charset=utf-8",
          headers: { "content-disposition": `attachment; filename="${name}.csv"` }
        })
      })))
    .handle("applyTransition", ({ path, payload }) => inRequest(MemberTransitions.apply(path.memberId, payload)))
    .handle("admitMember", ({ path, payload }) => inRequest(MemberTransitions.admit(path.orgId, payload)))
    .handle("getLifecycle", ({ path }) => inRequest(MemberTransitions.get(path.memberId))))
