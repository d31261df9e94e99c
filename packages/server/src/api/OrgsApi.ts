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
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Organizations")
{}
