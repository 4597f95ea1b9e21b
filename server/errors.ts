/** A client mistake (bad parameter, bad body): answered with `status` and a JSON `{ error }`. */
export class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message)
    this.name = 'BadRequest'
  }
}
