/** Saving a file from an extension page: shared by the options page and the side panel (ui/download.ts). */
export { downloadText } from '../download';
