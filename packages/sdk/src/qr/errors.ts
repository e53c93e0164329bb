export type QrErrorCode = "qr-too-large" | "qr-invalid-input" | "qr-invalid-options";

export class QrError extends Error {
  override readonly name = "QrError";
  readonly code: QrErrorCode;

  constructor(code: QrErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
