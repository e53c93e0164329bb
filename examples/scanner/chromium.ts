/** Debian's chromium through playwright-core, launched the same way by the scanner's tests and its bench. */
import { chromium, type LaunchOptions } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

/** Flags that replace the camera by a video file (Y4M or MJPEG) and grant it without a prompt. */
export const fakeCameraArgs = (video: string) => ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`];

export const launchChromium = (options: LaunchOptions = {}) => chromium.launch({ executablePath: CHROMIUM, ...options, args: [...CHROMIUM_ARGS, ...(options.args ?? [])] });

export { chromium };
