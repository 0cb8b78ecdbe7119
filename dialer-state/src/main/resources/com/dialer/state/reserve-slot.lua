-- Reserve a concurrency slot for one attempt, atomically at the check (the old system's
-- check-then-act let 13-15 calls through a cap of 10). Two levels, both checked and both taken here:
-- the client's cap bounds live calls across all of its campaigns; the campaign's optional cap bounds
-- that campaign's live calls and never raises the client's.
-- KEYS[1] slots:{client}  ZSET attemptId -> lease expiry (µs, Redis TIME)
-- KEYS[2] limits:{client} HASH, field cap: an operator's live cap for the client
-- KEYS[3] dial:{client}:<attemptId>  the attempt's dial guard
-- KEYS[4] seeded:{client}  set once hot state was rebuilt after a Redis loss (unproven-until:<µs>: not before then)
-- KEYS[5] slots:{client}:campaign:<id>  ZSET the campaign's leases (same members and scores)
-- KEYS[6] limits:{client}:campaign:<id>  HASH, field cap: the campaign's live cap, or 'none'
-- ARGV[1] attemptId  ARGV[2] lease µs  ARGV[3] the client's configured cap (CLIENT_LIMITS, else DEFAULT_CLIENT_CAP)
-- ARGV[4] 1 = refuse while KEYS[4] is absent  ARGV[5] guard TTL ms
-- ARGV[6] the campaign's cap carried by the request ('' = none), used when KEYS[6] holds none
-- Returns {verdict, active, cap, detail, scope}: RESERVED | FULL (detail = µs until the next lease of
--   the full level ends, scope = client | campaign) | DUPLICATE (detail = the guard's state: a
--   redelivered request) | NOT_READY. active and cap are those of the level that decided.
-- A cap is a whole number 0..1000000 written in digits (CapValue.java parses it the same way);
-- anything else in Redis is ignored, so a typo falls back to the configured cap instead of opening it.
-- A guard still RESERVED whose lease ran out belongs to a holder that died before dialing (the
-- dial itself would have moved it to DIALING first): the attempt was never dialed, so the guard
-- goes and the attempt is reserved afresh. Left in place, it would stop every redelivery for good.
-- The guard's other fields (e.g. 'unplaced', the re-dials of unknown dials) stay.
local function capOf(raw)
  if type(raw) == 'string' and #raw <= 7 and string.match(raw, '^%d+$') then
    local n = tonumber(raw)
    if n <= 1000000 then
      return n
    end
  end
  return nil
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local attempt = ARGV[1]
local cap = capOf(redis.call('HGET', KEYS[2], 'cap')) or tonumber(ARGV[3])
local campaignRaw = redis.call('HGET', KEYS[6], 'cap')
local campaignCap
if campaignRaw == 'none' then
  campaignCap = nil
else
  campaignCap = capOf(campaignRaw) or capOf(ARGV[6])
end
if ARGV[4] == '1' then
  local seeded = redis.call('GET', KEYS[4])
  if not seeded then
    return {'NOT_READY', 0, cap, '', 'client'}
  end
  -- set by prove-client.lua when the client's shard lost its data: leases lost with it may still be live
  local unproven = string.match(seeded, '^unproven%-until:(%d+)$')
  if unproven and now < tonumber(unproven) then
    return {'NOT_READY', 0, cap, string.format('%d', tonumber(unproven) - now), 'client'}
  end
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
    redis.call('ZREM', KEYS[5], attempt)
    redis.call('DEL', KEYS[3])
    state = nil
  end
end
if state then
  return {'DUPLICATE', redis.call('ZCARD', KEYS[1]), cap, state, 'client'}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
local active = redis.call('ZCARD', KEYS[1])
-- FULL, with the µs until the first lease of that level's set ends
local function full(set, count, limit, scope)
  local first = redis.call('ZRANGE', set, 0, 0, 'WITHSCORES')
  return {'FULL', count, limit, first[2] and tostring(tonumber(first[2]) - now) or '0', scope}
end
if active >= cap then
  return full(KEYS[1], active, cap, 'client')
end
if campaignCap then
  local inCampaign = redis.call('ZCARD', KEYS[5])
  if inCampaign >= campaignCap then
    return full(KEYS[5], inCampaign, campaignCap, 'campaign')
  end
end
local expiry = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiry, attempt)
redis.call('ZADD', KEYS[5], expiry, attempt)
redis.call('HSET', KEYS[3], 'state', 'RESERVED', 'reservedAt', tostring(now))
redis.call('PEXPIRE', KEYS[3], ARGV[5])
return {'RESERVED', active + 1, cap, '', 'client'}
