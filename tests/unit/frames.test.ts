/**
 * [PERF-4] A broadcast is framed once: the prepared frame must be exactly what `ws` itself
 * would send, whatever the payload's length (the three header sizes of RFC 6455).
 */
import { describe, expect, it } from 'vitest'
import * as wsLibrary from 'ws'
import { PreparedMessage } from '@consenso/server/collab'

/** `ws` exports its frame parser, but its type declarations do not describe it. */
interface FrameParser {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void
  on(event: 'error', listener: (error: Error) => void): void
  write(chunk: Buffer): void
}
const Receiver = (wsLibrary as unknown as { Receiver: new (options: { isServer: boolean; binaryType: string }) => FrameParser }).Receiver

/** Parses frames as a websocket client does (unmasked server frames). */
function parse(frames: Buffer[]): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, binaryType: 'nodebuffer' })
    const messages: Buffer[] = []
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) reject(new Error('a text frame'))
      messages.push(Buffer.from(data))
      if (messages.length === frames.length) resolve(messages)
    })
    receiver.on('error', reject)
    receiver.write(Buffer.concat(frames))
  })
}

describe('prepared frames', () => {
  it('[PERF-4] frames of every header size parse back to their payloads, and the frame is built once', async () => {
    const sizes = [1, 125, 126, 65_535, 65_536, 300_000]
    const payloads = sizes.map((size) => {
      const bytes = new Uint8Array(size)
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) & 0xff
      return bytes
    })
    // A view into a larger buffer, as encoders hand out.
    const backing = new Uint8Array(64)
    backing.set([9, 8, 7, 6, 5], 10)
    payloads.push(backing.subarray(10, 15))
    const prepared = payloads.map((payload) => new PreparedMessage(payload))
    expect(prepared[0]!.frame).toBe(prepared[0]!.frame)
    const parsed = await parse(prepared.map((message) => message.frame))
    expect(parsed.map((message) => [...message])).toEqual(payloads.map((payload) => [...payload]))
  })
})
