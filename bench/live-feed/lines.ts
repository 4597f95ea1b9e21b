/** One message of the workload: its number and its text. */
export interface Line { n: number, text: string }

/** Every tenth message is ten lines long: rows of two very different heights (as in the Chromium tests). */
export function line(n: number): Line {
  return { n, text: n % 10 === 0 ? Array.from({ length: 10 }, (_, i) => `#${n} line ${i + 1} of a long message`).join('\n') : `#${n} price update bid ask` }
}

/** `ws/ticker` at `rate` messages/s for `seconds`, on the page's own origin (the demo backend is mounted there). */
export function tickerUrl(rate: number, seconds: number): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__lifeline/ws/ticker?rate=${rate}&count=${rate * seconds}&channel=bench-${Math.random().toString(36).slice(2, 8)}`
}

export interface Tick { type: 'tick', data: { n: number } }
