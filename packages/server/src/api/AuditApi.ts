/**
 * The audit group: the trail of a subtree, for committee staff.
 *
 * @since 0.2.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { AuditLog, Ids } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit } from "./Common.js"

/** @since 0.2.0 @category groups */
export class AuditApi extends HttpApiGroup.make("audit")
  .add(
    HttpApiEndpoint.get("listAudit", "/audit")
      .setUrlParams(Schema.Struct({
        orgId: Ids.OrgId,
        action: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(AuditLog.AuditPage)
      .annotate(OpenApi.Summary, "The audit trail of an organization's subtree, newest first (committee staff)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Audit")
{}
