-- An unknown dial (5xx, timeout) was looked for at Plivo past its settle horizon and found nowhere:
-- provably not placed. Frees the slot and lets exactly this attempt be dialed again (guard UNPLACED,
-- which reserve-slot.lua treats as no guard), or, past the bound on re-dials, ends it (REJECTED with
-- the reason). Refused when a callback of the call reached the attempt's hash meanwhile: then it was
-- placed after all, whatever the lookup said.
-- KEYS[1] slots:{client}  KEYS[2] dial:{client}:<attemptId>  KEYS[3] attempt:{client}:<attemptId>
-- KEYS[4] slots:{client}:campaign:<id>
-- ARGV[1] attemptId  ARGV[2] release channel  ARGV[3] most re-dials  ARGV[4] reason
-- Returns {verdict, detail}: REDIAL (detail = re-dials so far) | GAVE_UP (same) | SEEN (detail = call
--   uuid a callback brought) | STALE (detail = the guard's state: settled by someone else)
local state = redis.call('HGET', KEYS[2], 'state')
if state ~= 'UNKNOWN' then
  return {'STALE', tostring(state)}
end
local seen = redis.call('HGET', KEYS[3], 'plivoCallUuid')
if seen then
  return {'SEEN', seen}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local redials = redis.call('HINCRBY', KEYS[2], 'unplaced', 1)
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
if redials > tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[2], 'state', 'REJECTED', 'settledAt', tostring(now), 'reason', ARGV[4])
  return {'GAVE_UP', tostring(redials)}
end
redis.call('HSET', KEYS[2], 'state', 'UNPLACED', 'settledAt', tostring(now), 'reason', ARGV[4])
return {'REDIAL', tostring(redials)}
