/**
 * Launches @y/websocket-server 0.1.1 for the benchmark with the persistence its README
 * documents: YPERSISTENCE=<folder> makes it store every update in LevelDB (y-leveldb) as it
 * arrives. The package's own `y-websocket` binary listens on a fixed port and prints no
 * port, so this is the same few lines (an http server, `ws` upgrade, setupWSConnection) on
 * port 0. Prints `BENCH_LISTENING <port>` once it accepts connections.
 *
 * Environment: YPERSISTENCE (required unless BENCH_IN_MEMORY=1): read by @y/websocket-server
 * when it is imported. BENCH_IN_MEMORY=1 runs it without persistence (documents in memory only).
 */
import http from 'node:http'
import { WebSocketServer } from 'ws'

if (!process.env.YPERSISTENCE && process.env.BENCH_IN_MEMORY !== '1') {
  console.error('y-websocket-server launcher: YPERSISTENCE (or BENCH_IN_MEMORY=1) is required')
  process.exit(2)
}
// Imported after the check: the module reads YPERSISTENCE when it loads.
const { setupWSConnection } = await import('@y/websocket-server/utils')

const wss = new WebSocketServer({ noServer: true })
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' })
  response.end('okay')
})
wss.on('connection', setupWSConnection)
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
// The stock server has no signal handler; exiting on SIGTERM is what it does anyway.
process.on('SIGTERM', () => process.exit(0))
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  console.log(`BENCH_LISTENING ${address.port}`)
})
