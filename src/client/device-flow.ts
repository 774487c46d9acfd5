// The device side of the OAuth device flow (RFC 8628 §3.4-3.5) as VCD runs it for service accounts: poll the
// token endpoint with the device code until an administrator granted the request, honouring
// `authorization_pending`, `slow_down` (+5 s for good), `expired_token` and `access_denied`. The first refresh
// token goes to the caller's persistence callback before the session is handed back. Clock and timer are
// injectable so tests move time instead of waiting.
import type { ClientInternals } from './client-internals';
import { errorFromResponse, parseErrorBody } from './error-mapping';
import { quotedMessage, VcdError } from './errors';
import type { HttpResponse } from './http-response';
import { asVcdError, isSuccess } from './response-parsing';
import { RETRYABLE_STATUSES, abortableSleep } from './retry-policy';
import type { DeviceAuthorization, DeviceTokenPollOptions, PersistRefreshToken, ServiceAccountTokens } from './service-account-types';
import { parseTokenResponse } from './token-response';
import type { Secret } from './redaction';
import type { BearerSession } from './types';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: after `slow_down` the interval grows by 5 seconds, for the rest of the flow. */
export const SLOW_DOWN_INCREMENT_MS = 5000;
/** The shortest wait between polls, whatever the server announces (an interval of 0 would mean a busy loop). */
export const MIN_POLL_INTERVAL_MS = 200;

/** Polls until the request is granted and returns the account's first session and (persisted) refresh token. */
export async function pollDeviceToken(internals: ClientInternals, auth: DeviceAuthorization, options: DeviceTokenPollOptions): Promise<ServiceAccountTokens> {
  if (typeof options?.persist !== 'function') {
    throw new VcdError('VCD_INVALID_ARGUMENT', 'pollDeviceToken needs a persist callback: the first refresh token must be saved before it is used.');
  }
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const started = now();
  const codeExpiresAt = auth.requestedAt + auth.expiresIn * 1000;
  const giveUpAt = Math.min(codeExpiresAt, options.deadlineMs === undefined ? Infinity : started + options.deadlineMs);
  let intervalMs = Math.max(auth.interval * 1000, MIN_POLL_INTERVAL_MS);
  const signal = options.signal;
  const who = `service account ${auth.serviceAccountId}`;

  for (let attempt = 1; ; attempt++) {
    // RFC 8628 §3.4: wait the interval before each poll, the first one included.
    const wait = Math.min(intervalMs, Math.max(0, giveUpAt - now()));
    if (wait > 0) {
      try {
        await sleep(wait, signal ?? new AbortController().signal);
      } catch {
        throw new VcdError('VCD_ABORTED', `Waiting for the device authorization of ${who} was cancelled by the caller.`);
      }
    }
    if (signal?.aborted) throw new VcdError('VCD_ABORTED', `Waiting for the device authorization of ${who} was cancelled by the caller.`);
    if (now() >= giveUpAt) throw giveUp(auth, now() >= codeExpiresAt, attempt - 1);

    const res = await postDeviceCode(internals, auth, options);
    if (isSuccess(res)) return activate(res, auth, options.persist);
    const body = parseErrorBody(res);
    const code = body.minorErrorCode?.toLowerCase();
    let answer: 'authorization_pending' | 'slow_down' | 'unavailable';
    if (res.status === 400 && code === 'authorization_pending') answer = 'authorization_pending';
    else if (res.status === 400 && code === 'slow_down') {
      intervalMs += SLOW_DOWN_INCREMENT_MS;
      answer = 'slow_down';
    } else if (RETRYABLE_STATUSES.has(res.status)) answer = 'unavailable';
    else throw pollFailure(res, auth, code);
    options.onProgress?.({ attempt, answer, intervalSeconds: intervalMs / 1000, remainingSeconds: Math.max(0, Math.round((giveUpAt - now()) / 1000)) });
  }
}

async function postDeviceCode(internals: ClientInternals, auth: DeviceAuthorization, options: DeviceTokenPollOptions): Promise<HttpResponse> {
  const description = `Polling the device authorization of service account ${auth.serviceAccountId}`;
  return internals.run(options, async (op) => {
    try {
      // No Authorization header: the device has no session of its own, only the device code.
      return await internals.send(
        {
          method: 'POST',
          path: internals.oauthPath(auth.org, 'token'),
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: auth.clientId, device_code: auth.deviceCode.reveal() }).toString(),
        },
        op,
      );
    } catch (e) {
      const err = asVcdError(e, op);
      if (err.code === 'VCD_ABORTED') throw err;
      // The poll may have been answered with the account's first token that never arrived.
      throw new VcdError(
        err.code,
        `${description}: ${quotedMessage(err)} If an administrator had already granted the request, VCD may have activated the account with a token this process never received: check its status (vcd-token service-account status); if it is ACTIVE, revoke it and authorize again.`,
        { cause: err, method: 'POST', path: err.path, retryable: false, details: { serviceAccountId: auth.serviceAccountId } },
      );
    }
  });
}

