/**
 * Writes the OpenAPI document of the API to `packages/client/openapi.json`, from which the client
 * SDK's types are generated (`npm run generate --workspace @sotay/client`).
 */
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { openApiDocument } from "../src/api/OpenApi.js"

const target = fileURLToPath(new URL("../../client/openapi.json", import.meta.url))
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`)
console.log(`wrote ${target}`)
