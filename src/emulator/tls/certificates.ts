import { generate } from 'selfsigned';

/** PEM material for the emulator's HTTPS listener. */
export interface EmulatorCertificates {
  /** The CA clients must trust (`ca` option of undici / node https). */
  readonly caPem: string;
  /** Server certificate (for 127.0.0.1, ::1 and localhost), signed by the CA. */
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Generates a throw-away CA and a server certificate signed by it, valid for one day.
 * P-256 keys: generation and handshakes are much cheaper than RSA, which matters on a 2-core CI box.
 * `caName`: the CA's common name; servers whose CAs are trusted side by side need distinct names (TLS finds an
 * issuer by its name, so two CAs of one name make the wrong one be tried).
 */
export async function generateEmulatorCertificates(now: Date = new Date(), caName = 'vcd-emulator local CA'): Promise<EmulatorCertificates> {
  const notBeforeDate = new Date(now.getTime() - 60_000);
  const notAfterDate = new Date(now.getTime() + 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: caName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private };
}
