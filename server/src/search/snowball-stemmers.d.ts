// Types for `snowball-stemmers` (it ships none): the stemmers search uses (search/text.ts).
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string
  }
  const snowball: { newStemmer(language: string): Stemmer; algorithms(): string[] }
  export default snowball
}
