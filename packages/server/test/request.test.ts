import { describe, expect, it } from "vitest"
import { clientAddressOf, trustedProxiesFromEnv } from "../src/http/Request.js"

describe("the client address", () => {
  const none = trustedProxiesFromEnv({})
  const proxies = trustedProxiesFromEnv({ SOTAY_TRUSTED_PROXIES: "10.0.0.1, 10.0.0.2" })

  it("is the socket's peer unless a trusted proxy is configured", () => {
    expect(none.size).toBe(0)
    expect(clientAddressOf("203.0.113.5", "198.51.100.1", none)).toBe("203.0.113.5")
    expect(clientAddressOf("::ffff:203.0.113.5", undefined, none)).toBe("203.0.113.5")
    expect(clientAddressOf(null, "198.51.100.1", none)).toBeNull()
  })
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddressOf("203.0.113.5", "198.51.100.1", proxies)).toBe("203.0.113.5")
  })
  it("takes the right-most untrusted hop behind trusted proxies, never a client's claim before it", () => {
    expect(clientAddressOf("10.0.0.1", "198.51.100.1", proxies)).toBe("198.51.100.1")
    expect(clientAddressOf("10.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.2", proxies)).toBe("198.51.100.1")
    expect(clientAddressOf("10.0.0.1", undefined, proxies)).toBe("10.0.0.1")
  })
})
