-- Admits one signed Plivo callback, the same answer at every bridge: a callback changes something at most once.
-- KEYS[1] the callback's nonce key, KEYS[2] the attempt's projection hash,
-- KEYS[3] (answer callbacks only) the call's answer key
-- ARGV[1] the nonce window (ms), ARGV[2] how long an answer is remembered (ms), ARGV[3] attemptId
-- Answers FINAL (the attempt already ended, at any age: nothing changes), REPLAYED (the nonce was used
-- within the window), ANSWERED (this call was answered before) or ACCEPTED.
-- finalStatus is written by apply-event's caller exactly when the attempt reaches a final state
if redis.call('HEXISTS', KEYS[2], 'finalStatus') == 1 then
  return 'FINAL'
end
if not redis.call('SET', KEYS[1], ARGV[3], 'NX', 'PX', ARGV[1]) then
  return 'REPLAYED'
end
if KEYS[3] and not redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[2]) then
  return 'ANSWERED'
end
return 'ACCEPTED'
