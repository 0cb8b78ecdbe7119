-- Live leases of a client, on Redis' clock. KEYS[1] slots:{client}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
