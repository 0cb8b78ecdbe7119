-- Writes a read-back copy of cold data: the whole hash at once, with its short TTL, so a reader
-- never sees a half-written copy or a copy that never expires.
-- KEYS[1] copy key; ARGV[1] TTL in ms; ARGV[2..] field, value, field, value, ...
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
