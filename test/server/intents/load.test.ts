import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(err).toBeInstanceOf(IntentPackError);
    return err as IntentPackError;
  }
  throw new Error('expected the pack to be refused');
};

describe('loading an intent pack', () => {
  it('reads every intent file in name order, with defaults filled in and other files ignored', async () => {
    write('b_two.yaml', intentYaml('b_two'));
    write('a_one.yml', intentYaml('a_one', 'followUps: [b_two]\nhandoff: true\n'));
    write('notes.txt', 'ignored');
    write('.a_one.yaml.swp', 'editor swap file');
    mkdirSync(join(dir, 'drafts.yaml'));
    const pack = await loadIntentPack(dir);
    expect(pack.intents.map((i) => i.id)).toEqual(['a_one', 'b_two']);
    expect(pack.intents[0]).toMatchObject({ followUps: ['b_two'], handoff: true });
    expect(pack.intents[1]).toMatchObject({ followUps: [], handoff: false });
  });

  it('accepts an intent written as JSON', async () => {
    write('a_one.json', JSON.stringify({
      id: 'a_one',
      title: { en: 'Opening hours', zh: '营业时间' },
      examples: { en: ['when are you open', 'opening hours', 'are you open on sunday'], zh: ['几点开门', '营业时间', '周日开门吗'] },
      answer: { en: 'Every day, 9 to 6.', zh: '每天九点到六点。' },
    }));
    expect((await loadIntentPack(dir)).intents[0].title.en).toBe('Opening hours');
  });

  it('names the file and the field when a field is wrong', async () => {
    write('a_one.yaml', intentYaml('a_one').replace('zh: ["第一种问法", "第二种问法", "第三种问法"]', 'zh: ["只有一个"]'));
    const err = await failure();
    expect(err.message).toMatch(/a_one\.yaml: examples\.zh: at least 3 examples required$/);
    expect(err).toMatchObject({ field: 'examples.zh' });
  });

  it('says a missing field is required', async () => {
    write('a_one.yaml', intentYaml('a_one').replace(/answer:.*\n/, ''));
    expect((await failure()).message).toMatch(/a_one\.yaml: answer: required \(object\)$/);
  });

  it('names a misspelt field', async () => {
    write('a_one.yaml', intentYaml('a_one', 'answr: typo\n'));
    expect((await failure()).message).toMatch(/a_one\.yaml: .*answr/);
  });

  it('refuses an example longer than the limit', async () => {
    write('a_one.yaml', intentYaml('a_one').replace('"second way to ask"', JSON.stringify('very long '.repeat(60))));
    expect((await failure()).message).toContain('a_one.yaml: examples.en.1:');
  });

  it('gives the line and column of a YAML syntax error', async () => {
    write('a_one.yaml', 'id: a_one\ntitle: { en: "x"\n');
    expect((await failure()).message).toMatch(/a_one\.yaml: YAML syntax error at line \d+, column \d+: \S/);
  });

  it('refuses a key written twice in one file, at its line', async () => {
    write('a_one.yaml', intentYaml('a_one', 'handoff: true\nhandoff: false\n'));
    expect((await failure()).message).toMatch(/a_one\.yaml: YAML syntax error at line 8, column 1: Map keys must be unique/);
  });

  it('refuses an empty file', async () => {
    write('a_one.yaml', '');
    expect((await failure()).message).toContain('a_one.yaml: the file is empty');
  });

  it('refuses an id unlike its file name', async () => {
    write('a_one.yaml', intentYaml('a_one'));
    write('b_two.yaml', intentYaml('a_one'));
    expect((await failure()).message).toContain('b_two.yaml: id: "a_one" does not match the file name (expected "b_two")');
  });

  it('refuses the same id defined in two files', async () => {
    write('a_one.yaml', intentYaml('a_one'));
    write('a_one.yml', intentYaml('a_one'));
    expect((await failure()).message).toMatch(/a_one\.yml: id: "a_one" is already defined in .*a_one\.yaml$/);
  });

  it('refuses a follow-up naming no intent', async () => {
    write('a_one.yaml', intentYaml('a_one'));
    write('b_two.yaml', intentYaml('b_two', 'followUps: [a_one, nowhere]\n'));
    expect((await failure()).message).toContain('b_two.yaml: followUps.1: no intent with id "nowhere"');
  });

  it('refuses an empty folder and a missing one', async () => {
    expect((await failure()).message).toContain('no intent files');
    rmSync(dir, { recursive: true });
    expect((await failure()).message).toContain('cannot read the folder (ENOENT)');
  });
});
