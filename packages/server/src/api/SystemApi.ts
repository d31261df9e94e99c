/**
 * The system group of the HTTP contract.
 *
 * @since 0.1.0
 */
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "@effect/platform"
import { Schema } from "effect"

const Health = Schema.Struct({
  status: Schema.Literal("ok"),
  store: Schema.Struct({ engine: Schema.String, location: Schema.String }),
  migrations: Schema.Struct({ applied: Schema.Array(Schema.String), latest: Schema.NullOr(Schema.String), current: Schema.Boolean }),
  version: Schema.String
}).annotations({ identifier: "Health" })

/** @since 0.1.0 @category groups */
export class SystemApi extends HttpApiGroup.make("system", { topLevel: true })
  .add(
    HttpApiEndpoint.get("health", "/health")
      .addSuccess(Health)
      .annotate(OpenApi.Summary, "Store and migration state")
  )
{}
