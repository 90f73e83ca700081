/**
 * What the matcher's confidence means. The softmax probability of the best intent depends on how many
 * intents share the mass and how many examples each has: 0.4 is a near-certain match among 150 intents
 * and a shrug among 5. So the confidence the bot acts on is a logistic calibration of evidence whose
 * meaning does not change with the pack's size, fitted on CLINC150 val.csv (server/eval/calibrate.ts).
 */

/** Names of the evidence values, in the order of the calibration weights (after the intercept). */
export const EVIDENCE = [
  // How the best intent stands against the others: carries the most, but its scale shifts with the number
  // of intents and of examples, which the two cosines below do not.
  'logit of the best intent\'s probability',
  // How close the message is to one real example of that intent: near 1 is a paraphrase, near 0 no match.
  'cosine with the nearest example of the best intent',
  'that cosine minus the best cosine with an example of any other intent',
] as const;

const logit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

export function evidenceOf(out: Float64Array, pTop: number, cosTop: number, cosGap: number): Float64Array {
  out[0] = logit(pTop);
  out[1] = cosTop;
  out[2] = cosGap;
  return out;
}

/** weights: intercept, then one weight per EVIDENCE value. */
export function calibrated(ev: ArrayLike<number>, weights: readonly number[]): number {
  let s = weights[0];
  for (let i = 0; i < ev.length; i++) s += weights[i + 1] * ev[i];
  return 1 / (1 + Math.exp(-s));
}

/**
 * Gives the best intent (index a of probabilities p) the calibrated confidence and keeps the others' order
 * and their shares relative to one another; the confidences still sum to at most 1.
 */
export function rescale(p: Float64Array, a: number, confidence: number): void {
  const top = p[a];
  if (confidence <= top) {
    const k = top > 0 ? confidence / top : 0;
    for (let i = 0; i < p.length; i++) p[i] *= k;
  } else {
    const k = top < 1 ? (1 - confidence) / (1 - top) : 0;
    for (let i = 0; i < p.length; i++) p[i] *= k;
  }
  p[a] = confidence;
}
