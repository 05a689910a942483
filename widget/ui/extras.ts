/**
 * The on-demand chunk's exports (public/widget-extra.js, built by scripts/build-widget.mjs from extras-chunk.ts):
 * the rating and "Email me this chat". The chat bundle loads it only when one of them is shown (Extra.tsx).
 */
export { Rate, type RateProps } from './Rate';
export { Transcript, type TranscriptProps } from './Transcript';
