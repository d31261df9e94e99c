/**
 * Handlers of the audit group.
 *
 * @since 0.2.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Audit } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.2.0 @category layers */
export const AuditLive = HttpApiBuilder.group(SotayApi, "audit", (handlers) =>
  handlers.handle("listAudit", ({ urlParams }) => inRequest(Audit.list(urlParams.orgId, urlParams))))
