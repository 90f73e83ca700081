import { useSignal } from '@preact/signals';
import { Dialog, DialogFooter } from './Dialog.tsx';
import { HoursAdmin } from './HoursAdmin.tsx';
import { TeamAdmin } from './TeamAdmin.tsx';
import { VisitorDataAdmin } from './VisitorDataAdmin.tsx';

const TABS = { team: 'Team', hours: 'Business hours', visitors: 'Visitor data' } as const;
type Tab = keyof typeof TABS;

/** What only admins manage (the server refuses agents every one of these): one dialog, a tab each. */
export function AdminPanel({ meId, onClose }: { meId: string; onClose: () => void }) {
  const tab = useSignal<Tab>('team');
  return (
    <Dialog title="Admin" onClose={onClose}>
      <div class="tabs" role="tablist" aria-label="Admin">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab.value === t} class={tab.value === t ? 'tab active' : 'tab'} onClick={() => (tab.value = t)}>
            {TABS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS[tab.value]}>
        {tab.value === 'team' && <TeamAdmin meId={meId} />}
        {tab.value === 'hours' && <HoursAdmin />}
        {tab.value === 'visitors' && <VisitorDataAdmin />}
      </div>
      <DialogFooter error={null} closeLabel="Close" onClose={onClose} />
    </Dialog>
  );
}
