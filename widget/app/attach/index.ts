// What widget/app/attach-loader.ts loads on first use: uploading and showing files.
export { attachFiles, retryUpload } from './upload.ts';
export { Attachments } from './Attachments.tsx';
export { PendingFile } from './PendingFile.tsx';
