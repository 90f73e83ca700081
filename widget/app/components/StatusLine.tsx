import { useApp } from './context.ts';

/** One polite line under the header: connection trouble first, then where the conversation stands. */
export function StatusLine() {
  const { chat, t } = useApp();
  const c = chat.conversation.value;
  let text: string | null = null;
  if (chat.connection.value !== 'online') text = t(chat.connection.value === 'connecting' ? 'connecting' : 'reconnecting');
  else if (c?.status === 'queued') text = c.queuePosition ? t('queue', { n: c.queuePosition }) : t('queueWaiting');
  else if (c?.status === 'assigned') text = c.agentName ? t('agentJoined', { name: c.agentName }) : t('agentJoinedAnon');
  else if (c?.status === 'offline' && !c.contactRequested) text = t('offline');
  return (
    <div class={`status${text ? '' : ' status-empty'}${chat.connection.value !== 'online' ? ' status-warn' : ''}`} role="status">
      {text}
    </div>
  );
}
