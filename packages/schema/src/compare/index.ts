export * from './compare.ts'
export * from './review.ts'
export * from './response.ts'
export { diffWords, type WordChange, type WordOp } from './words.ts'
