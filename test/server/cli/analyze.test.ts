import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../server/cli/analyze.ts';
import { REPO_ROOT } from '../../../server/config.ts';
import { runCli } from '../../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEYS = ['text', 'lang', 'intent', 'confidence', 'alternatives', 'mood', 'frustrated', 'frustration', 'priority', 'escalate', 'reasons'];

describe('parley analyze', () => {
  it('prints one JSON line per message with the documented fields, using the shipped pack', async () => {
    const r = await runCli(run, ['--intents', join(REPO_ROOT, 'intents')], 'where is my order?\n\n我要起诉你们，数据泄露了！\n');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Object.keys(l)).toEqual(KEYS);
    expect(lines[0]).toMatchObject({ text: 'where is my order?', lang: 'en', intent: 'order_status', mood: 'calm', frustrated: false, priority: 'low', escalate: false });
    expect(lines[1]).toMatchObject({ lang: 'zh', mood: 'angry', frustrated: true, priority: 'urgent', escalate: true });
    expect(lines[1].reasons.join(' ')).toMatch(/legal threat/);
  });

  it('trains from a CSV text,label and says null for what is out of scope', async () => {
    const csv = join(dir, 'train.csv');
    writeFileSync(
      csv,
      'text,label\n' +
        ['book a table', 'reserve a table for two', 'table booking tonight', 'can I book a table'].map((t) => `${t},booking`).join('\n') +
        '\n' +
        ['what is on the menu', 'show me the menu', 'menu for lunch', 'do you have a vegan menu'].map((t) => `${t},menu`).join('\n') +
        '\n',
    );
    const r = await runCli(run, ['--intents', csv], 'reserve a table for four\nxylophone glacier\n');
    expect(r.code).toBe(0);
    const [known, unknown] = r.out.trim().split('\n').map((l) => JSON.parse(l));
    for (const l of [known, unknown]) expect(Object.keys(l)).toEqual(KEYS);
    expect(known).toMatchObject({ text: 'reserve a table for four', lang: 'en', intent: 'booking', escalate: false });
    expect(known.alternatives).toEqual([{ intent: 'menu', confidence: expect.any(Number) }]);
    expect(known.reasons[0]).toMatch(/^matched booking \(\d\.\d\d\)$/);
    expect(unknown.intent).toBeNull();
    expect(unknown.alternatives.length).toBeGreaterThan(0);
  });

  it('exits 1 naming the file when the pack is broken', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'x_y.yaml'), 'id: x_y\n');
    const r = await runCli(run, ['--intents', broken], 'hello\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/x_y\.yaml: title/);
  });
});
