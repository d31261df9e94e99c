/**
 * The API with every group's handlers.
 *
 * @since 0.1.0
 */
import { HttpApiBuilder } from "@effect/platform"
import { Layer } from "effect"
import { SotayApi } from "../api/Api.js"
import { AuthenticationLive, AuthLive, MeLive } from "./AuthHttp.js"
import { InboxLive, MeetingReportsLive, MeetingsLive } from "./MeetingsHttp.js"
import { MembersLive } from "./MembersHttp.js"
import { OrgsLive } from "./OrgsHttp.js"
import { ReportsLive } from "./ReportsHttp.js"
import { SystemLive } from "./SystemHttp.js"

/**
 * The API with every handler; needs the store (`Database`, `StoreInfo`).
 *
 * @since 0.1.0
 * @category layers
 */
export const ApiLive = HttpApiBuilder.api(SotayApi).pipe(
  Layer.provide([SystemLive, AuthLive, MeLive, OrgsLive, MembersLive, ReportsLive, MeetingsLive, MeetingReportsLive, InboxLive]),
  Layer.provide(AuthenticationLive)
)
