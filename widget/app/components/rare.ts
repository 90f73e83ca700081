// What components/Later.tsx loads on first use: one chunk for everything rarely needed.
export { ContactForm } from './ContactForm.tsx';
export { Earlier } from './Earlier.tsx';
export { RatingForm } from './RatingForm.tsx';
export { TranscriptForm } from './TranscriptForm.tsx';
