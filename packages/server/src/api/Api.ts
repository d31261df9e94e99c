/**
 * The HTTP contract of the reference server (DESIGN.md §5): every group, under `/v1`.
 * Contract only: the handlers live in `../http`.
 *
 * @since 0.1.0
 */
import { HttpApi, OpenApi } from "@effect/platform"
import { Errors } from "@sotay/core"
import { AccountsApi } from "./AccountsApi.js"
import { AuditApi } from "./AuditApi.js"
import { AuthApi } from "./AuthApi.js"
import { MeApi } from "./MeApi.js"
import { InboxApi, MeetingReportsApi, MeetingsApi } from "./MeetingsApi.js"
import { MembersApi } from "./MembersApi.js"
import { OrgsApi } from "./OrgsApi.js"
import { RegistrationsApi } from "./RegistrationsApi.js"
import { ReportsApi } from "./ReportsApi.js"
import { SystemApi } from "./SystemApi.js"
import { TransfersApi } from "./TransfersApi.js"

export { Authentication } from "./Common.js"

/**
 * The whole API, under `/v1` (health stays at `/health`).
 *
 * @since 0.1.0
 * @category api
 */
export class SotayApi extends HttpApi.make("sotay")
  .add(AuthApi)
  .add(MeApi)
  .add(OrgsApi)
  .add(MembersApi)
  .add(ReportsApi)
  .add(RegistrationsApi)
  .add(AccountsApi)
  .add(AuditApi)
  .add(TransfersApi)
  .add(MeetingsApi)
  .add(MeetingReportsApi)
  .add(InboxApi)
  .addError(Errors.NotFound, { status: 404 })
  .addError(Errors.Forbidden, { status: 403 })
  .addError(Errors.Conflict, { status: 409 })
  .addError(Errors.ValidationFailed, { status: 400 })
  .addError(Errors.PayloadTooLarge, { status: 413 })
  .prefix("/v1")
  .add(SystemApi)
  .annotate(OpenApi.Title, "Sotay API")
  .annotate(OpenApi.Version, "0.1.0")
  .annotate(OpenApi.Description, "Sổ tay đảng viên điện tử: the Electronic Party Member Handbook's reference API. Human-readable messages follow Accept-Language (vi by default, en).")
{}
