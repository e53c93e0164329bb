/**
 * A fake camera for Chromium (--use-file-for-fake-video-capture): a QR code PNG placed on a
 * light background in a YUV4MPEG2 file of I420 frames (luma from the PNG's pixels, neutral
 * chroma). Chromium loops the frames for as long as the camera is open.
 */
import { PNG } from "pngjs";

export interface Y4mOptions {
  width?: number;
  height?: number;
  frames?: number;
  /** Luma of the background around the code (0–255). */
  background?: number;
}

/** Grey levels of a PNG (RGBA → luma, alpha over white). */
export function pngToGrey(png: Uint8Array): { width: number; height: number; grey: Uint8Array } {
  const image = PNG.sync.read(Buffer.from(png));
  const grey = new Uint8Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) {
    const [r, g, b, a] = [image.data[i * 4]!, image.data[i * 4 + 1]!, image.data[i * 4 + 2]!, image.data[i * 4 + 3]! / 255];
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    grey[i] = Math.round(luma * a + 255 * (1 - a));
  }
  return { width: image.width, height: image.height, grey };
}

/** A Y4M video whose frames show the PNG centred (it must fit). */
export function pngToY4m(png: Uint8Array, options: Y4mOptions = {}): Buffer {
  const { width = 640, height = 480, frames = 3, background = 230 } = options;
  const picture = pngToGrey(png);
  if (picture.width > width || picture.height > height) throw new Error(`a ${picture.width}×${picture.height} image does not fit a ${width}×${height} frame`);
  const luma = new Uint8Array(width * height).fill(background);
  const left = Math.floor((width - picture.width) / 2);
  const top = Math.floor((height - picture.height) / 2);
  for (let y = 0; y < picture.height; y++) {
    luma.set(picture.grey.subarray(y * picture.width, (y + 1) * picture.width), (top + y) * width + left);
  }
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}
