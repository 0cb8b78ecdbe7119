-- Live leases of a client (or of one campaign, with that campaign's set), on Redis' clock.
-- KEYS[1] slots:{client} or slots:{client}:campaign:<id>
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
