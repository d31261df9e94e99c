/**
 * Handlers of the members group.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { MemberImport, Members } from "@sotay/core"
import { Effect } from "effect"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.1.0 @category layers */
export const MembersLive = HttpApiBuilder.group(SotayApi, "members", (handlers) =>
  handlers
    .handle("listMembers", ({ path, urlParams }) =>
      inRequest(Effect.gen(function*() {
        const status = yield* Members.parseStatusFilter(urlParams.status)
        return yield* Members.list(path.orgId, { q: urlParams.q, status, limit: urlParams.limit, cursor: urlParams.cursor })
      })))
    .handle("getMember", ({ path }) => inRequest(Members.get(path.memberId)))
    .handle("updateMember", ({ path, payload }) => inRequest(Members.update(path.memberId, payload)))
    .handle("importMembers", ({ path, urlParams, payload }) =>
      inRequest(MemberImport.importCsv(path.orgId, payload, { dryRun: urlParams.dryRun ?? false }))))
