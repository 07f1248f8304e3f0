import { CloseCode } from '@consenso/protocol'

/** A client broke the protocol; its connection (only) is closed with `code`. */
export class ProtocolError extends Error {
  readonly code: CloseCode
  constructor(code: CloseCode, message: string) {
    super(message)
    this.code = code
  }
}

export const badMessage = (message: string): ProtocolError => new ProtocolError(CloseCode.badMessage, message)
