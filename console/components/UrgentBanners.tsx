import type { Workspace } from '../workspace.ts';

/** Urgent handoffs not opened yet: they stay in view until the agent opens them (or someone else has). */
export function UrgentBanners({ ws, onOpen }: { ws: Workspace; onOpen: (id: string) => void }) {
  const banners = ws.alerts.banners.value;
  if (banners.length === 0) return null;
  return (
    <section class="banners" aria-label="Urgent">
      {banners.map((b) => (
        <p key={b.conversationId} class="banner">
          <span>{b.text}</span>
          <button type="button" onClick={() => onOpen(b.conversationId)}>
            Open now
          </button>
        </p>
      ))}
    </section>
  );
}
