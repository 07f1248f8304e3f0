/** What tests and other parts import of the good practices (PRACT-*). */
export { countBallots, type BallotToCount } from './count.ts'
export { compilationDocument, type CompiledPractice } from './compile.ts'
