/** QR decoding in the browser with jsQR: camera frames and picked image files. */
import jsQR from "jsqr";

/** Voucher URLs end in /v/ and the decimal digits of payload and signature. */
export const VOUCHER_URL = /^https?:\/\/[^\s/]+(?:\/[^\s]*)?\/v\/[1-9][0-9]*$/i;

export function isVoucherUrl(text: string): boolean {
  return VOUCHER_URL.test(text.trim());
}

/** Draws `source` onto `canvas` scaled so its longer side is at most `maxSide`, and decodes it. */
export function decodeFrom(source: CanvasImageSource, width: number, height: number, canvas: HTMLCanvasElement, maxSide: number, thorough: boolean): string | undefined {
  if (!width || !height) return undefined;
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(source, 0, 0, w, h);
  const image = context.getImageData(0, 0, w, h);
  // Camera frames: dark-on-light codes only (fast); picked images: both polarities.
  const code = jsQR(image.data, w, h, { inversionAttempts: thorough ? "attemptBoth" : "dontInvert" });
  return code?.data || undefined;
}

/** Decodes the QR code in an image file; undefined when none is found. */
export async function decodeImageFile(file: Blob, canvas: HTMLCanvasElement): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    // Try the image at a moderate size first (fast, tolerant of noise), then larger.
    return decodeFrom(bitmap, bitmap.width, bitmap.height, canvas, 1024, true) ?? decodeFrom(bitmap, bitmap.width, bitmap.height, canvas, 2048, true);
  } finally {
    bitmap.close();
  }
}
