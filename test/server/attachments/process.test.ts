import { describe, expect, it } from 'vitest';
import { createGate, UploadRefused } from '../../../server/attachments/process.ts';

describe('the image processing gate', () => {
  it('runs at most two jobs at once, queues a few more in order, and answers busy beyond', async () => {
    const run = createGate(2, 2);
    let active = 0;
    let most = 0;
    const finished: number[] = [];
    const releases: Array<() => void> = [];
    const job = (n: number) =>
      run(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        finished.push(n);
      });
    const jobs = [1, 2, 3, 4].map(job);
    await expect(job(5)).rejects.toEqual(new UploadRefused('busy'));
    while (finished.length < 4) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
    expect(finished).toEqual([1, 2, 3, 4]);
    // Room again once the queue drained.
    await expect(run(async () => 'done')).resolves.toBe('done');
  });
});
