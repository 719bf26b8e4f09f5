/** Types of `wink-porter2-stemmer` (the package ships none): Porter2, Snowball's English stemmer. */
declare module 'wink-porter2-stemmer' {
  /** The Porter2 stem of a lower-case English word. */
  export default function stem(word: string): string;
}
