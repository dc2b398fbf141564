-- Remembers one event (before it is decided) and the entities it used, and returns what its
-- account had already decided after it: the events a late one may change.
-- KEYS[1] remembered events: sorted set, score = event time, member = eventId 0x1f payload
-- KEYS[2] outcomes: hash, <eventId> = its own outcome (non-allow), ^<eventId> = outcome 0x1f by
-- KEYS[3..] uses of each entity the event used; ARGV as in event-memory-uses.lua (joined before
--           this part), ARGV[11..] the field of each use (same order as KEYS[3..])
-- The account's keys and each entity's hash are in different slots: one call per event on a
-- single Redis node (as the feature script); on a cluster the account's call has no uses, and the
-- uses of each slot are a call of their own (event-memory-uses-run.lua).
-- Returns { the later events, flat (empty when none): eventId, time, payload, outcome, raised
-- ('' or outcome 0x1f by); the belated uses, flat (see recordUses); other accounts' later uses,
-- flat (see recordUses) }.
redis.call('ZADD', KEYS[1], ARGV[1], eventId .. SEP .. payload)
-- The horizon runs behind the account's newest event: older ones can no longer be revisited.
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. fmt(tonumber(newest[2]) - horizon))
local size = redis.call('ZCARD', KEYS[1])
if size > maxKept then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, size - maxKept - 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])

recordUses(3)

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
return { out, belated, others }
