import type { CannedResponse } from '../../protocol/canned.ts';

export const SUGGESTIONS_ID = 'canned-suggestions';
export const suggestionId = (i: number) => `canned-suggestion-${i}`;

/**
 * The saved replies matching what follows "/" in the reply box. The box keeps focus (it points at the
 * active option with aria-activedescendant); a click or Enter/Tab inserts the text for editing.
 */
export function CannedSuggestions(props: { query: string; matches: CannedResponse[]; active: number; onPick: (r: CannedResponse) => void }) {
  if (props.matches.length === 0) {
    return (
      <p class="suggest-empty" id={SUGGESTIONS_ID}>
        No saved reply matches “/{props.query}”. Press Escape to write it as text.
      </p>
    );
  }
  return (
    <ul class="suggestions" id={SUGGESTIONS_ID} role="listbox" aria-label="Saved replies">
      {props.matches.map((r, i) => (
        <li
          key={r.id}
          id={suggestionId(i)}
          role="option"
          aria-selected={i === props.active}
          // Keep the focus (and the caret) in the reply box.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => props.onPick(r)}
        >
          <span class="shortcut">/{r.shortcut}</span> <span class="text">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}
