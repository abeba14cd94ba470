-- KEYS[1]: remaining budget, integer micros. ARGV[1]: amount to take.
local cost = tonumber(ARGV[1])
local balance = tonumber(redis.call('GET', KEYS[1]) or 0)
if balance < cost then
  return -1
end
return redis.call('DECRBY', KEYS[1], cost)
