import { MAX_MESSAGE_CHARS } from '../protocol/index.ts';

/**
 * The longest message a visitor may send (MAX_MESSAGE_CHARS), in shapes that make patterns backtrack or walk
 * back over long clauses: a pattern that is quadratic in the length shows up as tens of milliseconds.
 */
export const LONGEST_MESSAGES = [
  'a'.repeat(MAX_MESSAGE_CHARS),
  'great, '.repeat(MAX_MESSAGE_CHARS / 7),
  '好'.repeat(MAX_MESSAGE_CHARS),
  '没有那么'.repeat(MAX_MESSAGE_CHARS / 4),
  '“好”'.repeat(MAX_MESSAGE_CHARS / 3),
  '?!'.repeat(MAX_MESSAGE_CHARS / 2),
  'not '.repeat(MAX_MESSAGE_CHARS / 4),
  '不'.repeat(MAX_MESSAGE_CHARS),
  'waited 3 hours '.repeat(MAX_MESSAGE_CHARS / 15),
  '等了三天，'.repeat(MAX_MESSAGE_CHARS / 5),
  'the worst, but '.repeat(MAX_MESSAGE_CHARS / 15),
  '但是不错'.repeat(MAX_MESSAGE_CHARS / 4),
].map((t) => t.slice(0, MAX_MESSAGE_CHARS));
