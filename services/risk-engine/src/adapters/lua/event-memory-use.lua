-- Records that an account used an entity (IP, device, card), keeping its latest use per kind.
-- KEYS[1] uses of the entity: hash, <kind> 0x1f <accountId> = <time> 0x1f <eventId>
-- ARGV[1] field  ARGV[2] event time (ms)  ARGV[3] eventId  ARGV[4] retention (ms)  ARGV[5] most uses kept
local previous = redis.call('HGET', KEYS[1], ARGV[1])
local at = tonumber(ARGV[2])
if not previous or tonumber(string.match(previous, '^(%-?%d+)')) <= at then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\31' .. ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
-- Past the cap (a busy shared IP), forget the older half: rare, amortised over many writes.
if not previous and redis.call('HLEN', KEYS[1]) > tonumber(ARGV[5]) then
  local flat = redis.call('HGETALL', KEYS[1])
  local entries = {}
  for i = 1, #flat, 2 do entries[#entries + 1] = { flat[i], tonumber(string.match(flat[i + 1], '^(%-?%d+)')) } end
  table.sort(entries, function(x, y) return x[2] < y[2] end)
  for i = 1, #entries - math.floor(tonumber(ARGV[5]) / 2) do redis.call('HDEL', KEYS[1], entries[i][1]) end
end
return 1
