/**
 * Canonical form of a visitor's text before anything else looks at it.
 * NFKC folds full-width Latin letters, digits and punctuation (ＡＢＣ１２３！) to their ASCII forms and
 * compatibility characters (ﬁ, ①) to plain ones, so "ＷＨＥＲＥ" and "where" become the same word.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    // NFKC leaves the ideographic space alone in some engines; treat every kind of space alike.
    .replace(/[\s\u3000\u00a0\u200b\ufeff]+/gu, ' ')
    .trim();
}
