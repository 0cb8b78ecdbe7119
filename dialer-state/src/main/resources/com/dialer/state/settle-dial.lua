-- Record what Plivo said about a dial.
-- KEYS[1] slots:{client}  KEYS[2] dial:{client}:<attemptId>  KEYS[3] slots:{client}:campaign:<id>
-- ARGV[1] attemptId  ARGV[2] ACCEPTED | REJECTED | UNKNOWN  ARGV[3] request UUID or ''
-- ARGV[4] lease µs: for ACCEPTED and UNKNOWN the call may live, so the lease must outlive it
--   (ring timeout + time_limit + margin); REJECTED frees the slot: the call was provably not placed.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local verdict = ARGV[2]
redis.call('HSET', KEYS[2], 'state', verdict, 'settledAt', tostring(now))
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'requestUuid', ARGV[3])
end
if verdict == 'REJECTED' then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
-- XX: a call that already ended (a fast busy) may have been released by its hangup: never revive it.
-- The short lease cannot have run out meanwhile: the dial's timeouts are well under it.
redis.call('ZADD', KEYS[3], 'XX', 'GT', now + tonumber(ARGV[4]), ARGV[1])
return redis.call('ZADD', KEYS[1], 'XX', 'GT', 'CH', now + tonumber(ARGV[4]), ARGV[1])
