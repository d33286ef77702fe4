// follow-storm: follow/unfollow bursts, one second at four times the rate in every four
// (load-tests' FollowStormSimulation).
import http from 'k6/http';
import { accounts, authorized, logIn, pick, record, summaryTrendStats, thresholds, BASE, DURATION, RATE } from './common.js';

const cycles = Math.max(1, Math.round((parseInt(DURATION, 10) || 30) / 4));
const stages = [];
for (let c = 0; c < cycles; c++) {
  stages.push({ target: RATE * 4, duration: '1ms' }, { target: RATE * 4, duration: '999ms' },
    { target: 0, duration: '1ms' }, { target: 0, duration: '2999ms' });
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
