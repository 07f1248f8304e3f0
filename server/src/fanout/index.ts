export type { ControlMessage, DocumentMessage, Fanout, FanoutHandlers, FanoutKind } from './fanout.ts'
export { LocalFanout } from './local.ts'
export { RedisFanout } from './redis.ts'
