import { detectLang } from './language.ts';
import { normalize } from './normalize.ts';
import { terms, Vectorizer, type Sparse } from './features.ts';
import { SoftmaxModel, softmaxInPlace } from './model.ts';
import type { Lang, Scored } from './types.ts';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface MatchResult {
  lang: Lang;
  /** Every label, best first; confidence in [0,1], calibrated (the thresholds in thresholds.ts apply). */
  ranked: Scored[];
}

export interface Matcher {
  readonly labels: string[];
  /** `lang` is the conversation's language, used when the text itself does not tell (emoji, digits). */
  classify(text: string, lang?: Lang): MatchResult;
}

/** Trains a matcher on labelled examples; English and Chinese examples may be mixed in one set. */
export function trainMatcher(examples: TrainingExample[]): Matcher {
  const labels = [...new Set(examples.map((e) => e.label))];
  if (labels.length === 0) throw new Error('trainMatcher: no examples');
  const labelId = new Map(labels.map((l, i) => [l, i]));
  const docs = examples.map((e) => terms(normalize(e.text)));
  const vec = new Vectorizer().fit(docs);
  const xs: Sparse[] = docs.map((d) => vec.transform(d));
  const ys = examples.map((e) => labelId.get(e.label)!);
  const model = new SoftmaxModel(vec.size, labels.length).train(xs, ys);
  const z = new Float64Array(labels.length);

  return {
    labels,
    classify(text: string, lang?: Lang): MatchResult {
      const norm = normalize(text);
      const detected = detectLang(norm, lang ?? 'en');
      const x = vec.transform(terms(norm));
      // Not one term the pack knows: whatever the softmax says would be a guess from the biases alone.
      if (x.idx.length === 0) z.fill(0);
      else softmaxInPlace(model.logits(x, z));
      const ranked = labels.map((intent, i) => ({ intent, confidence: z[i] }));
      ranked.sort((a, b) => b.confidence - a.confidence);
      return { lang: detected, ranked };
    },
  };
}
