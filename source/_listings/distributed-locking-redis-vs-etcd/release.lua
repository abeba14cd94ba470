-- KEYS[1]: the lock key; ARGV[1]: the token this client wrote when it acquired the lock.
local holder = redis.call('GET', KEYS[1])
if holder ~= ARGV[1] then
  return 0
end
return redis.call('DEL', KEYS[1])
