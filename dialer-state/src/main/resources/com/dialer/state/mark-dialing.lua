-- Move a reserved attempt to DIALING just before the dial, renewing its lease; refuse when the
-- lease already ended (the slot may be someone else's now: dialing would overshoot the cap). The
-- attempt was never dialed then, so its guard goes: the request may be reserved again.
-- KEYS[1] slots:{client}  KEYS[2] dial:{client}:<attemptId>  KEYS[3] slots:{client}:campaign:<id>
-- ARGV[1] attemptId  ARGV[2] lease µs
-- Returns DIALING | NOT_RESERVED:<state> | LEASE_LOST
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HGET', KEYS[2], 'state')
if state ~= 'RESERVED' then
  return 'NOT_RESERVED:' .. tostring(state)
end
local expiry = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not expiry or expiry <= now then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('DEL', KEYS[2])
  return 'LEASE_LOST'
end
redis.call('ZADD', KEYS[1], 'XX', 'GT', now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', 'GT', now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[2], 'state', 'DIALING', 'dialingAt', tostring(now))
return 'DIALING'
