/**
 * The registrations group: self-registration of a member the registry has no phone for, and its
 * review by the cell secretary.
 *
 * @since 0.2.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Account, Errors, Ids } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, Limit, OrgPath } from "./Common.js"

const RegistrationPath = Schema.Struct({ id: Ids.RegistrationId })

/** @since 0.2.0 @category groups */
export class RegistrationsApi extends HttpApiGroup.make("registrations")
  .add(
    HttpApiEndpoint.post("submitRegistration", "/registrations")
      .setPayload(Account.RegistrationRequest)
      .addSuccess(Account.RegistrationReceipt, { status: 202 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Register (name, date of birth, citizen id, Party card, cell, phone, password); a code is sent to the phone")
  )
  .add(
    HttpApiEndpoint.post("verifyRegistration", "/registrations/:id/verify")
      .setPath(RegistrationPath)
      .setPayload(Account.RegistrationVerification)
      .addSuccess(Account.RegistrationReceipt)
      .annotate(OpenApi.Summary, "Confirm the phone with the code; the registration then waits for the cell secretary")
  )
  .add(
    HttpApiEndpoint.get("listRegistrations", "/orgs/:orgId/registrations")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({
        status: Schema.optional(Account.RegistrationStatus),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(Account.RegistrationPage)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "Registrations of an organization's subtree (default: waiting for approval)")
  )
  .add(
    HttpApiEndpoint.post("approveRegistration", "/registrations/:id/approve")
      .setPath(RegistrationPath)
      .addSuccess(Account.Registration)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "Approve: the member's account becomes active")
  )
  .add(
    HttpApiEndpoint.post("rejectRegistration", "/registrations/:id/reject")
      .setPath(RegistrationPath)
      .setPayload(Account.RegistrationRejection)
      .addSuccess(Account.Registration)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "Reject with a reason, sent to the registrant")
  )
  .annotate(OpenApi.Title, "Registrations")
{}
