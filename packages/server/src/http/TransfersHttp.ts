/**
 * Handlers of the transfers group.
 *
 * @since 0.2.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Transfers } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.2.0 @category layers */
export const TransfersLive = HttpApiBuilder.group(SotayApi, "transfers", (handlers) =>
  handlers
    .handle("issueTransfer", ({ path, payload }) => inRequest(Transfers.issue(path.memberId, payload)))
    .handle("receiveTransfer", ({ path, payload }) => inRequest(Transfers.receive(path.transferId, payload.on)))
    .handle("cancelTransfer", ({ path }) => inRequest(Transfers.cancel(path.transferId)))
    .handle("endTransfer", ({ path, payload }) => inRequest(Transfers.end(path.transferId, payload.on)))
    .handle("listTransfers", ({ path, urlParams }) =>
      inRequest(Transfers.list(path.orgId, { direction: urlParams.direction ?? "incoming", status: urlParams.status })))
    .handle("listPlacements", ({ path }) => inRequest(Transfers.placements(path.orgId))))
