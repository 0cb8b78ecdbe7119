-- Reserve a concurrency slot for one attempt, atomically at the check (the old system's
-- check-then-act let 13-15 calls through a cap of 10).
-- KEYS[1] slots:{client}  ZSET attemptId -> lease expiry (µs, Redis TIME)
-- KEYS[2] limits:{client} HASH, field cap
-- KEYS[3] dial:{client}:<attemptId>  the attempt's dial guard
-- KEYS[4] seeded:{client}  set once hot state was rebuilt after a Redis loss
-- ARGV[1] attemptId  ARGV[2] lease µs  ARGV[3] cap when limits has none
-- ARGV[4] 1 = refuse while KEYS[4] is absent  ARGV[5] guard TTL ms
-- Returns {verdict, active, cap, detail}: RESERVED | FULL (detail = µs until the next lease ends)
--   | DUPLICATE (detail = the guard's state: a redelivered request) | NOT_READY
-- A guard still RESERVED whose lease ran out belongs to a holder that died before dialing (the
-- dial itself would have moved it to DIALING first): the attempt was never dialed, so the guard
-- goes and the attempt is reserved afresh. Left in place, it would stop every redelivery for good.
-- The guard's other fields (e.g. 'unplaced', the re-dials of unknown dials) stay.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local attempt = ARGV[1]
local cap = tonumber(redis.call('HGET', KEYS[2], 'cap') or ARGV[3])
if ARGV[4] == '1' and redis.call('EXISTS', KEYS[4]) == 0 then
  return {'NOT_READY', 0, cap, ''}
end
local state = redis.call('HGET', KEYS[3], 'state')
-- UNPLACED: an unknown dial proven never placed (release-unplaced.lua): this attempt may be dialed again
if state == 'UNPLACED' then
  state = nil
end
if state == 'RESERVED' then
  local expiry = tonumber(redis.call('ZSCORE', KEYS[1], attempt))
  if not expiry or expiry <= now then
    redis.call('ZREM', KEYS[1], attempt)
    redis.call('DEL', KEYS[3])
    state = nil
  end
end
if state then
  return {'DUPLICATE', redis.call('ZCARD', KEYS[1]), cap, state}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local active = redis.call('ZCARD', KEYS[1])
if active >= cap then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {'FULL', active, cap, tostring(tonumber(first[2]) - now)}
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), attempt)
redis.call('HSET', KEYS[3], 'state', 'RESERVED', 'reservedAt', tostring(now))
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return {'RESERVED', active + 1, cap, ''}
