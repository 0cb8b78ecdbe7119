-- The re-seed protocol of the status-processor, one script on the {global} hash slot.
-- Redis lost its hot state when seeded:{global} is missing. Each partition of the status-processor
-- then re-projects its state stores and reports here; the last one sets seeded:{global}.
-- KEYS[1] seeded:{global}  KEYS[2] reseed:{global} (HASH started:<p> / done:<p> -> token)
-- ARGV[1] STATUS | BEGIN | FINISH  ARGV[2] partition  ARGV[3] token  ARGV[4] partitions
-- ARGV[5] marker value
-- Returns SEEDED | PARTITION_DONE | UNSEEDED | STARTED
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'SEEDED'
end
local op, p = ARGV[1], ARGV[2]
if op == 'STATUS' then
  if redis.call('HEXISTS', KEYS[2], 'done:' .. p) == 1 then
    return 'PARTITION_DONE'
  end
  return 'UNSEEDED'
elseif op == 'BEGIN' then
  redis.call('HSET', KEYS[2], 'started:' .. p, ARGV[3])
  redis.call('HDEL', KEYS[2], 'done:' .. p)
  return 'STARTED'
elseif op == 'FINISH' then
  -- a different token: Redis was lost again during the scan, or another owner of the partition
  -- started over; either way this scan proves nothing
  if redis.call('HGET', KEYS[2], 'started:' .. p) ~= ARGV[3] then
    return 'UNSEEDED'
  end
  redis.call('HSET', KEYS[2], 'done:' .. p, ARGV[3])
  for i = 0, tonumber(ARGV[4]) - 1 do
    if redis.call('HEXISTS', KEYS[2], 'done:' .. i) == 0 then
      return 'PARTITION_DONE'
    end
  end
  redis.call('SET', KEYS[1], ARGV[5])
  redis.call('DEL', KEYS[2])
  return 'SEEDED'
end
return redis.error_reply('reseed-progress.lua: unknown operation ' .. tostring(op))
