/** What tests may import from the collaboration layer without reaching into its files. */
export { validateUpdate, checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, type UpdateInfo, type Writer } from './update-validation.ts'
export { RateBudget, type RateLimits } from './rate-budget.ts'
export { PreparedMessage, type CollabSocket } from './socket.ts'
export { wsFrame, WsCollabSocket } from './ws-socket.ts'
export { Connection, type ConnectionOptions } from './connection.ts'
export { DocumentRegistry, type RegistryOptions } from './registry.ts'
export { ProtocolError } from './errors.ts'
