/**
 * Checks an uploaded points icon by its bytes, not by its name or declared type: PNG, JPEG or
 * WebP, at most 256 KB and 512 × 512 (the admin resizes to 128 px before upload; a larger file
 * sent some other way is refused, never stored). SVG is refused: it can carry script.
 */

export const ICON_MAX_BYTES = 256 * 1024;
export const ICON_MAX_SIDE = 512;

export type IconCheck =
  | {
      ok: true;
      contentType: "image/png" | "image/jpeg" | "image/webp";
      width: number;
      height: number;
    }
  | { ok: false; error: "icon_too_large" | "icon_not_image" | "icon_too_big" };

function pngSize(b: Uint8Array) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegSize(b: Uint8Array) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    const length = (b[i + 2] << 8) | b[i + 3];
    // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC) carry the frame size.
    if (
      marker >= 0xc0 &&
      marker <= 0xcf &&
      ![0xc4, 0xc8, 0xcc].includes(marker)
    )
      return {
        height: (b[i + 5] << 8) | b[i + 6],
        width: (b[i + 7] << 8) | b[i + 8],
      };
    i += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array) {
  const chunk = String.fromCharCode(...b.slice(12, 16));
  if (chunk === "VP8X")
    return {
      width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)),
      height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)),
    };
  if (chunk === "VP8L") {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ")
    return {
      width: (b[26] | (b[27] << 8)) & 0x3fff,
      height: (b[28] | (b[29] << 8)) & 0x3fff,
    };
  return null;
}

const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.slice(from, to));

export function checkIconImage(bytes: Uint8Array): IconCheck {
  if (bytes.length > ICON_MAX_BYTES)
    return { ok: false, error: "icon_too_large" };
  let found: {
    contentType: "image/png" | "image/jpeg" | "image/webp";
    size: { width: number; height: number } | null;
  } | null = null;
  if (bytes.length >= 24 && ascii(bytes, 1, 4) === "PNG" && bytes[0] === 0x89)
    found = { contentType: "image/png", size: pngSize(bytes) };
  else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8)
    found = { contentType: "image/jpeg", size: jpegSize(bytes) };
  else if (
    bytes.length >= 30 &&
    ascii(bytes, 0, 4) === "RIFF" &&
    ascii(bytes, 8, 12) === "WEBP"
  )
    found = { contentType: "image/webp", size: webpSize(bytes) };
  if (!found || !found.size || found.size.width < 1 || found.size.height < 1)
    return { ok: false, error: "icon_not_image" };
  if (found.size.width > ICON_MAX_SIDE || found.size.height > ICON_MAX_SIDE)
    return { ok: false, error: "icon_too_big" };
  return { ok: true, contentType: found.contentType, ...found.size };
}
