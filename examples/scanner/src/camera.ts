/** The phone camera: the rear one preferred, decoded a few times a second until a voucher is found. */
import { decodeFrom } from "./decode";

export class Camera {
  private stream: MediaStream | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly canvas = document.createElement("canvas");

  constructor(private readonly video: HTMLVideoElement) {}

  static get supported(): boolean {
    return typeof navigator.mediaDevices?.getUserMedia === "function";
  }

  get running(): boolean {
    return this.stream !== undefined;
  }

  /** Opens the camera and calls `onText` with every decoded QR text until it returns true. */
  async start(onText: (text: string) => boolean | Promise<boolean>): Promise<void> {
    this.stop();
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    this.video.srcObject = this.stream;
    this.video.muted = true;
    this.video.setAttribute("playsinline", "");
    await this.video.play();
    const tick = async () => {
      this.timer = undefined;
      if (!this.stream) return;
      const { videoWidth, videoHeight } = this.video;
      const text = this.video.readyState >= 2 ? decodeFrom(this.video, videoWidth, videoHeight, this.canvas, 800, false) : undefined;
      if (text && (await onText(text))) return this.stop();
      if (this.stream) this.timer = setTimeout(tick, 120);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.video.srcObject = null;
  }
}
