import type { VisitorFlag } from '../../protocol/visitor.ts';
import { Isolated } from './Isolated.tsx';

const KNOWN_LABEL: Record<string, string> = { vip: 'VIP', abusive: 'Abusive' };
export const flagLabel = (label: string): string => KNOWN_LABEL[label] ?? label;

/** A visitor's flags as short chips; VIP and abusive stand out, free labels stay quiet. */
export function FlagChips({ flags }: { flags: VisitorFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <span class="flags">
      {flags.map((f) => (
        <span key={f.label} class={`flag ${KNOWN_LABEL[f.label] ? f.label : 'label'}`}>
          <Isolated text={flagLabel(f.label)} />
        </span>
      ))}
    </span>
  );
}
