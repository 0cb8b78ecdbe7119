-- Claim numbers for attempts under a client's communication limits, across all its campaigns:
-- never two live attempts to one number, a minimum gap between the starts of two calls, and at
-- most maxCalls calls in any sliding period. One call claims a batch, in order, until `wanted`
-- are claimed or the candidates run out; candidates after that are not looked at.
-- KEYS[2i-1] recipient:{client}:<e164>       ZSET member = attemptId, score = call time (µs, Redis TIME)
-- KEYS[2i]   recipient:{client}:<e164>:live  STRING the live attemptId, PX = the hold
-- ARGV[1] wanted  ARGV[2] hold ms  ARGV[3] min gap µs  ARGV[4] max calls per period  ARGV[5] period µs
-- ARGV[5+i] the attemptId of candidate i
-- Returns {code, waitMicros} per candidate looked at:
--   1 CLAIMED   2 REPLAY (this attempt holds the claim already: a replayed release; the hold is renewed)
--   3 LIVE      another attempt is live; wait = until its gap passes (0 if it has), at most until its hold ends
--   4 GAP       wait = until the gap since the last call's start has passed
--   5 CAP       wait = until enough calls leave the period
-- Times are integer µs formatted with %.0f: Lua numbers are doubles, and tostring would print 1.7e+15.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wanted = tonumber(ARGV[1])
local holdMs = ARGV[2]
local gap = tonumber(ARGV[3])
local maxCalls = tonumber(ARGV[4])
local period = tonumber(ARGV[5])
-- calls older than this no longer matter to either rule
local keep = math.max(gap, period)

local function us(x) return string.format('%.0f', x) end

local claimed = 0
local out = {}
for i = 1, #KEYS / 2 do
  if claimed >= wanted then break end
  local calls = KEYS[2 * i - 1]
  local liveKey = KEYS[2 * i]
  local attempt = ARGV[5 + i]
  local live = redis.call('GET', liveKey)
  local code, wait = 0, 0
  if live and live ~= attempt then
    code = 3
    local started = redis.call('ZSCORE', calls, live)
    if started then wait = math.max(0, tonumber(started) + gap - now) end
    local left = redis.call('PTTL', liveKey) * 1000
    if left > 0 and left < wait then wait = left end
  elseif redis.call('ZSCORE', calls, attempt) then
    -- claimed before by this same attempt (a release replayed after an aborted transaction): same answer
    redis.call('SET', liveKey, attempt, 'PX', holdMs)
    code = 2
    claimed = claimed + 1
  else
    redis.call('ZREMRANGEBYSCORE', calls, '-inf', '(' .. us(now - keep))
    local last = redis.call('ZREVRANGE', calls, 0, 0, 'WITHSCORES')
    if last[2] and now - tonumber(last[2]) < gap then
      code = 4
      wait = tonumber(last[2]) + gap - now
    else
      local inPeriod = redis.call('ZRANGEBYSCORE', calls, '(' .. us(now - period), '+inf', 'WITHSCORES')
      local count = #inPeriod / 2
      if count >= maxCalls then
        -- free again when the (count - maxCalls + 1)-th oldest call of the period leaves it
        code = 5
        wait = tonumber(inPeriod[2 * (count - maxCalls + 1)]) + period - now
      else
        redis.call('ZADD', calls, us(now), attempt)
        redis.call('PEXPIRE', calls, us(math.floor(keep / 1000) + 1))
        redis.call('SET', liveKey, attempt, 'PX', holdMs)
        code = 1
        claimed = claimed + 1
      end
    end
  end
  out[#out + 1] = code
  out[#out + 1] = wait
end
return out
