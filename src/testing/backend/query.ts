// Shared with the Node demo backend (`server/`), so both read a route's parameters the same way.

/** A client mistake (bad parameter, bad body): answered with `status` and a JSON `{ error }`. */
export class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message)
    this.name = 'BadRequest'
  }
}

/** Typed access to query parameters; a malformed value is a 400 naming the parameter, never a guess. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  has(name: string): boolean {
    return this.params.has(name) && this.params.get(name) !== ''
  }

  string(name: string, fallback: string): string {
    return this.params.get(name) ?? fallback
  }

  optionalString(name: string): string | undefined {
    return this.params.get(name) ?? undefined
  }

  /** An integer in `[min, max]`; an empty or missing value gives `fallback`. */
  int(name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    return this.optionalInt(name, { min, max }) ?? fallback
  }

  optionalInt(name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
    const raw = this.params.get(name)
    if (raw === null || raw === '')
      return undefined
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max)
      throw new BadRequest(`invalid ?${name}=${raw}: expected an integer from ${min} to ${max}`)
    return value
  }

  /** `1`, `true`, `yes` (or an empty `?flag`) → true. */
  flag(name: string): boolean {
    const raw = this.params.get(name)
    return raw !== null && ['', '1', 'true', 'yes'].includes(raw)
  }

  entries(): Record<string, string> {
    return Object.fromEntries(this.params)
  }
}
