/** Where bundles are kept: packages/server/node_modules/.cache/sotay (ignored by git). */
export declare const CACHE: string
/** The path of an up-to-date bundle of `entry` (an absolute path to a .ts file) named `name`. */
export declare const bundle: (entry: string, name: string) => Promise<string>
