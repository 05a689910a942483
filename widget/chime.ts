/**
 * Two soft sine notes, each with a quick attack and an exponential fade: a gentle "ding-dong". Shared by
 * the visitor's widget and the agent's side panel (no dependencies, so either bundle can take it).
 */
export function playChime(ctx: AudioContext): void {
  const t = ctx.currentTime;
  for (const [freq, at] of [
    [880, 0],
    [660, 0.14],
  ] as const) {
    const osc = ctx.createOscillator(); // a sine wave: the default type
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t + at);
    gain.gain.exponentialRampToValueAtTime(0.12, t + at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + at + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t + at);
    osc.stop(t + at + 0.42);
  }
}
