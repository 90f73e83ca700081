import cueData from '../../lexicons/complaint-cues.json' with { type: 'json' };
import { enMatches, type Prepared } from './phrases.ts';

interface CueData {
  negatedPraise: number;
  contrast: { en: string[]; zh: string[] };
  en: Record<string, number>;
  zh: Record<string, number>;
  patterns: Record<string, number>;
  plain: { en: string[]; zh: string[] };
  negations: { en: string[]; zh: string[] };
  denials: { zh: string[] };
  anger: { en: string[]; zh: string[] };
}
const data = cueData as unknown as CueData;

/** Praise before a "but" is the cushion of a complaint ("the crew was great but…", 物流不错，但是…): it counts this much. */
const CUSHION = 0.25;

const EN = Object.entries(data.en).map(([cue, points]) => ({ needle: cue.endsWith('*') ? ` ${cue.slice(0, -1)}` : ` ${cue} `, cue, points }));
const ZH = Object.entries(data.zh).map(([cue, points]) => ({ cue, points }));
const PATTERNS = Object.entries(data.patterns).map(([source, points]) => ({ re: new RegExp(source, 'iu'), points }));
const EN_NEGATIONS = new Set(data.negations.en);
const ZH_NEGATIONS = [...data.negations.zh].sort((a, b) => b.length - a.length);
const ZH_DENIALS = data.denials.zh;

export interface Complaint {
  /** Complaint cues less praise; server/bot/mood.ts adds the frustration detector's points to it. */
  points: number;
  /** A word of strong emotion, an insult or a complaint threatened ("furious", 我要投诉), if any. */
  anger: string | null;
  /** The cues that counted towards a complaint, strongest first ("'on hold'", "'坏了'", "'not great'"). */
  cues: string[];
}

/** Where the last contrast word stands, or -1: praise before it is a cushion, not the verdict. */
function lastContrast(haystack: string, words: string[], pad: boolean): number {
  let at = -1;
  for (const w of words) at = Math.max(at, haystack.lastIndexOf(pad ? ` ${w} ` : w));
  return at;
}

/** The message with plain compounds blanked out: "no problem", 没问题, 差不多 say nothing is wrong. */
function withoutPlain(p: Prepared): Prepared {
  let { words, compact } = p;
  for (const w of data.plain.en) if (words.includes(` ${w} `)) words = words.split(` ${w} `).join(' | ');
  for (const w of data.plain.zh) if (compact.includes(w)) compact = compact.split(w).join('|');
  return { words, compact };
}

/**
 * Whether a message reports that something went wrong, from weighted cues (lexicons/complaint-cues.json):
 * what happened ("delayed", "on hold", 坏了, 还没到), how it was judged ("worst", 失望), less the praise in it.
 * Praise under a negation ("not great", 不满意) counts for the complaint.
 */
export function findComplaint(prepared: Prepared, text: string): Complaint {
  const p = withoutPlain(prepared);
  const hits: Array<{ cue: string; points: number }> = [];
  const enBut = lastContrast(p.words, data.contrast.en, true);
  for (const { needle, cue, points } of EN) {
    const at = p.words.indexOf(needle);
    if (at < 0) continue;
    const before = p.words.slice(0, at).trim().split(' ').slice(-2);
    const negated = before.some((w) => EN_NEGATIONS.has(w));
    // "wasn't bad", "not late": a complaint word under a negation is denied, not voiced.
    if (points > 0) {
      if (!negated || EN_NEGATIONS.has(cue.split(' ')[0])) hits.push({ cue, points });
    } else {
      if (negated) hits.push({ cue: `${before.join(' ')} ${cue}`.trim(), points: data.negatedPraise });
      else hits.push({ cue, points: at < enBut ? points * CUSHION : points });
    }
  }
  if (/\p{Script=Han}/u.test(p.compact)) {
    const zhBut = lastContrast(p.compact, data.contrast.zh, false);
    for (const { cue, points } of ZH) {
      const at = p.compact.indexOf(cue);
      if (at < 0) continue;
      const before = p.compact.slice(Math.max(0, at - 4), at);
      const negation = ZH_NEGATIONS.find((n) => before.endsWith(n));
      if (points > 0) {
        // 不难用, 没生气, 不是投诉: denied. A cue that is itself a negation (不好, 没收到) is denied only by a
        // denial (没什么不满意, 并没有…).
        const denied = ZH_DENIALS.some((d) => before.endsWith(d)) || (negation !== undefined && !/^[不没]/.test(cue));
        if (!denied) hits.push({ cue, points });
      } else {
        if (negation) hits.push({ cue: negation + cue, points: data.negatedPraise });
        else hits.push({ cue, points: at < zhBut ? points * CUSHION : points });
      }
    }
  }
  for (const { re, points } of PATTERNS) {
    const m = re.exec(text);
    if (m) hits.push({ cue: m[0], points });
  }
  const points = Math.round(hits.reduce((sum, h) => sum + h.points, 0) * 100) / 100;
  const cues = hits.filter((h) => h.points > 0).sort((a, b) => b.points - a.points).map((h) => `'${h.cue}'`);
  const anger = data.anger.en.find((w) => enMatches(prepared, w)) ?? data.anger.zh.find((w) => prepared.compact.includes(w)) ?? null;
  return { points, anger, cues };
}
