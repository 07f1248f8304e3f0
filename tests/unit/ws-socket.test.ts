/**
 * [PERF-4] A broadcast is framed once: the prepared frame must be exactly what `ws` itself
 * would send, whatever the payload's length (the three header sizes of RFC 6455); and written
 * past `ws`, it never overtakes what `ws` has queued itself.
 */
import { describe, expect, it } from 'vitest'
import * as wsLibrary from 'ws'
import { PreparedMessage, wsFrame, WsCollabSocket } from '@consenso/server/collab'
import { waitFor } from '../helpers/wait.ts'

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
    expect(wsFrame(prepared[0]!)).toBe(wsFrame(prepared[0]!))
    const parsed = await parse(prepared.map((message) => wsFrame(message)))
    expect(parsed.map((message) => [...message])).toEqual(payloads.map((payload) => [...payload]))
  })
})

describe('the ws adapter', () => {
  it('[PERF-4] frames written past ws keep their order with messages ws itself queues (a Blob being read)', async () => {
    const server = new wsLibrary.WebSocketServer({ port: 0, host: '127.0.0.1' })
    const accepted = new Promise<wsLibrary.WebSocket>((resolve) => server.once('connection', resolve))
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as { port: number }
    const client = new wsLibrary.WebSocket(`ws://127.0.0.1:${port}`)
    const received: number[] = []
    client.on('message', (data: Buffer) => received.push(data[0]!))
    const serverSide = await accepted
    try {
      const socket = new WsCollabSocket(serverSide)
      const message = (n: number): PreparedMessage => new PreparedMessage(Uint8Array.of(n, 0, 0))
      const failed = (error: Error): never => {
        throw error
      }
      // ws reads a Blob asynchronously and queues whatever is sent meanwhile: the adapter's
      // messages must wait in that queue rather than overtake it on the TCP socket.
      socket.send(message(1), failed)
      serverSide.send(new Blob([Uint8Array.of(2, 0, 0)]))
      socket.send(message(3), failed)
      serverSide.send(Uint8Array.of(4, 0, 0))
      socket.send(message(5), failed)
      serverSide.send(new Blob([Uint8Array.of(6, 0, 0)]))
      serverSide.send(new Blob([Uint8Array.of(7, 0, 0)]))
      socket.send(message(8), failed)
      await waitFor(() => received.length === 8, 'every message to arrive', { describe: () => received })
      // Once ws's queue has drained, the adapter writes frames itself again, still in order.
      for (let n = 9; n <= 12; n++) socket.send(message(n), failed)
      await waitFor(() => received.length === 12, 'the later messages to arrive', { describe: () => received })
      expect(received).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(socket.open).toBe(true)
      expect(socket.bufferedAmount).toBe(0)
    } finally {
      client.terminate()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
