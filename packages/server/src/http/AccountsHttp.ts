/**
 * Handlers of the accounts group.
 *
 * @since 0.2.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Accounts, DataSubject, Roles } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.2.0 @category layers */
export const AccountsLive = HttpApiBuilder.group(SotayApi, "accounts", (handlers) =>
  handlers
    .handle("setAccountStatus", ({ path, payload }) => inRequest(Accounts.setStatus(path.memberId, payload.status, payload.reason)))
    .handle("requestAssistedActivation", ({ path, payload }) => inRequest(Accounts.requestAssistedActivation(path.memberId, payload.channel)))
    .handle("confirmAssistedActivation", ({ path, payload }) =>
      inRequest(Accounts.confirmAssistedActivation(path.memberId, payload.channel, payload.code, payload.password)))
    .handle("anonymizeMember", ({ path }) => inRequest(DataSubject.anonymize(path.memberId)))
    .handle("listRoles", ({ path }) => inRequest(Roles.list(path.orgId)))
    .handle("grantRole", ({ path, payload }) => inRequest(Roles.grant(path.orgId, payload.memberId, payload.role)))
    .handle("revokeRole", ({ path }) => inRequest(Roles.revoke(path.roleAssignmentId))))
