/*
 * The matcher's constants, chosen once on CLINC150 val.csv (3,000 in-scope + 100 out-of-scope messages)
 * with matchers trained on CLINC150 train.csv, then used everywhere: the bot, `parley eval`, `parley
 * intents check`, the benchmarks. No per-data-set tuning; never chosen on a test set or on our pack's
 * held-out file. `npx tsx bench/matcher.ts --choose` re-derives them (server/eval/calibrate.ts) by these
 * rules, in this order:
 *
 *  TEMPERATURE       the softmax temperature with the least negative log-likelihood of the right intent
 *                    over the in-scope messages (grid 0.05..3, step 0.05), matcher trained on all of train.csv.
 *  CALIBRATION       logistic regression of "the best intent is right" (out-of-scope = wrong) on the
 *                    evidence of server/bot/confidence.ts, pooled over nine pack shapes cut from train.csv
 *                    (all 150 intents × 100, × 10, × 5 examples; 10 × 16, 15 × 25, 27 × 10, 27 × 16,
 *                    27 × 30, 50 × 20; for a subset, val messages of the other intents are out of scope),
 *                    each shape weighing the same. The softmax probability alone shifts with the number
 *                    of intents and examples; with the nearest-example cosines beside it the same
 *                    confidence means about the same chance of being right whatever the pack's size
 *                    (in-scope messages at 0.6–0.8: right 84% on CLINC150 and Banking77 10-shot, 89% on
 *                    our 27-intent pack; the out-of-scope share the fit counts as wrong makes it cautious).
 *  ANSWER_THRESHOLD  the lowest calibrated confidence (grid step 0.01) at which at least 80% of the
 *                    out-of-scope messages are declined, matcher trained on all of train.csv: the product
 *                    must say "I don't know" to 4 in 5 questions it cannot answer, and beyond that should
 *                    answer as many as it can.
 *  CLARIFY_MARGIN    the margin (grid 0..0.5) with the most (wrong answers whose right intent is the
 *                    runner-up, now offered as a choice) − (right answers delayed by a needless question),
 *                    counting only pairs the policy would ask about (sum of both ≥ ANSWER_THRESHOLD).
 *
 * Measured (features with lexicons/synonyms.json): T 0.8, threshold 0.40 (val: 91.5% in-scope answered
 * right, 80% out-of-scope declined), margin 0.09.
 */

/** Below this confidence the message is out of scope: the bot says it does not know. */
export const ANSWER_THRESHOLD = 0.4;
/** When the two best candidates are within this confidence of each other, the bot asks "A or B?". */
export const CLARIFY_MARGIN = 0.09;
/** Softmax temperature of the matcher's combined scores. */
export const TEMPERATURE = 0.8;
/** Intercept and one weight per evidence value of the confidence calibration (server/bot/confidence.ts). */
export const CALIBRATION: readonly number[] | null = [-1.22, 0.823, 3.245, -0.749];
