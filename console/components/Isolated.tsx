import { closeBidi } from '../../widget/app/links.ts';

/**
 * Text a visitor (or the shop's page, or another agent) supplied, placed among the console's own words: a
 * bidi isolate whose overrides and embeddings all end inside it, so a right-to-left override in a name
 * cannot reorder "waiting 3 min" beside it (links.ts, closeBidi).
 */
export const Isolated = ({ text }: { text: string }) => <bdi>{closeBidi(text)}</bdi>;
