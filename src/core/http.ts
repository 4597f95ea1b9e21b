/**
 * `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) as a delay in ms; `0` when absent or
 * unreadable (no hint at all). Timers clamp what is too big.
 */
export function retryAfter(value: string | null | undefined, now: number): number {
  if (!value)
    return 0
  if (/^\s*\d+\s*$/.test(value))
    return Number(value) * 1000
  return Math.max(0, Date.parse(value) - now) || 0
}
