/**
 * The members group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Errors, Import, Lifecycle, Member } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit, MemberPath, OrgPath } from "./Common.js"

/** The XLSX media type. */
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/** @since 0.1.0 @category groups */
export class MembersApi extends HttpApiGroup.make("members")
  .add(
    HttpApiEndpoint.get("listMembers", "/orgs/:orgId/members")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({
        q: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
        status: Schema.optional(Schema.String),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(Member.MemberPage)
      .annotate(OpenApi.Summary, "Members of an organization's subtree, in Vietnamese name order")
  )
  .add(
    HttpApiEndpoint.get("getMember", "/members/:memberId")
      .setPath(MemberPath)
      .addSuccess(Schema.Union(Member.Member, Member.MemberListItem))
  )
  .add(
    HttpApiEndpoint.patch("updateMember", "/members/:memberId")
      .setPath(MemberPath)
      .setPayload(Member.MemberUpdate)
      .addSuccess(Member.Member)
  )
  .add(
    HttpApiEndpoint.post("importMembers", "/orgs/:orgId/members/import")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ dryRun: Schema.optional(Schema.BooleanFromString) }))
      .setPayload(Schema.Union(
        HttpApiSchema.Text({ contentType: "text/csv" }),
        HttpApiSchema.Uint8Array({ contentType: XLSX_TYPE })
      ))
      .addSuccess(Import.ImportReport)
      .addError(Import.ImportRejected, { status: 422 })
      .annotate(OpenApi.Summary, "Import a registry file (CSV, UTF-8, or an XLSX workbook), streamed; dryRun=true reports without writing")
  )
  .add(
    HttpApiEndpoint.get("exportMembers", "/orgs/:orgId/members/export")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ format: Schema.optional(Schema.Literal("csv", "xlsx")) }))
      .addSuccess(HttpApiSchema.Text({ contentType: "text/csv" }))
      .annotate(OpenApi.Summary, "Export the subtree's registry in the importer's columns: CSV, or XLSX with format=xlsx or Accept: " + XLSX_TYPE)
  )
  .add(
    HttpApiEndpoint.post("applyTransition", "/members/:memberId/transitions")
      .setPath(MemberPath)
      .setPayload(Lifecycle.TransitionRequest)
      .addSuccess(Lifecycle.MemberLifecycle)
      .addError(Errors.InvalidTransition, { status: 409 })
      .annotate(OpenApi.Summary, "Apply a lifecycle decision (recognition, removal, expulsion, exemption, …) with its document's symbol and date")
  )
  .add(
    HttpApiEndpoint.post("admitMember", "/orgs/:orgId/members")
      .setPath(OrgPath)
      .setPayload(Lifecycle.AdmissionRequest)
      .addSuccess(Lifecycle.MemberLifecycle, { status: 201 })
      .annotate(OpenApi.Summary, "Admit a candidate to a cell as a probationary member (decision and ceremony dates)")
  )
  .add(
    HttpApiEndpoint.get("getLifecycle", "/members/:memberId/transitions")
      .setPath(MemberPath)
      .addSuccess(Lifecycle.MemberLifecycle)
      .annotate(OpenApi.Summary, "A member's status history, Party age, probation end and whether recognition is overdue")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Members")
{}
