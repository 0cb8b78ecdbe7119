-- A start of a window (gcra.lua) got its answer: from now on it counts from the answer's time, no longer
-- from the end of its hold. Plivo saw the request before it answered, so the start it counts lies before this.
-- KEYS[1] the start window ZSET   ARGV[1] the start's member   ARGV[2] 1 = the start was never sent: forget it
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if ARGV[2] == '1' then
  return redis.call('ZREM', KEYS[1], ARGV[1])
end
return redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
