/**
 * Reads back a QR code made by `QrCode.qrSvg`: rasterizes the SVG's dark modules
 * (`M x,y l8,0 0,8 -8,0 0,-8z` each) and decodes the image with jsQR, an independent reader.
 */
import jsqrModule from "jsqr"

// jsqr is a CommonJS bundle whose types declare an ES default export: under NodeNext the default
// import is the module object; at run time it may be either.
type Decode = typeof jsqrModule.default
const jsQR: Decode = (jsqrModule as unknown as { default?: Decode }).default ?? (jsqrModule as unknown as Decode)

export const readQrSvg = (svg: string): string | undefined => {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1] ?? 0)
  const scale = 2
  const width = size * scale
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255)
  for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)l8,0 0,8 -8,0 0,-8z/g)) {
    for (let dy = 0; dy < 8 * scale; dy++) {
      for (let dx = 0; dx < 8 * scale; dx++) {
        const i = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4
        pixels[i] = pixels[i + 1] = pixels[i + 2] = 0
      }
    }
  }
  return jsQR(pixels, width, width)?.data
}
