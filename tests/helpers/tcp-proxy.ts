/**
 * A TCP proxy between clients and a server, for the fault suite: a fixed address that
 * survives server restarts (`setTarget`), and a bad network on demand — every chunk delayed
 * (order kept), connections cut at random, or all cut at once. Bytes are never dropped
 * inside a connection: TCP does not do that; a lossy network shows up as delay and resets.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import type { Random } from './random.ts'

export interface NetworkFaults {
  /** Added to every chunk, in each direction. */
  latencyMs: number
  /** Up to this much more, drawn per chunk (order is kept all the same). */
  jitterMs: number
  /** Chance, per chunk, that the connection carrying it is cut. */
  cutProbability: number
}

const GOOD: NetworkFaults = { latencyMs: 0, jitterMs: 0, cutProbability: 0 }

export interface TcpProxy {
  port: number
  /** `ws://127.0.0.1:<port>`, for `connectClient`. */
  wsUrl: string
  setTarget(port: number | null): void
  faults: NetworkFaults
  /** Connections cut so far (random cuts and `cutAll`). */
  cuts: number
  cutAll(): void
  close(): Promise<void>
}

export async function startTcpProxy(random: Random, targetPort: number | null = null): Promise<TcpProxy> {
  let target = targetPort
  const pairs = new Set<[Socket, Socket]>()
  const proxy: TcpProxy = {
    port: 0,
    wsUrl: '',
    faults: { ...GOOD },
    cuts: 0,
    setTarget(port) {
      target = port
    },
    cutAll() {
      for (const pair of pairs) cut(pair)
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.cutAll()
        server.close(() => resolve())
      }),
  }

  const cut = (pair: [Socket, Socket], counted = true): void => {
    if (!pairs.delete(pair)) return
    if (counted) proxy.cuts += 1
    pair[0].destroy()
    pair[1].destroy()
  }

  /** Forwards `from` to `to` through the delay line; a random cut ends both sides. */
  const forward = (from: Socket, to: Socket, pair: [Socket, Socket]): void => {
    let lastDue = 0
    from.on('data', (chunk: Buffer) => {
      const { latencyMs, jitterMs, cutProbability } = proxy.faults
      if (cutProbability > 0 && random.next() < cutProbability) return cut(pair)
      if (latencyMs === 0 && jitterMs === 0 && lastDue <= Date.now()) {
        to.write(chunk)
        return
      }
      const due = Math.max(lastDue, Date.now() + latencyMs + random.next() * jitterMs)
      lastDue = due
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk)
      }, due - Date.now())
    })
    from.on('end', () => {
      const wait = lastDue - Date.now()
      if (wait > 0) setTimeout(() => to.end(), wait)
      else to.end()
    })
    from.on('error', () => cut(pair, false))
    from.on('close', () => cut(pair, false))
  }

  const server: Server = createServer((client) => {
    if (target === null) {
      client.destroy()
      return
    }
    const upstream = connect({ host: '127.0.0.1', port: target })
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    forward(client, upstream, pair)
    forward(upstream, client, pair)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as AddressInfo).port
  proxy.wsUrl = `ws://127.0.0.1:${proxy.port}`
  return proxy
}
