-- Adds fields an attempt's hash does not have yet, never overwriting one and never changing its
-- state, version or counters: details that arrive with an event that does not move the state
-- forward (the executor's DIALING after the hangup webhook). Idempotent.
-- KEYS[1] attempt hash  ARGV[1..] field/value pairs
-- Returns the number of fields added; 0 when the hash does not exist (expired, or Redis lost it:
-- a re-seed writes the whole attempt).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local added = 0
for i = 1, #ARGV, 2 do
  added = added + redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
end
return added
