-- Puts back the dial guard of an attempt the status-processor knows was dialed, after Redis lost
-- it: a redelivered dial request then meets DUPLICATE instead of dialing a second time. An
-- existing guard (the executor's own) is left alone.
-- KEYS[1] dial:{client}:<attemptId>  ARGV[1] guard state  ARGV[2] TTL ms
-- Returns 1 when the guard was restored, 0 when one existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'state', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
