-- Remembers one decided event and the entities it used, and, when it arrived late, returns what
-- the account had decided after it (the events a follow-up may revisit).
-- KEYS[1] remembered events: sorted set, score = event time, member = eventId 0x1f payload
-- KEYS[2] outcomes: hash, <eventId> = its own outcome (non-allow), ^<eventId> = outcome 0x1f by
-- KEYS[3..] uses of each entity the event used: hash, <kind> 0x1f <accountId> = <time> 0x1f <eventId>
-- ARGV[1] event time (ms)  ARGV[2] eventId  ARGV[3] payload  ARGV[4] outcome ('' for allow)
-- ARGV[5] '1' when late  ARGV[6] horizon (ms)  ARGV[7] most events returned
-- ARGV[8] most events remembered per account  ARGV[9] uses retention (ms)  ARGV[10] most uses kept
-- ARGV[11..] the field of each use (same order as KEYS[3..])
-- The account's keys and each entity's hash are in different slots: one call per event on a
-- single Redis node (as the feature script); a cluster splits it per slot.
-- Returns {} or, when late, a flat list: eventId, time, payload, outcome, raised ('' or outcome 0x1f by).
local at, eventId, payload, outcome = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4]
local horizon, maxLater, maxKept = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local SEP = '\31'
local function fmt(x) return string.format('%.0f', x) end

redis.call('ZADD', KEYS[1], at, eventId .. SEP .. payload)
-- The horizon runs behind the account's newest event: older ones can no longer be revisited.
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. fmt(tonumber(newest[2]) - horizon))
local size = redis.call('ZCARD', KEYS[1])
if size > maxKept then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - maxKept - 1) end
redis.call('PEXPIRE', KEYS[1], horizon)
if outcome ~= '' then
  redis.call('HSET', KEYS[2], eventId, outcome)
  redis.call('PEXPIRE', KEYS[2], horizon)
end
-- Each use keeps its latest time per (kind, account); a busy shared IP forgets its older half.
local retention, maxUses = tonumber(ARGV[9]), tonumber(ARGV[10])
for k = 3, #KEYS do
  local field = ARGV[k + 8]
  local previous = redis.call('HGET', KEYS[k], field)
  if not previous or tonumber(string.match(previous, '^(%-?%d+)')) <= at then
    redis.call('HSET', KEYS[k], field, ARGV[1] .. SEP .. eventId)
  end
  redis.call('PEXPIRE', KEYS[k], retention)
  if not previous and redis.call('HLEN', KEYS[k]) > maxUses then
    local flat = redis.call('HGETALL', KEYS[k])
    local entries = {}
    for i = 1, #flat, 2 do entries[#entries + 1] = { flat[i], tonumber(string.match(flat[i + 1], '^(%-?%d+)')) } end
    table.sort(entries, function(x, y) return x[2] < y[2] end)
    for i = 1, #entries - math.floor(maxUses / 2) do redis.call('HDEL', KEYS[k], entries[i][1]) end
  end
end
if ARGV[5] ~= '1' then return {} end

local later = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. fmt(at), '+inf', 'WITHSCORES', 'LIMIT', 0, maxLater)
local out = {}
for i = 1, #later, 2 do
  local cut = string.find(later[i], SEP, 1, true)
  local id = string.sub(later[i], 1, cut - 1)
  local kept = redis.call('HMGET', KEYS[2], id, '^' .. id)
  out[#out + 1] = id
  out[#out + 1] = later[i + 1]
  out[#out + 1] = string.sub(later[i], cut + 1)
  out[#out + 1] = kept[1] or 'allow'
  out[#out + 1] = kept[2] or ''
end
return out
