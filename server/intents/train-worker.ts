// The body of the worker thread that trains a reloaded pack (train-in-worker.ts starts it): the pack comes
// in as workerData, the trained matcher goes back as one message, its typed arrays transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { trainPack } from '../bot/create-bot.ts';
import type { IntentPack } from './schema.ts';

const trained = trainPack(workerData as IntentPack);
const arrays = [trained.w, trained.b, trained.ys, trained.vectorizer.idf, trained.vectorizer.group];
if (trained.postings) arrays.push(trained.postings.start, trained.postings.ex, trained.postings.val);
parentPort!.postMessage(trained, arrays.map((a) => a.buffer as ArrayBuffer));
