import contextData from '../../lexicons/priority-context.json' with { type: 'json' };
import { enMatches, type Prepared } from './phrases.ts';

type ByLanguage = { en: string[]; zh: string[] };
const { questions, complaintQuestions } = contextData as unknown as Record<'questions' | 'complaintQuestions', ByLanguage>;

/**
 * Whether the message asks a routine question ("do you…?", "…吗？") rather than complaining in one ("why…",
 * "凭什么…"). In a routine question the words that look alarming are mostly what is asked about ("is the fire
 * blanket…", "a kill switch"), which both the priority cues and the sentiment score take into account.
 */
export function asksRoutineQuestion(p: Prepared): boolean {
  const en = (list: string[]) => list.some((entry) => enMatches(p, entry));
  const zh = (list: string[]) => list.some((entry) => p.compact.includes(entry));
  if (en(complaintQuestions.en) || zh(complaintQuestions.zh)) return false;
  // Without a question mark only the usual places count: an English opener among the first words, after a
  // greeting at most ("hi, can i pay…"), a Chinese particle at the end ("…吗"); elsewhere 怎么 and "what is"
  // occur in statements too ("看看大家怎么说").
  const marked = /[?？]/.test(p.compact);
  if (marked) return en(questions.en) || zh(questions.zh);
  const head: Prepared = { ...p, words: ` ${p.words.trim().split(' ').slice(0, 4).join(' ')} ` };
  const tail = p.compact.replace(/[\p{P}\s]+$/u, '');
  return questions.en.some((q) => enMatches(head, q)) || questions.zh.some((q) => tail.endsWith(q));
}
