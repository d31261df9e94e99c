/**
 * Handlers of the registrations group.
 *
 * @since 0.2.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Registrations } from "@sotay/core"
import { SotayApi } from "../api/Api.js"
import { inRequest } from "./Request.js"

/** @since 0.2.0 @category layers */
export const RegistrationsLive = HttpApiBuilder.group(SotayApi, "registrations", (handlers) =>
  handlers
    .handle("submitRegistration", ({ payload }) => inRequest(Registrations.submit(payload)))
    .handle("verifyRegistration", ({ path, payload }) => inRequest(Registrations.verify(path.id, payload.code)))
    .handle("listRegistrations", ({ path, urlParams }) => inRequest(Registrations.list(path.orgId, urlParams)))
    .handle("approveRegistration", ({ path }) => inRequest(Registrations.approve(path.id)))
    .handle("rejectRegistration", ({ path, payload }) => inRequest(Registrations.reject(path.id, payload.reason))))
