// One operation = one overall deadline plus the caller's signal. Every request and every retry wait of the
// operation listens to `signal`; `abortError` tells a caller abort (VCD_ABORTED) from the deadline (VCD_TIMEOUT).
import { VcdError } from './errors';
import { LIBRARY_SETTING_NAMES } from './setting-names';

export class Operation {
  public readonly signal: AbortSignal;
  public readonly timeoutMs: number;
  readonly #controller = new AbortController();
  readonly #callerSignal?: AbortSignal;
  readonly #timer: NodeJS.Timeout;
  readonly #onCallerAbort: () => void;
  #reason: 'caller' | 'deadline' | undefined;

  readonly #timeoutSetting: string;

  /** `timeoutSetting`: how the reader of a deadline error raises the timeout (see VcdSettingNames). */
  public constructor(timeoutMs: number, callerSignal?: AbortSignal, timeoutSetting: string = LIBRARY_SETTING_NAMES.timeout) {
    this.timeoutMs = timeoutMs;
    this.#timeoutSetting = timeoutSetting;
    this.signal = this.#controller.signal;
    this.#callerSignal = callerSignal;
    this.#onCallerAbort = () => this.#abort('caller');
    this.#timer = setTimeout(() => this.#abort('deadline'), timeoutMs);
    this.#timer.unref?.();
    if (callerSignal?.aborted) this.#abort('caller');
    else callerSignal?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  public get abortedBy(): 'caller' | 'deadline' | undefined {
    return this.#reason;
  }

  /** Was the caller's own signal aborted (as opposed to the deadline)? */
  public get callerAborted(): boolean {
    return this.#reason === 'caller' || this.#callerSignal?.aborted === true;
  }

  /** The error to throw once `signal` has fired. */
  public abortError(method?: string, path?: string): VcdError {
    if (this.#reason === 'caller') {
      return new VcdError('VCD_ABORTED', 'The operation was cancelled by the caller.', { method, path });
    }
    return new VcdError(
      'VCD_TIMEOUT',
      `The operation did not finish within its deadline of ${this.timeoutMs} ms (VCD or the network is too slow, or a proxy stalls). If VCD is known to be slow, raise ${this.#timeoutSetting}.`,
      { method, path, retryable: true },
    );
  }

  public dispose(): void {
    clearTimeout(this.#timer);
    this.#callerSignal?.removeEventListener('abort', this.#onCallerAbort);
  }

  #abort(reason: 'caller' | 'deadline'): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller.abort(new Error(reason === 'caller' ? 'aborted by caller' : 'operation deadline exceeded'));
  }
}
