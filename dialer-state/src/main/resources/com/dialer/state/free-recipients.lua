-- End the live hold of attempts whose outcome came back; idempotent, and only the holder frees:
-- a late or replayed free of an older attempt never ends a newer attempt's hold.
-- KEYS[i] recipient:{client}:<e164>:live   ARGV[i] the attemptId that ended
-- Returns how many holds this call ended.
local freed = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[i] then
    redis.call('DEL', KEYS[i])
    freed = freed + 1
  end
end
return freed
