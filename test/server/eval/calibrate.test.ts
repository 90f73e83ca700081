import { describe, expect, it } from 'vitest';
import { chooseCalibration } from '../../../server/eval/calibrate.ts';
import { EVIDENCE } from '../../../server/bot/confidence.ts';

// Our own sentences: a small pet shop, six intents, and questions it cannot answer.
const intents: Record<string, string[]> = {
  grooming: ['do you groom dogs', 'book a grooming appointment', 'how much is a dog haircut', 'can you trim my poodle', 'nail clipping for cats', 'is there a wash and cut', 'grooming prices', 'do you bathe large dogs', 'can I book a trim'],
  food: ['which food is best for puppies', 'do you sell grain free food', 'cat food for kidney problems', 'what do rabbits eat', 'is this kibble good for old dogs', 'wet food or dry food', 'food for a diabetic cat', 'do you have raw food', 'puppy food brands'],
  opening: ['when are you open', 'opening hours', 'are you open on sunday', 'what time do you close', 'are you open today', 'holiday hours', 'do you open early on saturday', 'closing time tonight', 'when does the shop open'],
  vet: ['is there a vet in the shop', 'can a vet see my cat', 'book a vet visit', 'my dog needs vaccinations', 'do you do flea treatment', 'vet appointment please', 'worming for my puppy', 'does the vet see rabbits', 'vaccination prices'],
  adoption: ['can I adopt a kitten', 'do you have puppies for adoption', 'how does adoption work', 'adoption fee', 'I want to rehome a rabbit', 'are there cats to adopt', 'adopt a dog', 'adoption forms', 'can I meet the kittens'],
  toys: ['do you sell chew toys', 'toys for a bored cat', 'a ball that floats', 'indestructible dog toy', 'toys for parrots', 'cat scratching post', 'squeaky toys', 'puzzle toy for dogs', 'rope toy'],
};
const split = (keep: (i: number) => boolean) => Object.entries(intents).flatMap(([label, texts]) => texts.filter((_, i) => keep(i)).map((text) => ({ text, label })));
const train = split((i) => i < 6);
const oos = ['what is the weather tomorrow', 'who won the football', 'how do I fix my car', 'recommend a good film', 'what is the capital of chile'];
const val = [...split((i) => i >= 6), ...oos.map((text) => ({ text, label: 'oos' }))];

describe('choosing the matcher constants on a validation set', () => {
  const c = chooseCalibration(train, val);

  it('declines at least 4 in 5 out-of-scope messages at the chosen threshold', () => {
    expect(c.oosRecall).toBeGreaterThanOrEqual(0.8);
    expect(c.threshold).toBeGreaterThan(0);
    expect(c.threshold).toBeLessThanOrEqual(1);
  });

  it('gives one calibration weight per kind of evidence, plus an intercept', () => {
    expect(c.weights).toHaveLength(EVIDENCE.length + 1);
    for (const w of c.weights) expect(Number.isFinite(w)).toBe(true);
  });

  it('picks a temperature and a clarify margin from their grids', () => {
    expect(c.temperature).toBeGreaterThanOrEqual(0.05);
    expect(c.temperature).toBeLessThanOrEqual(3);
    expect(c.margin).toBeGreaterThanOrEqual(0);
    expect(c.margin).toBeLessThanOrEqual(0.5);
  });
});
