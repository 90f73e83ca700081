import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntentPackError } from '../../../server/intents/errors.ts';
import { loadIntentPack } from '../../../server/intents/load.ts';
import { intentYaml } from '../../support/intents.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-intents-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const failure = async () => {
  try {
    await loadIntentPack(dir);
  } catch (err) {
    return err as IntentPackError;
  }
  throw new Error('expected the pack to be refused');
};

describe('loadIntentPack', () => {
  it('reads every intent file in name order with defaults filled in', async () => {
    write('b_two.yaml', intentYaml('b_two'));
    write('a_one.yml', intentYaml('a_one', 'followUps: [b_two]\nhandoff: true\n'));
    write('notes.txt', 'ignored');
    const pack = await loadIntentPack(dir);
    expect(pack.intents.map((i) => i.id)).toEqual(['a_one', 'b_two']);
    expect(pack.intents[0]).toMatchObject({ followUps: ['b_two'], handoff: true });
    expect(pack.intents[1]).toMatchObject({ followUps: [], handoff: false });
  });

  it('names the file and the field when a field is wrong', async () => {
    write('a_one.yaml', intentYaml('a_one').replace('zh: ["第一种问法", "第二种问法", "第三种问法"]', 'zh: ["只有一个"]'));
    const err = await failure();
    expect(err).toBeInstanceOf(IntentPackError);
    expect(err.message).toContain('a_one.yaml: examples.zh: at least 3 examples required');
  });

  it('gives the line of a YAML syntax error', async () => {
    write('a_one.yaml', 'id: a_one\ntitle: { en: "x"\n');
    expect((await failure()).message).toMatch(/a_one\.yaml: YAML syntax error at line \d+/);
  });

  it('refuses an id used twice, an id unlike its file name, and a follow-up to nowhere', async () => {
    write('a_one.yaml', intentYaml('a_one'));
    write('b_two.yaml', intentYaml('a_one'));
    expect((await failure()).message).toContain('b_two.yaml: id: "a_one" does not match the file name');

    write('b_two.yaml', intentYaml('b_two', 'followUps: [nowhere]\n'));
    expect((await failure()).message).toContain('b_two.yaml: followUps.0: no intent with id "nowhere"');
  });

  it('refuses an empty folder and unknown fields', async () => {
    expect((await failure()).message).toContain('no intent files');
    write('a_one.yaml', intentYaml('a_one', 'answr: typo\n'));
    expect((await failure()).message).toMatch(/a_one\.yaml.*answr/);
  });
});
