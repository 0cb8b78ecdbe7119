-- Extend a live lease at both levels (never shorten it, never revive an ended one).
-- KEYS[1] slots:{client}  KEYS[2] slots:{client}:campaign:<id>  ARGV[1] attemptId  ARGV[2] lease µs from now
-- Returns 1 when the lease is held until at least now + lease, 0 when it had ended.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local expiry = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not expiry or expiry <= now then
  return 0
end
redis.call('ZADD', KEYS[1], 'XX', 'GT', now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZADD', KEYS[2], 'XX', 'GT', now + tonumber(ARGV[2]), ARGV[1])
return 1
