import { splitLinks } from '../links.ts';

/**
 * Message text as text nodes; http(s) links (links.ts: shown as where they go) open in a new tab without
 * handing it our window. A link is a left-to-right isolate: bidi controls around it cannot reorder it.
 * Callers put the text in a block of its own with dir="auto", so nothing in it reaches the text around it.
 */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" dir="ltr">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
