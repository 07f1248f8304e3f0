/**
 * A websocket upgrade the router answers with a plain HTTP error (a draft id too long for the
 * router, a URL that does not decode) leaves its socket open: once an upgrade request is
 * handed over, the HTTP server no longer closes that socket, and nobody reads it, so even the
 * client hanging up goes unnoticed. Such sockets piled up and kept `app.close()` waiting
 * forever (HOST-15). Ending the socket once the error response is written fixes both.
 */
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { upgradeResponse } from './ws-socket.ts'

export function endRefusedUpgrades(server: Server): void {
  // Registered after @fastify/websocket's listener, which has just attached its response to the socket.
  server.on('upgrade', (_request: unknown, socket: Duplex) => {
    const response = upgradeResponse(socket)
    if (!response) return
    response.once('finish', () => {
      socket.end()
      // A client that never reads must not hold the socket either.
      socket.once('finish', () => socket.destroy())
    })
  })
}
