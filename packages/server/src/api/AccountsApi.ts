/**
 * The accounts group: administration of members' accounts, assisted activation by a secretary,
 * role assignments and anonymization.
 *
 * @since 0.2.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Account, DataSubject, Errors, Ids } from "@sotay/core"
import { Schema } from "effect"
import { Authentication, MemberPath, OrgPath } from "./Common.js"

const AssistedResult = Schema.Struct({
  ...Account.AccountState.fields,
  assistance: Account.Assistance
}).annotations({ identifier: "AssistedActivationResult" })

/** @since 0.2.0 @category groups */
export class AccountsApi extends HttpApiGroup.make("accounts")
  .add(
    HttpApiEndpoint.put("setAccountStatus", "/members/:memberId/account/status")
      .setPath(MemberPath)
      .setPayload(Account.AccountStatusChange)
      .addSuccess(Account.AccountState)
      .annotate(OpenApi.Summary, "Lock, disable or re-enable a member's account (its next request answers 401)")
  )
  .add(
    HttpApiEndpoint.post("requestAssistedActivation", "/members/:memberId/activation")
      .setPath(MemberPath)
      .setPayload(Account.AssistedActivationRequest)
      .addSuccess(Account.CodeSent, { status: 202 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Assisted mode: send an activation code to the member's phone")
  )
  .add(
    HttpApiEndpoint.post("confirmAssistedActivation", "/members/:memberId/activation/confirm")
      .setPath(MemberPath)
      .setPayload(Account.AssistedActivation)
      .addSuccess(AssistedResult)
      .annotate(OpenApi.Summary, "Assisted mode: activate with the code the member received and the password they chose")
  )
  .add(
    HttpApiEndpoint.post("anonymizeMember", "/members/:memberId/anonymize")
      .setPath(MemberPath)
      .addSuccess(DataSubject.Anonymized)
      .annotate(OpenApi.Summary, "Anonymize a deceased or removed member's personal fields after the retention period")
  )
  .add(
    HttpApiEndpoint.get("listRoles", "/orgs/:orgId/roles")
      .setPath(OrgPath)
      .addSuccess(Schema.Array(Account.RoleGrant))
      .annotate(OpenApi.Summary, "Role assignments at an organization and below it")
  )
  .add(
    HttpApiEndpoint.post("grantRole", "/orgs/:orgId/roles")
      .setPath(OrgPath)
      .setPayload(Account.RoleGrantRequest)
      .addSuccess(Account.RoleGrant, { status: 201 })
      .annotate(OpenApi.Summary, "Grant a role at an organization to a member of it")
  )
  .add(
    HttpApiEndpoint.del("revokeRole", "/roles/:roleAssignmentId")
      .setPath(Schema.Struct({ roleAssignmentId: Ids.RoleAssignmentId }))
      .addSuccess(Schema.Void)
      .annotate(OpenApi.Summary, "Remove a role assignment")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Accounts and roles")
{}
