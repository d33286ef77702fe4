-- GCRA in one round trip (see Gcra.java, the reference this must agree with, decision for decision).
-- KEYS[1]  the limiter key (hash-tagged, so Redis Cluster keeps it on one slot)
-- ARGV     burst, rate, period (µs), quantity, and optionally now (µs): the property test passes it;
--          the gateway never does, so Redis's own clock decides and gateway clocks do not matter.
-- Returns  {limited, limit, remaining, retry_after_us, reset_after_us}
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local quantity = tonumber(ARGV[4])
local now
if ARGV[5] and ARGV[5] ~= '' then
  now = tonumber(ARGV[5])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local interval = math.floor(period / rate)
local tolerance = interval * (burst + 1)
local increment = interval * quantity
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local new_tat = tat + increment
local allow_at = new_tat - tolerance

local limited = 0
local retry_after = -1
local ttl
if now < allow_at then
  limited = 1
  if increment <= tolerance then
    retry_after = allow_at - now
  end
  ttl = tat - now
else
  ttl = new_tat - now
  -- the key expires exactly when it no longer matters: at its TAT
  redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil(ttl / 1000))
end

local remaining = math.floor((tolerance - ttl) / interval)
if remaining < 0 then
  remaining = 0
end
return {limited, burst + 1, remaining, retry_after, ttl}
