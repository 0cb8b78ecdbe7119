-- GCRA over several keys at once (global, campaign, optional client), all tagged {rate}.
-- KEYS[i]            theoretical arrival time (TAT) of bucket i, integer microseconds
-- ARGV[1]            tokens wanted (>= 1)
-- ARGV[1 + 2i - 1]   emission interval T of bucket i, µs  (window / permits)
-- ARGV[1 + 2i]       tolerance tau of bucket i, µs        (burst * T)
-- Optionally, with one more key than bucket pairs in ARGV, KEYS[n + 1] is a start window (one token only): a ZSET of the last starts,
-- member -> µs: while its request is in flight, the end of its hold (ARGV[4 + 2n]); once answered, the answer's
-- time (start-answered.lua). At most ARGV[2 + 2n] members within ARGV[3 + 2n] µs, ARGV[5 + 2n] the new member.
-- Spacing grants is not enough where it is measured, at Plivo: a request reaches Plivo somewhere between its
-- grant and its answer, so network delay can bring two starts closer than their grants. Counting a start from
-- its answer (in flight: as now) keeps the starts Plivo sees in any window within the limit, however late they
-- arrive.
-- Grants the largest k <= tokens every bucket allows, so no bucket is ever charged for tokens
-- another bucket refused. Returns {granted, waitMicros, nowMicros, limitingBucket}:
-- waitMicros is how long until the next token could be granted (0 when all were granted and the
-- next one is free now); limitingBucket is the 1-based index of the bucket that bound the grant.
-- Times are integers in µs: Lua numbers are doubles, exact below 2^53, and µs since the epoch
-- (~1.7e15) fits where ns would not. The clock is Redis TIME, never a client's.
local wanted = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local windowed = #ARGV > 2 * #KEYS + 1
local n = windowed and #KEYS - 1 or #KEYS
local base = {}
local granted = wanted
local limiting = 0
for i = 1, n do
  local T = tonumber(ARGV[2 * i])
  local tau = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  base[i] = tat
  -- tokens this bucket allows now: k with tat + k*T - tau <= now
  local allowed = math.floor((now + tau - tat) / T)
  if allowed < 0 then allowed = 0 end
  if allowed < granted then
    granted = allowed
    limiting = i
  end
end

local windowWait = 0
if windowed and granted > 0 then
  local w = KEYS[n + 1]
  local limit = tonumber(ARGV[2 * n + 2])
  local width = tonumber(ARGV[2 * n + 3])
  redis.call('ZREMRANGEBYSCORE', w, '-inf', now - width)
  if redis.call('ZCARD', w) >= limit then
    granted = 0
    limiting = n + 1
    -- the oldest start leaves the window width after its answer; one still in flight: look again soon
    local oldest = redis.call('ZRANGE', w, 0, 0, 'WITHSCORES')
    local leaves = tonumber(oldest[2]) + width - now
    windowWait = (leaves > 0 and leaves <= width) and leaves or 10000
  else
    local hold = tonumber(ARGV[2 * n + 4])
    redis.call('ZADD', w, now + hold, ARGV[2 * n + 5])
    redis.call('PEXPIRE', w, math.floor((hold + width) / 1000) + 1)
  end
end

local wait = windowWait
for i = 1, n do
  local T = tonumber(ARGV[2 * i])
  local tau = tonumber(ARGV[2 * i + 1])
  local tat = base[i] + granted * T
  if granted > 0 then
    -- the TAT only matters while it is in the future; let Redis forget it afterwards
    local ttlMillis = math.floor((tat - now) / 1000) + 1
    redis.call('SET', KEYS[i], string.format('%.0f', tat), 'PX', ttlMillis)
  end
  local next = tat + T - tau - now
  if next > wait then wait = next end
end
return {granted, wait, now, limiting}
