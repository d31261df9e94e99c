/**
 * The members group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { Import, Member } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit, MemberPath, OrgPath } from "./Common.js"

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
      .setPayload(HttpApiSchema.Text({ contentType: "text/csv" }))
      .addSuccess(Import.ImportReport)
      .addError(Import.ImportRejected, { status: 422 })
      .annotate(OpenApi.Summary, "Import a registry file (CSV, UTF-8); dryRun=true reports without writing")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Members")
{}
