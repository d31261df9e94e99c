/**
 * The HTTP contract of the reference server (DESIGN.md §5). Contract only: no handlers here.
 *
 * @since 0.1.0
 */
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, OpenApi } from "@effect/platform"
import { Account, CurrentActor, Errors, Ids, Import, Member, Organization, Report } from "@sotay/core"
import { Schema } from "effect"

/**
 * Bearer authentication: resolves the token to the acting user on every request.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Authentication extends HttpApiMiddleware.Tag<Authentication>()("@sotay/server/Authentication", {
  failure: Errors.Unauthenticated.annotations(HttpApiSchema.annotations({ status: 401 })),
  provides: CurrentActor.CurrentActor,
  security: { bearer: HttpApiSecurity.bearer }
}) {}

const OrgPath = Schema.Struct({ orgId: Ids.OrgId })
const MemberPath = Schema.Struct({ memberId: Ids.MemberId })

/** A limit given as a query parameter. */
const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 200))

const Health = Schema.Struct({
  status: Schema.Literal("ok"),
  store: Schema.Struct({ engine: Schema.String, location: Schema.String }),
  migrations: Schema.Struct({ applied: Schema.Array(Schema.String), latest: Schema.NullOr(Schema.String), current: Schema.Boolean }),
  version: Schema.String
}).annotations({ identifier: "Health" })

const OrganizationPage = Schema.Struct({
  items: Schema.Array(Organization.Organization),
  nextCursor: Schema.NullOr(Schema.String)
}).annotations({ identifier: "OrganizationPage" })

/** @since 0.1.0 @category groups */
export class SystemApi extends HttpApiGroup.make("system", { topLevel: true })
  .add(
    HttpApiEndpoint.get("health", "/health")
      .addSuccess(Health)
      .annotate(OpenApi.Summary, "Store and migration state")
  )
{}

/** @since 0.1.0 @category groups */
export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("login", "/auth/login")
      .setPayload(Account.LoginRequest)
      .addSuccess(Account.Session)
      .addError(Errors.Unauthenticated, { status: 401 })
      .addError(Errors.RateLimited, { status: 429 })
      .annotate(OpenApi.Summary, "Sign in with a username, a phone number or a Party card number")
  )
  .add(
    HttpApiEndpoint.post("logout", "/auth/logout")
      .addSuccess(Schema.Void)
      .middleware(Authentication)
      .annotate(OpenApi.Summary, "End the current session")
  )
  .annotate(OpenApi.Title, "Auth")
{}

/** @since 0.1.0 @category groups */
export class MeApi extends HttpApiGroup.make("me")
  .add(HttpApiEndpoint.get("getMe", "/me").addSuccess(Account.Me))
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Me")
{}

/** @since 0.1.0 @category groups */
export class OrgsApi extends HttpApiGroup.make("orgs")
  .add(
    HttpApiEndpoint.get("getOrg", "/orgs/:orgId")
      .setPath(OrgPath)
      .addSuccess(Organization.Organization)
  )
  .add(
    HttpApiEndpoint.get("listChildren", "/orgs/:orgId/children")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ limit: Schema.optional(Limit), cursor: Schema.optional(Schema.String) }))
      .addSuccess(OrganizationPage)
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Organizations")
{}

/** @since 0.1.0 @category groups */
export class MembersApi extends HttpApiGroup.make("members")
  .add(
    HttpApiEndpoint.get("listMembers", "/orgs/:orgId/members")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({
        q: Schema.optional(Schema.String.pipe(Schema.maxLength(100))),
        status: Schema.optional(Schema.String),
        limit: Schema.optional(Limit),
        cursor: Schema.optional(Schema.String.pipe(Schema.maxLength(1000)))
      }))
      .addSuccess(Member.MemberPage)
      .annotate(OpenApi.Summary, "Members of an organization's subtree, in Vietnamese name order")
  )
  .add(
    HttpApiEndpoint.get("getMember", "/members/:memberId")
      .setPath(MemberPath)
      .addSuccess(Schema.Union(Member.Member, Member.MemberListItem))
  )
  .add(
    HttpApiEndpoint.patch("updateMember", "/members/:memberId")
      .setPath(MemberPath)
      .setPayload(Member.MemberUpdate)
      .addSuccess(Member.Member)
  )
  .add(
    HttpApiEndpoint.post("importMembers", "/orgs/:orgId/members/import")
      .setPath(OrgPath)
      .setUrlParams(Schema.Struct({ dryRun: Schema.optional(Schema.BooleanFromString) }))
      .setPayload(HttpApiSchema.Text({ contentType: "text/csv" }))
      .addSuccess(Import.ImportReport)
      .addError(Import.ImportRejected, { status: 422 })
      .annotate(OpenApi.Summary, "Import a registry file (CSV, UTF-8); dryRun=true reports without writing")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Members")
{}

/** @since 0.1.0 @category groups */
export class ReportsApi extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("adoption", "/orgs/:orgId/reports/adoption")
      .setPath(OrgPath)
      .addSuccess(Report.AdoptionReport)
      .annotate(OpenApi.Summary, "App adoption of an organization and each of its children")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Reports")
{}

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
