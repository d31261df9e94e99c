/**
 * QR codes as SVG, for the screen shown at a meeting (its check-in token) and anything printed.
 * Pure: text in, markup out, through `qrcode-generator` (no native code, no canvas).
 *
 * @since 0.3.0
 */
import * as generator from "qrcode-generator"

// The package's types declare `export =`; its ES module exports the factory as `default`.
const qrcode = (generator as unknown as { readonly default?: typeof generator }).default ?? generator

/**
 * An SVG image of `text` (UTF-8) as a QR code, scalable (it fills its box), with error correction level
 * M (15% of the code may be damaged or dirty) and the standard quiet zone of four modules.
 *
 * @since 0.3.0
 * @category rendering
 */
export const qrSvg = (text: string): string => {
  const code = qrcode(0, "M")
  // Byte mode takes one character per byte (its default encoder keeps the low 8 bits): give it
  // the text's UTF-8 bytes, so that Vietnamese reaches the reader intact.
  code.addData(String.fromCharCode(...new TextEncoder().encode(text)), "Byte")
  code.make()
  return code.createSvgTag({ cellSize: 8, margin: 32, scalable: true })
}
