/**
 * The OpenAPI document of {@link SotayApi}, as served at `/openapi.json`.
 *
 * @since 0.1.0
 */
import { OpenApi } from "@effect/platform"
import { SotayApi } from "./Api.js"

/**
 * The document, with keys in a stable order.
 *
 * @since 0.1.0
 * @category constructors
 */
export const openApiDocument = () => OpenApi.fromApi(SotayApi)
