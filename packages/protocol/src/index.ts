export * from './wire.ts'
export * from './close-codes.ts'
export * from './api.ts'
export * from './delegations.ts'
