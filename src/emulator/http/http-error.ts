import type { HttpResponse } from './http-response';

/**
 * Thrown by guards and parsers inside a handler to answer with `response` at once.
 * The server catches it and writes the response; any other exception becomes a 500.
 */
export class EmulatorHttpError extends Error {
  public readonly response: HttpResponse;

  public constructor(response: HttpResponse, reason: string) {
    super(reason);
    this.name = 'EmulatorHttpError';
    this.response = response;
  }
}
