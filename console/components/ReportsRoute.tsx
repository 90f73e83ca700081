import { useSignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import type { AgentProfile } from '../../protocol/agent.ts';

type Page = ComponentType<{ agent: AgentProfile }>;

/**
 * The reports page, loaded on first visit: it and its chart library (uPlot) are a chunk of their own, so
 * an agent who only answers chats never downloads them.
 */
export function ReportsRoute({ agent }: { agent: AgentProfile }) {
  const page = useSignal<Page | null>(null);
  const failed = useSignal(false);
  useEffect(() => {
    import('../reports/ReportsPage.tsx').then(
      (m) => (page.value = m.default),
      () => (failed.value = true),
    );
  }, []);
  if (failed.value) {
    return (
      <p class="error" role="alert">
        The reports page could not be loaded. Check the connection and reload.
      </p>
    );
  }
  const Page = page.value;
  return Page ? <Page agent={agent} /> : <p class="loading">Loading reports…</p>;
}
