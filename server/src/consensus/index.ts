export { paragraphTexts } from './body.ts'
