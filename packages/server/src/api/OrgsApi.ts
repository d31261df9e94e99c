/**
 * The orgs group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Organization } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit, OrgPath } from "./Common.js"

const OrganizationPage = Schema.Struct({
  items: Schema.Array(Organization.Organization),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "OrganizationPage" })

const OrgWarningList = Schema.Struct({ items: Schema.Array(Organization.OrgWarning) }).annotations({ identifier: "OrgWarningList" })

/** @since 0.1.0 @category groups */
export class OrgsApi extends HttpApiGroup.make("orgs")
  .add(
    HttpApiEndpoint.get("getOrg", "/orgs/:orgId")
      .setPath(OrgPath)
      .addSuccess(Organization.Organization)
  )
  .add(
    HttpApiEndpoint.get("listChildren", "/orgs/:orgId/children")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ limit: Schema.optional(Limit), cursor: Schema.optional(Schema.String) }))
      .addSuccess(OrganizationPage)
  )
  .add(
    HttpApiEndpoint.post("createOrg", "/orgs/:orgId/children")
      .setPath(OrgPath)
      .setPayload(Organization.NewOrganizationRequest)
      .addSuccess(Organization.OrgChange, { status: 201 })
      .annotate(OpenApi.Summary, "Create an organization under this one (committee staff)")
  )
  .add(
    HttpApiEndpoint.patch("renameOrg", "/orgs/:orgId")
      .setPath(OrgPath)
      .setPayload(Organization.RenameOrganizationRequest)
      .addSuccess(Organization.OrgChange)
  )
  .add(
    HttpApiEndpoint.post("moveOrg", "/orgs/:orgId/move")
      .setPath(OrgPath)
      .setPayload(Organization.MoveOrganizationRequest)
      .addSuccess(Organization.OrgChange)
      .annotate(OpenApi.Summary, "Move the organization and its subtree under a new parent")
  )
  .add(
    HttpApiEndpoint.post("mergeOrg", "/orgs/:orgId/merge")
      .setPath(OrgPath)
      .setPayload(Organization.MergeOrganizationRequest)
      .addSuccess(Organization.OrgMerge)
      .annotate(OpenApi.Summary, "Merge this organization into another: members, meetings, history and children follow; this one is kept as merged")
      .annotate(
        OpenApi.Description,
        "The roles held at the merged organization end (each recorded in the audit log) and are listed in `endedRoles`: they are not carried over to the absorbing organization; reassign them there."
      )
  )
  .add(
    HttpApiEndpoint.post("dissolveOrg", "/orgs/:orgId/dissolve")
      .setPath(OrgPath)
      .addSuccess(Organization.OrgDissolution)
      .annotate(OpenApi.Summary, "Dissolve an empty organization; the roles held there end and are listed in `endedRoles`")
  )
  .add(
    HttpApiEndpoint.get("orgWarnings", "/orgs/:orgId/warnings")
      .setPath(OrgPath)
      .addSuccess(OrgWarningList)
      .annotate(OpenApi.Summary, "Cell constraints of the subtree (≥ 3 official members; a cell committee only from 9), as warnings")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Organizations")
{}
