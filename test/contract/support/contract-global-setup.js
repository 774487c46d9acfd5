// Before a run against a real VCD (VCD_URL set), negotiate the API version once, so that the checks can be defined
// for it (service accounts only from 37.0). Reuses the test run's temp directory setup.
const https = require('node:https');
const fs = require('node:fs');
const baseSetup = require('../../global-setup.js');

function get(url, options) {
  return new Promise((resolve, reject) => {
    https
      .get(url, options, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      })
      .on('error', reject);
  });
}

module.exports = async () => {
  await baseSetup();
  const url = process.env.VCD_URL;
  if (!url || process.env.VCD_CONTRACT_API_VERSION) return;
  const base = url.replace(/\/+$/, '').replace(/\/api$/, '');
  const ca = process.env.VCD_CONTRACT_CA_FILE ? fs.readFileSync(process.env.VCD_CONTRACT_CA_FILE, 'utf8') : undefined;
  const res = await get(`${base}/api/versions`, { ca, rejectUnauthorized: process.env.VCD_CONTRACT_INSECURE !== '1' });
  if (res.status !== 200) throw new Error(`contract suite: GET ${base}/api/versions answered ${res.status}; check VCD_URL`);
  const versions = [...res.text.matchAll(/<VersionInfo[^>]*deprecated="false"[^>]*>\s*<Version>([\d.]+)<\/Version>/g)].map((m) => m[1]);
  if (versions.length === 0) throw new Error(`contract suite: ${base}/api/versions lists no supported API version`);
  const newest = versions.sort((a, b) => {
    const [am, an] = a.split('.').map(Number);
    const [bm, bn] = b.split('.').map(Number);
    return am !== bm ? am - bm : an - bn;
  }).at(-1);
  process.env.VCD_CONTRACT_NEGOTIATED_API_VERSION = newest;
};
