import type { UnansweredGroup } from '../../protocol/reports.ts';

/** What the "Add to the FAQ" form starts from: the group's questions as examples, the answer left to an admin. */
export interface FaqDraft {
  id: string;
  title: { en: string; zh: string };
  examples: { en: string; zh: string };
  answer: { en: string; zh: string };
}

const HAN = /\p{Script=Han}/u;

/** lower_snake_case from the words of a question, as the intent schema wants (2–49 characters). */
export function draftId(text: string): string {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const id = words.join('_').replace(/^[^a-z]+/, '').slice(0, 40).replace(/_+$/, '');
  return id.length >= 2 ? id : 'new_question';
}

/** Examples one a line, split by language: a question with Chinese characters is a Chinese example. */
export function draftFrom(group: UnansweredGroup): FaqDraft {
  const zh = group.examples.filter((t) => HAN.test(t));
  const en = group.examples.filter((t) => !HAN.test(t));
  const title = group.text.length > 60 ? group.text.slice(0, 59) + '…' : group.text;
  return {
    id: draftId(en[0] ?? ''),
    title: { en: en.length > 0 ? title : '', zh: zh.length > 0 ? title : '' },
    examples: { en: en.join('\n'), zh: zh.join('\n') },
    answer: { en: '', zh: '' },
  };
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The body of POST /api/reports/faq: the intent file's fields. */
export const intentOf = (d: FaqDraft) => ({
  id: d.id.trim(),
  title: { en: d.title.en.trim(), zh: d.title.zh.trim() },
  examples: { en: lines(d.examples.en), zh: lines(d.examples.zh) },
  answer: { en: d.answer.en.trim(), zh: d.answer.zh.trim() },
});
