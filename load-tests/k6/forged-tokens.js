// forged-tokens: one address sends feed reads with forged ES256 tokens: the signing key's real kid, a new subject
// each, random bytes for a signature. The gateway checks the first ones (401) and, past the address's unverified
// policy, refuses the rest before any check (429) (load-tests' ForgedTokensSimulation).
import http from 'k6/http';
import encoding from 'k6/encoding';
import crypto from 'k6/crypto';
import { accounts, openModel, record, summaryTrendStats, thresholds, BASE } from './common.js';

export const options = {
  scenarios: { forger: openModel() },
  thresholds: thresholds(50, 100, 250, 1000, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

/** A real token's header (it names the signing key's kid), from one log-in through the edge. */
export function setup() {
  const a = accounts[0];
  const res = http.post(`${BASE}/api/auth/token`, JSON.stringify({ username: a.username, password: a.password }),
    { headers: { 'Content-Type': 'application/json' } });
  if (res.status !== 200) throw new Error(`log-in of ${a.username}: HTTP ${res.status}`);
  return { header: res.json('accessToken').split('.')[0] };
}

export default function (data) {
  const claims = { iss: 'photofeed', sub: `${1000000 + __VU * 100000 + __ITER}`, exp: Math.floor(Date.now() / 1000) + 600 };
  const token = `${data.header}.${encoding.b64encode(JSON.stringify(claims), 'rawurl')}.${encoding.b64encode(crypto.randomBytes(64), 'rawurl')}`;
  const res = http.get(`${BASE}/api/feed?limit=20`, { headers: { Authorization: `Bearer ${token}` } });
  record(res, 401, 429);
}
