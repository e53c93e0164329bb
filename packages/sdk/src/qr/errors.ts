import { ShianError } from "../errors";

export type QrErrorCode = "qr-too-large" | "qr-invalid-input" | "qr-invalid-options";

/** A QR encoding or rendering failure; a ShianError like every other SDK failure. */
export class QrError extends ShianError {
  override readonly name: string = "QrError";
  declare readonly code: QrErrorCode;

  constructor(code: QrErrorCode, message: string) {
    super(code, message);
  }
}
