/**
 * The transfers group of the HTTP contract: introduction letters (chuyển sinh hoạt đảng) and the
 * placements they leave.
 *
 * @since 0.2.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Transfer } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, MemberPath, OrgPath } from "./Common.js"

/** The `{transferId}` path parameter. */
const TransferPath = Schema.Struct({ transferId: Schema.UUID })

/** @since 0.2.0 @category groups */
export class TransfersApi extends HttpApiGroup.make("transfers")
  .add(
    HttpApiEndpoint.post("issueTransfer", "/members/:memberId/transfers")
      .setPath(MemberPath)
      .setPayload(Transfer.TransferRequest)
      .addSuccess(Transfer.Transfer, { status: 201 })
      .annotate(OpenApi.Summary, "The releasing organization issues an introduction letter (official, or temporary with an end date)")
  )
  .add(
    HttpApiEndpoint.post("receiveTransfer", "/transfers/:transferId/receive")
      .setPath(TransferPath)
      .setPayload(Transfer.TransferDate)
      .addSuccess(Transfer.Transfer)
      .annotate(OpenApi.Summary, "The receiving organization accepts the letter; an official transfer moves the member (and their access) now")
  )
  .add(
    HttpApiEndpoint.post("cancelTransfer", "/transfers/:transferId/cancel")
      .setPath(TransferPath)
      .addSuccess(Transfer.Transfer)
  )
  .add(
    HttpApiEndpoint.post("endTransfer", "/transfers/:transferId/end")
      .setPath(TransferPath)
      .setPayload(Transfer.TransferDate)
      .addSuccess(Transfer.Transfer)
      .annotate(OpenApi.Summary, "End a temporary placement: the member returns")
  )
  .add(
    HttpApiEndpoint.get("listTransfers", "/orgs/:orgId/transfers")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({
        direction: Schema.optional(Schema.Literal("incoming", "outgoing")),
        status: Schema.optional(Transfer.TransferStatus)
      }))
      .addSuccess(Transfer.TransferList)
      .annotate(OpenApi.Summary, "Letters to accept in the subtree (incoming) or issued from it (outgoing); overdue ones flagged")
  )
  .add(
    HttpApiEndpoint.get("listPlacements", "/orgs/:orgId/placements")
      .setPath(OrgPath)
      .addSuccess(Transfer.PlacementList)
      .annotate(OpenApi.Summary, "Who takes part in a cell's activities: its members and those temporarily placed there (not in its headcount)")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Transfers")
{}
