import { signal } from '@preact/signals';

/** Waiting times and the visitor's local time tick twice a minute; one timer for the whole page. */
export const now = signal(Date.now());
setInterval(() => (now.value = Date.now()), 30_000);
