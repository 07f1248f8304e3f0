export * from './compare.ts'
export * from './review.ts'
export { diffWords, type WordChange, type WordOp } from './words.ts'
