import pg from "pg"
const seen: string[] = []
let on = false
const orig = pg.Client.prototype.query
;(pg.Client.prototype as any).query = function(this: any, ...args: any[]) { if (on) seen.push(String(typeof args[0] === "string" ? args[0] : args[0]?.text).replace(/\s+/g, " ").slice(0, 140)); return (orig as any).apply(this, args) }
;(globalThis as any).__dbg = { start: () => { on = true }, stop: () => { on = false; console.log(seen.join("\n")) } }
