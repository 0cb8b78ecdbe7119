-- Undo a reservation whose dial provably never reached Plivo: free the slot at both levels and drop
-- the guard, so the request may be reserved and dialed again later.
-- KEYS[1] slots:{client}  KEYS[2] dial:{client}:<attemptId>  KEYS[3] slots:{client}:campaign:<id>
-- ARGV[1] attemptId  ARGV[2] channel
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return removed