async function activate(res: HttpResponse, auth: DeviceAuthorization, persist: PersistRefreshToken): Promise<ServiceAccountTokens> {
  const description = `Activating service account ${auth.serviceAccountId}`;
  const t = parseTokenResponse(res, description);
  if (!t.refreshToken) {
    throw new VcdError(
      'VCD_ROTATION_INCOMPLETE',
      `${description}: VCD granted the device code but sent no "refresh_token", so the account is ACTIVE with a token nobody holds. Nothing was saved. Revoke the service account (vcd-token service-account revoke) and authorize it again.`,
      { status: res.status, method: res.method, path: res.path, details: { serviceAccountId: auth.serviceAccountId } },
    );
  }
  await persistOrExplain(persist, t.refreshToken, { stage: 'activated', subject: `service account ${auth.serviceAccountId}` });
  const session: BearerSession = { org: auth.org, accessToken: t.accessToken, tokenType: 'Bearer', authMethod: 'serviceAccount', expiresIn: t.expiresIn, obtainedAt: new Date() };
  return { session, refreshToken: t.refreshToken, rotated: true };
}

/** What a failed save is about, for its message. */
export interface PersistContext {
  readonly stage: 'activated' | 'rotated';
  /** "service account urn:…", "the API token of org acme". */
  readonly subject: string;
  /** How to get a working token again. @default revoke the service account and authorize it again */
  readonly recovery?: string;
}

/**
 * Runs the caller's persistence callback. When it fails, the token just received is the only live one and is
 * held nowhere, so the error says exactly that and how to recover, never the token.
 */
export async function persistOrExplain(persist: PersistRefreshToken, token: Secret, context: PersistContext): Promise<void> {
  try {
    await persist(token);
  } catch (err) {
    const cause = quotedMessage(err);
    const what =
      context.stage === 'rotated'
        ? `VCD rotated the token of ${context.subject}: the token presented is dead, and the new one`
        : `${context.subject} is ACTIVE, and its first token`;
    const recovery = context.recovery ?? 'revoke the service account (vcd-token service-account revoke) and authorize it again with the device flow (vcd-token service-account authorize)';
    throw new VcdError('VCD_ROTATED_TOKEN_NOT_SAVED', `${what} could not be saved: ${cause} No saved copy of a working token exists; to recover, ${recovery}.`, {
      cause: err,
      details: { stage: context.stage },
    });
  }
}

function giveUp(auth: DeviceAuthorization, expired: boolean, polls: number): VcdError {
  if (expired) {
    return new VcdError(
      'VCD_DEVICE_CODE_EXPIRED',
      `The device authorization of service account ${auth.serviceAccountId} expired after ${auth.expiresIn} s without being granted (user code ${auth.userCode}). Start a new one (vcd-token service-account authorize) and have an administrator grant it in time.`,
      { details: { serviceAccountId: auth.serviceAccountId, polls } },
    );
  }
  return new VcdError(
    'VCD_DEVICE_AUTHORIZATION_PENDING',
    `No administrator granted the device authorization of service account ${auth.serviceAccountId} (user code ${auth.userCode}) before the deadline. Grant it (vcd-token service-account grant --user-code ${auth.userCode}, or ${auth.verificationUri}) and run authorize again, or allow more time (--deadline).`,
    { retryable: true, details: { serviceAccountId: auth.serviceAccountId, polls } },
  );
}

function pollFailure(res: HttpResponse, auth: DeviceAuthorization, code: string | undefined): VcdError {
  const base = { status: res.status, minorErrorCode: code, method: res.method, path: res.path, details: { serviceAccountId: auth.serviceAccountId } };
  if (code === 'expired_token') {
    return new VcdError('VCD_DEVICE_CODE_EXPIRED', `VCD says the device code of service account ${auth.serviceAccountId} expired (user code ${auth.userCode}). Start a new device authorization (vcd-token service-account authorize).`, base);
  }
  if (code === 'access_denied') {
    return new VcdError('VCD_DEVICE_AUTHORIZATION_DENIED', `An administrator denied the device authorization of service account ${auth.serviceAccountId} (user code ${auth.userCode}). Ask them why; authorize again once they agree.`, base);
  }
  if (code === 'invalid_grant') {
    return new VcdError(
      'VCD_INVALID_GRANT',
      `VCD does not accept the device code of service account ${auth.serviceAccountId}: it was replaced by a newer device authorization, already used, or the account was revoked or deleted. Start a new device authorization (vcd-token service-account authorize).`,
      base,
    );
  }
  return errorFromResponse(res, { operation: 'serviceAccountManage', description: `Polling the device authorization of service account ${auth.serviceAccountId}` });
}
