// follow-storm: follow/unfollow bursts, a quarter-second at four times the rate each second
// (load-tests' FollowStormSimulation).
import http from 'k6/http';
import { accounts, authorized, logIn, pick, record, summaryTrendStats, thresholds, BASE, DURATION, RATE } from './common.js';

const seconds = parseInt(DURATION, 10) || 30;
const stages = [];
for (let s = 0; s < seconds; s++) {
  stages.push({ target: RATE * 4, duration: '1ms' }, { target: RATE * 4, duration: '249ms' },
    { target: 0, duration: '1ms' }, { target: 0, duration: '749ms' });
}

export const options = {
  scenarios: {
    storm: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 50, maxVUs: 1000, stages },
  },
  thresholds: thresholds(100, 200, 500, 1000, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

export function setup() {
  return { readers: logIn() };
}

export default function (data) {
  const reader = pick(data.readers);
  let target = pick(accounts).id;
  while (target === reader.userId) target = pick(accounts).id;
  record(http.put(`${BASE}/api/users/me/following/${target}`, null, authorized(reader)), 204);
  record(http.del(`${BASE}/api/users/me/following/${target}`, null, authorized(reader)), 204);
}
