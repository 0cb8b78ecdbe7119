-- Pick the number one call is made from, out of a client's caller-ID pool: within the best tier of
-- candidates that still has a number under its daily cap, the number used least today. A number at its
-- cap is never picked; when every candidate is, nothing is picked and the caller waits.
-- "Today" is each number's own local date: Redis TIME plus the number's UTC offset now, so two
-- executors agree and a day rolls over at the number's midnight.
-- A pick is kept per attempt: running again for the same attempt (a retry after its lease ended, a
-- re-dial of a call proven unplaced) returns it without counting it twice.
-- KEYS[1] callerid:{client}:used              HASH e164 -> "<local epoch day> <calls that day>"
-- KEYS[2] callerid:{client}:pick:<attemptId>  STRING "<e164> <local epoch day>", PX = ARGV[1]
-- ARGV[1] pick ttl ms  ARGV[2] usage ttl ms
-- ARGV[3 + 4(i-1) ..] candidate i, best tier first: e164, tier, daily cap (-1 = none), UTC offset (s)
-- Returns {1, e164, calls today with this one (-1 for a pick kept from before)}
--      or {0, '', seconds until the local day of the first capped candidate ends}
local t = tonumber(redis.call('TIME')[1])
local held = redis.call('GET', KEYS[2])
if held then
  return {1, string.match(held, '^(%S+)'), -1}
end

local function usedOn(e164, day)
  local v = redis.call('HGET', KEYS[1], e164)
  if not v then return 0 end
  local d, n = string.match(v, '^(%-?%d+) (%d+)$')
  if d and tonumber(d) == day then return tonumber(n) end
  return 0 -- another day's count: the number's day rolled over
end

local best, bestUsed, bestDay, bestTier
local soonest
for i = 3, #ARGV - 3, 4 do
  local e164, tier, cap, offset = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  -- a tier with a number under its cap wins over every tier after it
  if best and tier ~= bestTier then break end
  local day = math.floor((t + offset) / 86400)
  local used = usedOn(e164, day)
  if cap < 0 or used < cap then
    if not best or used < bestUsed then
      best, bestUsed, bestDay, bestTier = e164, used, day, tier
    end
  else
    local left = 86400 - ((t + offset) % 86400)
    if not soonest or left < soonest then soonest = left end
  end
end

if not best then
  return {0, '', soonest or 86400}
end
redis.call('HSET', KEYS[1], best, string.format('%d %d', bestDay, bestUsed + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], string.format('%s %d', best, bestDay), 'PX', ARGV[1])
return {1, best, bestUsed + 1}
