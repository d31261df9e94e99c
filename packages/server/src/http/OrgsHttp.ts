/**
 * Handlers of the organizations group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { OrgChanges, Organizations } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.1.0 @category layers */
export const OrgsLive = HttpApiBuilder.group(SotayApi, "orgs", (handlers) =>
  handlers
    .handle("getOrg", ({ path }) => inRequest(Organizations.get(path.orgId)))
    .handle("listChildren", ({ path, urlParams }) => inRequest(Organizations.children(path.orgId, urlParams)))
    .handle("createOrg", ({ path, payload }) => inRequest(OrgChanges.create(path.orgId, payload)))
    .handle("renameOrg", ({ path, payload }) => inRequest(OrgChanges.rename(path.orgId, payload)))
    .handle("moveOrg", ({ path, payload }) => inRequest(OrgChanges.move(path.orgId, payload.parentId)))
    .handle("mergeOrg", ({ path, payload }) => inRequest(OrgChanges.merge(path.orgId, payload.intoOrgId)))
    .handle("dissolveOrg", ({ path }) => inRequest(OrgChanges.dissolve(path.orgId)))
    .handle("orgWarnings", ({ path }) => inRequest(OrgChanges.subtreeWarnings(path.orgId))))
