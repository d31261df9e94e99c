/**
 * The reports group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Report } from "@sotay/core"
import { Authentication, OrgPath } from "./Common.js"

/** @since 0.1.0 @category groups */
export class ReportsApi extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("adoption", "/orgs/:orgId/reports/adoption")
      .setPath(OrgPath)
      .addSuccess(Report.AdoptionReport)
      .annotate(OpenApi.Summary, "App adoption of an organization and each of its children")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Reports")
{}
