/** What tests may import from the collaboration layer without reaching into its files. */
export { validateUpdate, checkBodyUpdate, InvalidUpdateError, RefusedUpdateError, type UpdateInfo, type Writer } from './update-validation.ts'
export {
  RateBudget,
  DEFAULT_MAX_UNSENT_BYTES,
  DEFAULT_MAX_PRESENCE_BYTES,
  DEFAULT_MAX_STRUCTS_PER_UPDATE,
  DEFAULT_MAX_OUTSTANDING_SYNC_REPLIES,
  type RateLimits,
} from './rate-budget.ts'
export { PreparedMessage, type CollabSocket } from './socket.ts'
export { wsFrame, WsCollabSocket } from './ws-socket.ts'
export { Connection, type ConnectionOptions } from './connection.ts'
export { DocumentRegistry, type RegistryOptions } from './registry.ts'
export { ProtocolError } from './errors.ts'
export { countStructsUpTo } from './validation/struct-count.ts'
export { paragraphText } from './authorship.ts'
