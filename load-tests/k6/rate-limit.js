// rate-limit: one client over its policy that backs off properly: it waits Retry-After when the gateway gives it,
// otherwise exponential backoff with full jitter (Heroku's, in “What does 100 million users on a Google service
// mean?”), and counts the 429s it took (load-tests' RateLimitSimulation).
import http from 'k6/http';
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { authorized, logIn, openModel, record, summaryTrendStats, thresholds, BASE } from './common.js';

const throttled = new Counter('throttled_requests');
const gaveUp = new Counter('gave_up');
const ATTEMPTS = 6;
const BASE_MS = 100;
const CAP_MS = 10000;

export const options = {
  scenarios: { client: openModel() },
  thresholds: thresholds(50, 100, 250, 1000, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

export function setup() {
  return { client: logIn(1)[0] };
}

/** Seconds to wait before attempt n+1: Retry-After if given, else a random wait up to base * 2^n (full jitter). */
export function backoff(retryAfter, attempt) {
  const seconds = Number(retryAfter);
  if (retryAfter !== undefined && retryAfter !== '' && Number.isFinite(seconds)) return Math.max(0, seconds);
  return (Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt)) / 1000;
}

export default function (data) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const res = http.get(`${BASE}/api/feed?limit=20`, authorized(data.client));
    record(res, 200, 429);
    if (res.status !== 429) return;
    throttled.add(1);
    sleep(backoff(res.headers['Retry-After'], attempt));
  }
  gaveUp.add(1);
}
