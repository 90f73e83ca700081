import { describe, expect, it } from 'vitest';
import { LAUNCHER_STRINGS, STRINGS, translator } from '../../widget/i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('widget strings', () => {
  it('has every key in both English and Chinese, none empty', () => {
    const keys = Object.keys(STRINGS.en).sort();
    expect(Object.keys(STRINGS.zh).sort()).toEqual(keys);
    for (const table of Object.values(STRINGS)) for (const key of keys) expect(table[key as keyof typeof table].trim()).not.toBe('');
    expect(Object.keys(LAUNCHER_STRINGS.zh).sort()).toEqual(Object.keys(LAUNCHER_STRINGS.en).sort());
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(STRINGS.en) as (keyof typeof STRINGS.en)[]) {
      expect([key, placeholders(STRINGS.zh[key])]).toEqual([key, placeholders(STRINGS.en[key])]);
    }
  });

  it('keeps the accessible names the browser tests and screen readers rely on', () => {
    expect([LAUNCHER_STRINGS.en.open, STRINGS.en.message, STRINGS.en.send, STRINGS.en.close]).toEqual(['Open chat', 'Message', 'Send', 'Close chat']);
    expect([LAUNCHER_STRINGS.zh.open, STRINGS.zh.message, STRINGS.zh.send, STRINGS.zh.close]).toEqual(['打开聊天', '消息', '发送', '关闭聊天']);
  });

  it('fills placeholders', () => {
    expect(translator(STRINGS.en)('queue', { n: 2 })).toBe('You are number 2 in the queue');
    expect(translator(STRINGS.zh)('agentJoined', { name: 'Mia' })).toBe('Mia 已加入对话');
  });
});
