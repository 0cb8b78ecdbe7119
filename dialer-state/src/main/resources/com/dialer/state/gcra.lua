-- GCRA over one or more keys at once (global, campaign, client), one round trip.
-- KEYS[i]     theoretical arrival time (TAT) of bucket i, integer µs on Redis' clock
-- ARGV[1]     tokens wanted (n >= 1)
-- ARGV[2i]    emission interval T of bucket i in µs (window / limit, rounded up: never faster than the limit)
-- ARGV[2i+1]  capacity B of bucket i in tokens (the burst, >= 1)
-- Grants g = the most tokens every bucket allows now, up to n; bucket i allows m when
--   max(TAT, now) + m*T - now <= B*T, so any interval t sees at most B + t/T grants.
-- Each key holds "TAT,T": when a bucket's limit changes, the debt it carries (TAT - now, in tokens
-- of the old T) is re-expressed in the new T, so a raised or lowered limit applies at once.
-- Returns {granted, wait µs before one more token may be granted (0 when granted), now µs}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wanted = tonumber(ARGV[1])
local granted = wanted
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  local capacity = tonumber(ARGV[2 * i + 1])
  local tat = now
  local stored = redis.call('GET', key)
  if stored then
    local old_tat, old_interval = string.match(stored, '^(%d+),(%d+)$')
    old_tat = tonumber(old_tat)
    old_interval = tonumber(old_interval)
    if old_tat and old_tat > now then
      tat = now + (old_tat - now) * interval / old_interval
    end
  end
  tats[i] = tat
  local allowed = math.floor((now + capacity * interval - tat) / interval)
  if allowed < granted then granted = allowed end
  local until_one = tat + interval - capacity * interval - now
  if until_one > wait then wait = until_one end
end
if granted < 1 then
  return {0, wait, now}
end
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i])
  local tat = tats[i] + granted * interval
  -- the key lives as long as it holds back anyone; then an absent key means "full bucket"
  redis.call('SET', key, string.format('%d,%d', math.ceil(tat), interval), 'PX', math.floor((tat - now) / 1000) + 1000)
end
return {granted, 0, now}
