// The ceiling of the emulator-throughput bench: the least a Node HTTPS server can do per request (read the body,
// answer fixed JSON, keep-alive), with the emulator's own certificate. Started as a child process by
// bench/emulator-throughput.ts; prints `{"url":…}` when listening, stops on SIGTERM.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

const [certFile, keyFile] = process.argv.slice(2);
// About the size of a token response, so both sides move the same bytes.
const BODY = Buffer.from(JSON.stringify({ access_token: 'x'.repeat(420), token_type: 'Bearer', expires_in: 1800 }));

const server = https.createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), keepAliveTimeout: 5000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(BODY.length) });
    res.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
