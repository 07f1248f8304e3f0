export { paragraphTexts, findBracket, rangeFromAnchor } from './body.ts'
export { ReopenWatcher, paragraphHashes } from './reopen.ts'
