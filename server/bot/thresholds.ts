/*
 * The matcher's three constants, chosen once on CLINC150 val.csv (3,000 in-scope + 100 out-of-scope
 * messages) with the matcher trained on CLINC150 train.csv, then used everywhere: the bot, `parley eval`,
 * `parley intents check`, the benchmarks. No per-data-set tuning. `npx tsx bench/matcher.ts --choose`
 * re-derives them (server/eval/calibrate.ts) by these rules:
 *
 *  TEMPERATURE       the softmax temperature with the least negative log-likelihood of the right intent
 *                    over the in-scope messages (grid 0.05..3, step 0.05), so a confidence of 0.7 means
 *                    right about 7 times in 10 there.
 *  ANSWER_THRESHOLD  the lowest confidence (grid step 0.01) at which at least 80% of the out-of-scope
 *                    messages are declined: the product must say "I don't know" to 4 in 5 questions it
 *                    cannot answer, and beyond that should answer as many as it can.
 *  CLARIFY_MARGIN    the margin (grid 0..0.5) with the most (wrong answers whose right intent is the
 *                    runner-up, now offered as a choice) − (right answers delayed by a needless question),
 *                    counting only pairs the policy would ask about (sum of both ≥ ANSWER_THRESHOLD).
 *
 * Measured: T 0.8, threshold 0.46 (val: 91.6% in-scope answered right, 80% out-of-scope declined), margin 0.13.
 */

/** Below this confidence the message is out of scope: the bot says it does not know. */
export const ANSWER_THRESHOLD = 0.46;
/** When the two best candidates are within this confidence of each other, the bot asks "A or B?". */
export const CLARIFY_MARGIN = 0.13;
/** Softmax temperature of the matcher's combined scores. */
export const TEMPERATURE = 0.8;
