-- One member's share of the global rate: members (the schedulers' stream tasks) post the weight of
-- the campaigns they have work for; each gets weight / the sum of every fresh member's weight.
-- Members that stopped posting (a task moved, an instance died) go stale and drop out.
-- KEYS[1] rate:{rate}:shares HASH member -> "weight|posted µs"
-- ARGV[1] member  ARGV[2] weight (>= 0)  ARGV[3] stale after µs
-- Returns the sum of fresh weights, this member's included, as a string (Lua numbers are doubles)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local stale = now - tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. now)
local total = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local sep = string.find(entries[i + 1], '|', 1, true)
  local posted = tonumber(string.sub(entries[i + 1], sep + 1))
  if posted < stale then
    redis.call('HDEL', KEYS[1], entries[i])
  else
    total = total + tonumber(string.sub(entries[i + 1], 1, sep - 1))
  end
end
redis.call('PEXPIRE', KEYS[1], math.floor(tonumber(ARGV[3]) / 1000) + 1000)
return tostring(total)
