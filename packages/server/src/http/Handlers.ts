/**
 * The API with every group's handlers.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Layer } from "effect"
import { SotayApi } from "../api/Api.js"
import { AccountsLive } from "./AccountsHttp.js"
import { AuditLive } from "./AuditHttp.js"
import { AuthenticationLive, AuthLive, MeLive } from "./AuthHttp.js"
import { InboxLive, MeetingReportsLive, MeetingsLive } from "./MeetingsHttp.js"
import { MembersLive } from "./MembersHttp.js"
import { OrgsLive } from "./OrgsHttp.js"
import { RegistrationsLive } from "./RegistrationsHttp.js"
import { ReportsLive } from "./ReportsHttp.js"
import { SystemLive } from "./SystemHttp.js"
import { TransfersLive } from "./TransfersHttp.js"

/**
 * The API with every handler; needs the store (`Database`, `StoreInfo`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ApiLive = HttpApiBuilder.api(SotayApi).pipe(
  Layer.provide([
    SystemLive, AuthLive, MeLive, OrgsLive, MembersLive, ReportsLive, RegistrationsLive, AccountsLive, AuditLive, TransfersLive,
    MeetingsLive, MeetingReportsLive, InboxLive
  ]),
  Layer.provide(AuthenticationLive)
)
