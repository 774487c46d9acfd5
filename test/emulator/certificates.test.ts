// The emulator's generated CA and server certificate, read back by OpenSSL (node:crypto's X509Certificate and a
// real TLS handshake), so the hand-written DER is checked by an independent parser and verifier.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { once } from 'node:events';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { generateEmulatorCertificates } from '../../src/emulator/tls/certificates';
import * as der from '../../src/emulator/tls/der';

const NOW = new Date('2026-03-04T05:06:07.890Z');

describe('generateEmulatorCertificates', () => {
  test('a CA and a server certificate for localhost, 127.0.0.1 and ::1, valid from a minute before now for a day', async () => {
    const { caPem, certPem, keyPem } = await generateEmulatorCertificates(NOW, 'test CA name');
    const ca = new X509Certificate(caPem);
    const server = new X509Certificate(certPem);
    expect(ca.subject).toBe('CN=test CA name');
    expect(ca.issuer).toBe('CN=test CA name');
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.subject).toBe('CN=localhost');
    expect(server.issuer).toBe('CN=test CA name');
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // X509Certificate.keyUsage lists the extended key usages
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    for (const cert of [ca, server]) {
      expect(new Date(cert.validFrom).toISOString()).toBe('2026-03-04T05:05:07.000Z');
      expect(new Date(cert.validTo).toISOString()).toBe('2026-03-05T05:06:07.000Z');
    }
    // The key is the server certificate's, and P-256.
    const key = createPrivateKey(keyPem);
    expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(createPublicKey(key).export({ format: 'jwk' })).toEqual(server.publicKey.export({ format: 'jwk' }));
  });

  test('each call makes new keys and serials; another CA does not verify the server certificate', async () => {
    const a = await generateEmulatorCertificates();
    const b = await generateEmulatorCertificates();
    const [caA, caB, serverA] = [a.caPem, b.caPem, a.certPem].map((pem) => new X509Certificate(pem));
    expect(a.keyPem).not.toBe(b.keyPem);
    expect(caA.serialNumber).not.toBe(caB.serialNumber);
    expect(serverA.verify(caB.publicKey)).toBe(false);
  });

  test('a TLS client that trusts only the CA connects by name and by address; one that trusts another CA is refused', async () => {
    const material = await generateEmulatorCertificates();
    const other = await generateEmulatorCertificates(new Date(), 'some other CA');
    const server = https.createServer({ cert: material.certPem, key: material.keyPem }, (_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const handshake = (ca: string, servername?: string) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port, ca, servername }, () => {
          socket.end();
          resolve('authorized');
        });
        socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
    try {
      expect(await handshake(material.caPem)).toBe('authorized');
      expect(await handshake(material.caPem, 'localhost')).toBe('authorized');
      expect(await handshake(other.caPem)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      server.close();
    }
  });
});

describe('DER encodings', () => {
  test('lengths use the short form below 128 bytes and the long form above', () => {
    expect(der.tlv(0x04, Buffer.alloc(127)).subarray(0, 2)).toEqual(Buffer.from([0x04, 127]));
    expect(der.tlv(0x04, Buffer.alloc(128)).subarray(0, 3)).toEqual(Buffer.from([0x04, 0x81, 128]));
    expect(der.tlv(0x04, Buffer.alloc(300)).subarray(0, 4)).toEqual(Buffer.from([0x04, 0x82, 0x01, 0x2c]));
  });

  test('integers are minimal and non-negative; OIDs and named bits as X.690 gives them', () => {
    expect(der.unsignedInteger(Buffer.from([0, 0, 5]))).toEqual(Buffer.from([0x02, 1, 5]));
    expect(der.unsignedInteger(Buffer.from([0x80]))).toEqual(Buffer.from([0x02, 2, 0, 0x80]));
    expect(der.unsignedInteger(Buffer.from([0]))).toEqual(Buffer.from([0x02, 1, 0]));
    // ecdsa-with-SHA256, the example every DER reference gives.
    expect(der.objectIdentifier('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    // keyCertSign | cRLSign | digitalSignature: bits 0, 5, 6 -> 0x86 with one unused bit.
    expect(der.namedBits([0, 5, 6]).toString('hex')).toBe('03020186');
    expect(der.namedBits([0]).toString('hex')).toBe('03020780');
  });

  test('times before 2050 are UTCTime, later ones GeneralizedTime', () => {
    expect(der.time(new Date('2049-12-31T23:59:59.999Z')).toString('latin1')).toBe('\x17\x0d491231235959Z');
    expect(der.time(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe('\x18\x0f20500101000000Z');
  });
});
