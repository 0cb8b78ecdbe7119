-- test script: stores ARGV[1] under KEYS[1] and answers with Redis' own clock in µs
local t = redis.call('TIME')
redis.call('SET', KEYS[1], ARGV[1])
return tonumber(t[1]) * 1000000 + tonumber(t[2])
