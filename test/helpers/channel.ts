let seq = 0

/** A channel id unique to this test run, so each test's backend state and chaos stay its own. */
export function channel(prefix = 't'): string {
  return `${prefix}-${Date.now().toString(36)}-${(++seq).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
