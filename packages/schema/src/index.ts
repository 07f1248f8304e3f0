export * from './extensions.ts'
export * from './numbering.ts'
export * from './headless.ts'
export * from './templates.ts'
