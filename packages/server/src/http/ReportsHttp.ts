/**
 * Handlers of the reports group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Reports } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.1.0 @category layers */
export const ReportsLive = HttpApiBuilder.group(SotayApi, "reports", (handlers) =>
  handlers.handle("adoption", ({ path }) => inRequest(Reports.adoption(path.orgId))))
