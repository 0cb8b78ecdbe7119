-- An unknown dial (5xx, timeout) was found at Plivo: it is placed. The guard records the call's
-- uuids, and the slot lease, held so far for the settle horizon only, is extended to the call's life.
-- KEYS[1] slots:{client}  KEYS[2] dial:{client}:<attemptId>  KEYS[3] slots:{client}:campaign:<id>
-- ARGV[1] attemptId  ARGV[2] request UUID or ''  ARGV[3] call UUID or ''  ARGV[4] call lease µs
-- Returns the guard's state before: UNKNOWN (now ACCEPTED) | any other (nothing changed: settled already)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HGET', KEYS[2], 'state')
if state ~= 'UNKNOWN' then
  return tostring(state)
end
redis.call('HSET', KEYS[2], 'state', 'ACCEPTED', 'settledAt', tostring(now), 'foundAt', tostring(now))
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'requestUuid', ARGV[2])
end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'callUuid', ARGV[3])
end
-- XX: a call whose hangup already released the slot is over: never revive its lease. GT: never shorten.
redis.call('ZADD', KEYS[1], 'XX', 'GT', now + tonumber(ARGV[4]), ARGV[1])
redis.call('ZADD', KEYS[3], 'XX', 'GT', now + tonumber(ARGV[4]), ARGV[1])
return 'UNKNOWN'
