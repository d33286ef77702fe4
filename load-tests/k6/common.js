// What every Photofeed k6 script shares, mirroring load-tests' PhotofeedSimulation: the seeded accounts (./stack
// seed writes credentials.txt), log-ins straight to user-service (the edge allows a client 10 a minute), an open
// model (constant arrival rate), the thresholds of “Building million scale distributed systems” and failures
// counted by status.
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { SharedArray } from 'k6/data';

export const BASE = __ENV.BASE_URL || 'http://localhost:8080';
export const USERS = __ENV.USERS_URL || 'http://localhost:8081';
export const RATE = Number(__ENV.RATE || 100);
export const DURATION = __ENV.DURATION || '30s';
const READERS = Number(__ENV.READERS || 100);

// username id password followers, most-followed first
export const accounts = new SharedArray('accounts', () =>
  open(__ENV.CREDENTIALS || './credentials.txt')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [username, id, password, followers] = line.trim().split(/\s+/);
      return { username, id, password, followers: Number(followers) };
    }));

const STATUSES = [200, 201, 204, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503, 504];
const passed = {};
const failed = {};
for (const s of STATUSES) {
  if (s < 400) passed[s] = new Counter(`passed_requests_${s}`);
  else failed[s] = new Counter(`failed_requests_${s}`);
}
const passedOther = new Counter('passed_requests_other');
const failedOther = new Counter('failed_requests_other');
export const failures = new Counter('failed_requests');

/** An open model: arrivals at a fixed rate however slow the answers (no coordinated omission). */
export function openModel(rate = RATE, extra = {}) {
  return Object.assign({
    executor: 'constant-arrival-rate', rate, timeUnit: '1s', duration: DURATION, preAllocatedVUs: 50, maxVUs: 1000,
  }, extra);
}

/**
 * Thresholds as in “Building million scale distributed systems”: p90, p95, p99, p99.9 in ms and the most failed requests
 * allowed.
 */
export function thresholds(p90, p95, p99, p999, maxFailures) {
  return {
    http_req_duration: [`p(90)<${p90}`, `p(95)<${p95}`, `p(99)<${p99}`, `p(99.9)<${p999}`],
    failed_requests: [`count<${maxFailures + 1}`],
  };
}

export const summaryTrendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'p(99.99)'];

/** Counts the response by status; a status outside {@code ok} is a failure. */
export function record(res, ...ok) {
  const good = ok.includes(res.status);
  check(res, { [`status in ${ok.join('/')}`]: () => good });
  if (good) {
    (passed[res.status] || passedOther).add(1);
  } else {
    failures.add(1);
    (failed[res.status] || failedOther).add(1);
  }
  return good;
}

/** Logs in a sample spread over the accounts and returns {auth, userId} for each. */
export function logIn(count = READERS) {
  const step = Math.max(1, Math.floor(accounts.length / count));
  const readers = [];
  for (let i = 0; i < accounts.length && readers.length < count; i += step) {
    const a = accounts[i];
    const res = http.post(`${USERS}/api/auth/token`, JSON.stringify({ username: a.username, password: a.password }),
      { headers: { 'Content-Type': 'application/json' } });
    if (res.status !== 200) throw new Error(`log-in of ${a.username}: HTTP ${res.status}`);
    readers.push({ auth: `Bearer ${res.json('accessToken')}`, userId: a.id });
  }
  return readers;
}

export function pick(list) {
  return list[Math.floor(Math.random() * list.length)];
}

export function authorized(reader, extra = {}) {
  return { headers: Object.assign({ Authorization: reader.auth }, extra) };
}
