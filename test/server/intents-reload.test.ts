import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../server/config.ts';
import { startParley, type Parley } from '../../server/main.ts';
import { shopPack } from '../support/shop-pack.ts';
import { botReplyTo as botReplyToUrl } from './peers.ts';

// A merchant edits the FAQ while Parley runs: a good edit is live without a restart, a broken one is
// reported with its file and field, and visitors keep getting answers from the last good pack.

const dir = mkdtempSync(join(tmpdir(), 'parley-reload-'));
const intentsDir = join(dir, 'intents');
const lines: Array<{ msg: string; err?: unknown }> = [];
let parley: Parley;

const writeIntent = (id: string, change: (i: (typeof shopPack.intents)[number]) => object = (i) => i) =>
  writeFileSync(join(intentsDir, `${id}.yaml`), stringify(change(shopPack.intents.find((i) => i.id === id)!)));

const botReplyTo = (text: string) => botReplyToUrl(parley.url, text);

async function logged(test: (line: { msg: string; err?: unknown }) => boolean): Promise<{ msg: string; err?: unknown }> {
  for (let i = 0; i < 200; i++) {
    const hit = lines.find(test);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no such log line; saw: ${lines.map((l) => l.msg).join(' | ')}`);
}

beforeAll(async () => {
  mkdirSync(intentsDir);
  for (const intent of shopPack.intents) writeIntent(intent.id);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: join(dir, 'data'), PARLEY_INTENTS_DIR: intentsDir, LOG_LEVEL: 'info' });
  parley = await startParley(config, { logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
});

afterAll(async () => {
  await parley?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('editing the intents while the server runs', () => {
  it('serves an edited answer without a restart, and keeps the last good pack when an edit is broken', async () => {
    expect(await botReplyTo('where is my parcel')).toBe('EN answer for parcel_tracking.');

    writeIntent('parcel_tracking', (i) => ({ ...i, answer: { en: 'Parcels leave our warehouse every weekday.', zh: '包裹每个工作日发出。' } }));
    await logged((l) => l.msg === 'intents reloaded');
    expect(await botReplyTo('track my parcel please')).toBe('Parcels leave our warehouse every weekday.');

    writeFileSync(join(intentsDir, 'send_back.yaml'), 'id: send_back\ntitle: { en: Returns, zh: 退货 }\nexamples: { en: [only one], zh: [一个] }\n');
    const complaint = await logged((l) => l.msg.startsWith('intents invalid'));
    expect(JSON.stringify(complaint)).toMatch(/send_back\.yaml: (examples|answer)/);
    expect(await botReplyTo('has my parcel shipped yet')).toBe('Parcels leave our warehouse every weekday.');
  });
});
