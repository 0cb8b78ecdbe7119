-- Applies one state change of an attempt to its hash, its campaign's live counters, the client's
-- slot sets (client and campaign) and recent-calls index, atomically and at most once per version.
-- KEYS[1] attempt hash, KEYS[2] campaign stats hash, KEYS[3] slots zset, KEYS[4] recent zset,
-- KEYS[5] the campaign's slots zset
-- ARGV[1] version, ARGV[2] state, ARGV[3] ttl seconds, ARGV[4] recent score (millis),
-- ARGV[5] attemptId, ARGV[6] lease expiry of a live attempt (epoch millis, 0 = none),
-- ARGV[7..] field/value pairs of the CallRecord shape
local version = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current >= version then
  return 0 -- a duplicate or an older event: nothing, so counters never count twice
end

-- counters are computed from the state stored here, never from the caller's memory, so a
-- projection rebuilt into an empty Redis cannot decrement what it never incremented
local counter = {
  DIALING = 'dialing', QUEUED = 'dialing', RINGING = 'ringing', IN_PROGRESS = 'inProgress',
  COMPLETED = 'answered', BUSY = 'busy', NO_ANSWER = 'noAnswer', FAILED = 'failed',
  MACHINE = 'machine', CANCELLED = 'cancelled', TIMEOUT = 'timeout'
}
local final = {
  COMPLETED = true, BUSY = true, NO_ANSWER = true, FAILED = true, MACHINE = true,
  CANCELLED = true, TIMEOUT = true
}
local old = redis.call('HGET', KEYS[1], 'state')
local new = ARGV[2]
if old and final[old] then
  return 0 -- the first final state wins
end

local fromField = old and counter[old]
local toField = counter[new]
if fromField ~= toField then
  if fromField and tonumber(redis.call('HGET', KEYS[2], fromField) or '0') > 0 then
    redis.call('HINCRBY', KEYS[2], fromField, -1)
  end
  if toField then
    redis.call('HINCRBY', KEYS[2], toField, 1)
  end
end
if not old then
  redis.call('HINCRBY', KEYS[2], 'attempts', 1)
end
if final[new] then
  redis.call('HINCRBY', KEYS[2], 'finished', 1)
  redis.call('ZREM', KEYS[5], ARGV[5])
  if redis.call('ZREM', KEYS[3], ARGV[5]) == 1 then
    -- executors parked on this client's cap wake at once (SlotLeases.releasedChannel)
    redis.call('PUBLISH', KEYS[3] .. ':released', ARGV[5])
  end
else
  -- a live call holds a slot whoever placed it: re-asserting the lease here keeps the slot set true
  -- even when Redis lost it between the executor's dial and this event (GT: never shorten it)
  local lease = tonumber(ARGV[6]) * 1000
  local t = redis.call('TIME')
  if lease > tonumber(t[1]) * 1000000 + tonumber(t[2]) then
    redis.call('ZADD', KEYS[3], 'GT', lease, ARGV[5])
    redis.call('ZADD', KEYS[5], 'GT', lease, ARGV[5])
  end
end

redis.call('HSET', KEYS[1], 'state', new, 'version', version)
for i = 7, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), ARGV[5])
if final[new] then
  -- the index lives as long as its client calls (the EXPIRE below restarts with every event): what is older than
  -- the hot window goes, measured from this event's time, as the attempts it names have expired by then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (tonumber(ARGV[4]) - tonumber(ARGV[3]) * 1000))
end

local ttl = tonumber(ARGV[3])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('EXPIRE', KEYS[4], ttl)
return 1
