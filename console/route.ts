import { signal } from '@preact/signals';

/** The page the console shows, from the address's #fragment: "#/reports", or the desk for anything else. */
export const route = signal(location.hash);
addEventListener('hashchange', () => (route.value = location.hash));

export const onReports = () => route.value.startsWith('#/reports');
