// forged-tokens: one address sends feed reads with forged ES256 tokens: the signing key's real kid, a new subject
// each, random bytes for a signature. The gateway checks the first ones (401) and, past the address's unverified
// policy, refuses the rest before any check (429) (load-tests' ForgedTokensSimulation).
import http from 'k6/http';
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { openModel, record, summaryTrendStats, thresholds, BASE, USERS } from './common.js';

export const options = {
  scenarios: { forger: openModel() },
  thresholds: thresholds(50, 100, 250, 1000, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

export function setup() {
  const keys = http.get(`${USERS}/internal/jwks.json`).json('keys');
  const header = { alg: 'ES256', typ: 'JWT', kid: keys[0].kid };
  return { header: encoding.b64encode(JSON.stringify(header), 'rawurl') };
}

export default function (data) {
  const claims = { iss: 'photofeed', sub: `${1000000 + __VU * 100000 + __ITER}`, exp: Math.floor(Date.now() / 1000) + 600 };
  const token = `${data.header}.${encoding.b64encode(JSON.stringify(claims), 'rawurl')}.${encoding.b64encode(crypto.randomBytes(64), 'rawurl')}`;
  const res = http.get(`${BASE}/api/feed?limit=20`, { headers: { Authorization: `Bearer ${token}` } });
  record(res, 401, 429);
}
