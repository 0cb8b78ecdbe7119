-- Records that one running instance speaks a key layout, until an expiry it keeps renewing, and answers the
-- oldest layout any live instance speaks (the expired and the malformed are dropped on the way): during a deploy,
-- what new code must still write so old code reads it. Redis TIME is the one clock.
-- KEYS[1] layout:{global}
-- ARGV[1] the instance ('' = only read), ARGV[2] its layout version, ARGV[3] how long the announcement holds (ms)
-- Answers the oldest layout version in use, or -1 when no instance has announced one.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. string.format('%.0f', now + tonumber(ARGV[3])))
end
local oldest = -1
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local version, expiry = string.match(all[i + 1], '^(%d+) (%d+)$')
  if not version or tonumber(expiry) <= now then
    redis.call('HDEL', KEYS[1], all[i])
  elseif oldest == -1 or tonumber(version) < oldest then
    oldest = tonumber(version)
  end
end
return oldest
