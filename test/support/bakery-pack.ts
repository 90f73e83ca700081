import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** A small pack of our own sentences: a bakery's questions, five ways each in both languages. */
export const BAKERY: Record<string, { en: string[]; zh: string[] }> = {
  cake_order: {
    en: ['can I order a birthday cake', 'I need a cake for saturday', 'do you take cake orders', 'order a chocolate cake for a party', 'how early should I order a wedding cake'],
    zh: ['我想订一个生日蛋糕', '周六要一个蛋糕', '可以预订蛋糕吗', '给聚会订巧克力蛋糕', '婚礼蛋糕要提前多久订'],
  },
  gluten_free: {
    en: ['do you have gluten free bread', 'anything without gluten', 'is the sourdough gluten free', 'gluten free options for coeliacs', 'which pastries have no gluten'],
    zh: ['有无麸质面包吗', '有没有不含麸质的', '酸面包含麸质吗', '乳糜泻能吃的无麸质选择', '哪些点心不含麸质'],
  },
  bakery_hours: {
    en: ['what time does the bakery open', 'are you open on sunday morning', 'when do you close tonight', 'opening hours on holidays', 'how late is the shop open'],
    zh: ['面包店几点开门', '周日早上营业吗', '今晚几点关门', '节假日营业时间', '店开到几点'],
  },
};

/** Writes BAKERY (or `intents`) into `dir` as one YAML file per intent; returns `dir`. */
export function writePack(dir: string, intents = BAKERY): string {
  mkdirSync(dir, { recursive: true });
  for (const [id, examples] of Object.entries(intents)) {
    const intent = { id, title: { en: id, zh: id }, examples, answer: { en: `About ${id}.`, zh: `关于${id}。` } };
    writeFileSync(join(dir, `${id}.yaml`), stringify(intent));
  }
  return dir;
}
