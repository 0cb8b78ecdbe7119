-- Release a slot at both levels; idempotent. Tells waiting executors through a channel.
-- KEYS[1] slots:{client}  KEYS[2] slots:{client}:campaign:<id>  ARGV[1] attemptId  ARGV[2] channel
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return removed
