-- Release a slot; idempotent. Tells waiting executors through a channel.
-- KEYS[1] slots:{client}  ARGV[1] attemptId  ARGV[2] channel
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if removed == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return removed
