/**
 * [KEEP-1] Websocket ping and idle timeout: the server pings every connection; one that
 * answers nothing (no frame, no pong) for the idle timeout is closed with 4408 and its presence
 * removed, while a quiet client that answers pings stays connected however long it says nothing.
 */
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import { CloseCode, encodeAwarenessMessage, PROTOCOL_QUERY_PARAM, PROTOCOL_VERSION } from '@consenso/protocol'
import { ConfigError, configFromEnv } from '@consenso/server/config'
import { connectClient } from '../helpers/clients.ts'
import { perTest } from '../helpers/per-test.ts'
import { nextEvent, waitFor } from '../helpers/wait.ts'

const { start, track, socket: keep } = perTest()

function presence(clientId: number): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, JSON.stringify({ cursor: null }))
  return encodeAwarenessMessage(encoding.toUint8Array(inner))
}

describe('websocket keepalive', () => {
  it('[KEEP-1] a connection that answers no ping is closed with 4408 and its presence removed; a quiet one that answers stays', async () => {
    const server = await start({ keepalive: { pingMs: 200, idleMs: 1_000 } })
    const draft = await server.createDocument('Silencio')
    // A stock client, as a browser: it never sends a frame of its own once synced, but its
    // websocket answers pings.
    const quiet = connectClient(server, draft)
    track(quiet)
    await quiet.waitSynced()
    // A peer that has gone away without closing: its socket neither answers pings nor sends.
    const silent = new WebSocket(`${server.wsUrl}/collab/${draft}?${PROTOCOL_QUERY_PARAM}=${PROTOCOL_VERSION}`, { headers: { cookie: server.cookie }, autoPong: false })
    keep(silent)
    silent.on('error', () => {})
    await nextEvent(silent, 'message')
    silent.send(presence(4242))
    await waitFor(() => quiet.provider.awareness.getStates().has(4242), 'the silent peer’s presence to reach the quiet client')
    let pings = 0
    silent.on('ping', () => pings++)

    expect(await nextEvent<number>(silent, 'close', 10_000)).toBe(CloseCode.idleTimeout)
    // It was pinged several times before it was given up on.
    expect(pings).toBeGreaterThanOrEqual(2)
    await waitFor(() => !quiet.provider.awareness.getStates().has(4242), 'the silent peer’s presence to be removed')
    // The quiet client, silent for as long, was pinged too and answered: it is still connected.
    expect(quiet.closeCodes).toEqual([])
    expect(quiet.provider.wsconnected).toBe(true)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/consenso_refused_frames_total\{reason="idle"\} 1/)
  })

  it('[KEEP-1] WS_PING_SECONDS and WS_IDLE_SECONDS are read from the environment; a timeout not longer than the interval is refused', () => {
    const base = { DATA_DIR: '/tmp/unused' }
    expect(configFromEnv(base, '/').keepalive).toEqual({ pingMs: 25_000, idleMs: 70_000 })
    expect(configFromEnv({ ...base, WS_PING_SECONDS: '10', WS_IDLE_SECONDS: '30' }, '/').keepalive).toEqual({ pingMs: 10_000, idleMs: 30_000 })
    expect(() => configFromEnv({ ...base, WS_PING_SECONDS: '30', WS_IDLE_SECONDS: '30' }, '/')).toThrow(ConfigError)
    expect(() => configFromEnv({ ...base, WS_PING_SECONDS: '0' }, '/')).toThrow(/WS_PING_SECONDS/)
  })
})
