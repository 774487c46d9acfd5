// The emulator's throw-away CA and server certificate, built with node:crypto and a few DER encodings (./der):
// a certificate library cost more to load (about 0.2 s, with its dependencies) than generating both
// certificates does, and every process or test file that starts an emulator paid it.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import * as der from './der';

/** PEM material for the emulator's HTTPS listener. */
export interface EmulatorCertificates {
  /** The CA clients must trust (`ca` option of undici / node https). */
  readonly caPem: string;
  /** Server certificate (for 127.0.0.1, ::1 and localhost), signed by the CA. */
  readonly certPem: string;
  readonly keyPem: string;
}

/** Object identifiers used below (RFC 5280 §4.1 and §4.2.1, RFC 5758 §3.2). */
const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** KeyUsage bit numbers (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

interface KeyPair {
  readonly privateKey: KeyObject;
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Buffer;
  /** Key identifier: SHA-1 of the public key's bits (RFC 5280 §4.2.1.2, method 1). */
  readonly keyId: Buffer;
}

function newKeyPair(): KeyPair {
  // P-256: generation and handshakes are much cheaper than RSA, which matters on a 2-core CI box.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x as string, 'base64url'), Buffer.from(jwk.y as string, 'base64url')]);
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }), keyId: createHash('sha1').update(point).digest() };
}

const name = (commonName: string): Buffer => der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))));

const extension = (oid: string, critical: boolean, value: Buffer): Buffer =>
  der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));

interface CertificateFields {
  readonly subject: string;
  readonly issuer: string;
  readonly subjectKey: KeyPair;
  readonly issuerKey: KeyPair;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
}

/** An X.509 v3 certificate (RFC 5280 §4.1), signed with ECDSA over SHA-256 by the issuer's key, as PEM. */
function certificate(fields: CertificateFields): string {
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  // A positive 128-bit serial: unique per certificate without bookkeeping (RFC 5280 §4.1.2.2 allows up to 20 bytes).
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(Buffer.from([2]))), // v3
    der.unsignedInteger(serial),
    algorithm,
    name(fields.issuer),
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    name(fields.subject),
    fields.subjectKey.spki,
    der.explicit(3, der.sequence(
      extension(OID.subjectKeyIdentifier, false, der.octetString(fields.subjectKey.keyId)),
      extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, fields.issuerKey.keyId))),
      ...fields.extensions,
    )),
  );
  // node:crypto signs EC keys in the DER form (ECDSA-Sig-Value) that X.509 carries.
  const signature = sign('sha256', tbs, fields.issuerKey.privateKey);
  const body = der.sequence(tbs, algorithm, der.bitString(signature)).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

/**
 * Generates a throw-away CA and a server certificate signed by it, valid from a minute before `now` for one day.
 * `caName`: the CA's common name; servers whose CAs are trusted side by side need distinct names (TLS finds an
 * issuer by its name, so two CAs of one name make the wrong one be tried).
 */
export async function generateEmulatorCertificates(now: Date = new Date(), caName = 'vcd-emulator local CA'): Promise<EmulatorCertificates> {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 24 * 3600_000);
  const caKey = newKeyPair();
  const serverKey = newKeyPair();
  const caPem = certificate({
    subject: caName,
    issuer: caName,
    subjectKey: caKey,
    issuerKey: caKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
      extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
    ],
  });
  const certPem = certificate({
    subject: 'localhost',
    issuer: caName,
    subjectKey: serverKey,
    issuerKey: caKey,
    notBefore,
    notAfter,
    extensions: [
      extension(OID.basicConstraints, false, der.sequence()),
      extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.digitalSignature])),
      extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, der.sequence(
        der.implicitPrimitive(2, Buffer.from('localhost', 'ascii')), // dNSName
        der.implicitPrimitive(7, Buffer.from([127, 0, 0, 1])), // iPAddress
        der.implicitPrimitive(7, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])), // iPAddress ::1
      )),
    ],
  });
  const keyPem = serverKey.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  return { caPem, certPem, keyPem };
}
