-- Give an attempt's caller-number pick back: its dial never reached Plivo, so the use is undone
-- (only on the day it was counted: a count of a later day is another day's). Idempotent: the pick
-- key goes with the first call.
-- KEYS[1] callerid:{client}:used              HASH e164 -> "<local epoch day> <calls that day>"
-- KEYS[2] callerid:{client}:pick:<attemptId>  STRING "<e164> <local epoch day>"
-- Returns 1 when a use was given back, else 0.
local held = redis.call('GET', KEYS[2])
if not held then return 0 end
redis.call('DEL', KEYS[2])
local e164, day = string.match(held, '^(%S+) (%-?%d+)$')
if not e164 then return 0 end
local v = redis.call('HGET', KEYS[1], e164)
if not v then return 0 end
local d, n = string.match(v, '^(%-?%d+) (%d+)$')
if d ~= day or tonumber(n) < 1 then return 0 end
redis.call('HSET', KEYS[1], e164, string.format('%s %d', d, tonumber(n) - 1))
return 1
