/**
 * Handlers of the organizations group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Organizations } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.1.0 @category layers */
export const OrgsLive = HttpApiBuilder.group(SotayApi, "orgs", (handlers) =>
  handlers
    .handle("getOrg", ({ path }) => inRequest(Organizations.get(path.orgId)))
    .handle("listChildren", ({ path, urlParams }) => inRequest(Organizations.children(path.orgId, urlParams))))
