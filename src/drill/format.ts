/**
 * Small formatting helpers of the drill: the clock and durations in the environment file's
 * own notation.
 */

/** Milliseconds as a stopwatch reading, `H:MM:SS` (hours unbounded). This is a pure function. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * Seconds as a duration the environment file accepts (docs/environment.md: `90s`, `30m`, `8h`, `1h30m`):
 * whole seconds under a minute, otherwise rounded to the minute, which is as precise as a
 * drill record needs to be. This is a pure function.
 */
export function environmentDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const minutes = Math.round(whole / 60);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}

/** `stop-services computer=CVL-SM02`: an action and its parameters as the operator types them. */
export function actionText(action: string, params: Readonly<Record<string, string>>): string {
  const parts = Object.entries(params).map(
    ([key, value]) => `${key}=${/\s/.test(value) ? JSON.stringify(value) : value}`,
  );
  return [action, ...parts].join(' ');
}
