-- The archive acknowledged a finished call: its hot copy only serves reads now, which MongoDB answers too,
-- so it need not outlive a short window. Only ever shortens (Redis 6.2 has no EXPIRE ... LT).
-- KEYS[1] the attempt hash
-- ARGV[1] the window after the archive's acknowledgement (seconds)
-- Returns 1 when the TTL was shortened, 0 when the key is gone, not final, or already expires sooner.
-- finalStatus is written by apply-event's caller exactly when the attempt reaches a final state: a live attempt
-- (a record archived ahead of a lagging projection) keeps its hot window
if redis.call('HEXISTS', KEYS[1], 'finalStatus') == 0 then
  return 0
end
local window = tonumber(ARGV[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl == -1 or ttl > window then
  redis.call('EXPIRE', KEYS[1], window)
  return 1
end
return 0
