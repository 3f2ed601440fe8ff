// The `sentiment` package (AFINN-165) ships no types: the one call the evaluation makes.
declare module 'sentiment' {
  export default class Sentiment {
    analyze(phrase: string): { score: number; comparative: number };
  }
}
