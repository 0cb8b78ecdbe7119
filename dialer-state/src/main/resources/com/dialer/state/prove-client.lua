-- Marks a client's hot state trusted once seeded:{global} is set, if its slot proves it kept its data.
-- KEYS[1] seeded:{client}  KEYS[2] the witness of the client's cluster slot (same slot: one shard, atomic)
-- ARGV[1] seeded:{global}'s value  ARGV[2] one lease period (µs)
-- Returns SET (already marked) | PROVEN (witness there: the client was never seen, or kept its state:
--   the marker is the global one) | UNPROVEN (witness gone: the shard lost its data since the re-seed,
--   and with it perhaps this client's leases; refused until every lost lease has ended: unproven-until:<µs>).
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'SET'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('SET', KEYS[1], ARGV[1])
  return 'PROVEN'
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('SET', KEYS[1], 'unproven-until:' .. string.format('%d', now + tonumber(ARGV[2])))
return 'UNPROVEN'
