import { useApp } from './context.ts';

/** One polite line under the header: connection trouble first, then where the conversation stands. */
export function StatusLine() {
  const { chat, t } = useApp();
  const c = chat.conversation.value;
  const a = chat.availability.value;
  let text: string | null = null;
  if (chat.connection.value !== 'online') text = t(chat.connection.value);
  else if (c?.status === 'queued') {
    // Nobody can answer (closed, or no agent): the header and the bot's reply say so, the form asks for an
    // e-mail — a place in the queue would contradict them. Otherwise: the place, and the wait or an apology.
    if (!c.contactRequested || !a || (a.open && a.agents)) {
      text = c.queuePosition ? t('queue', { n: c.queuePosition }) : t('queueWaiting');
      if (c.contactRequested) text += ` · ${t('queueSorry')}`;
      else if (c.waitEstimateMs) text += ` · ${t('wait', { m: Math.max(1, Math.round(c.waitEstimateMs / 60_000)) })}`;
    }
  } else if (c?.status === 'assigned') text = c.agentName ? t('agentJoined', { name: c.agentName }) : t('agentJoinedAnon');
  else if (c?.status === 'offline') text = t(a?.mail ? 'offline' : 'offlineNoMail');
  return (
    <div class={`status${text ? '' : ' status-empty'}${chat.connection.value !== 'online' ? ' status-warn' : ''}`} role="status">
      {text}
    </div>
  );
}
