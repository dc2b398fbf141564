-- One event an account remembers, by its time and id: asked for when another account's use of an
-- entity was recorded after this event's (RecordResult.othersLater), so it can be decided again.
-- KEYS[1] remembered events, KEYS[2] outcomes (see event-memory-record.lua)
-- ARGV[1] the event's time (ms)  ARGV[2] its eventId
-- Returns { eventId, time, payload, outcome, raised ('' or outcome 0x1f by) }, or {} when the
-- account no longer remembers it (behind its horizon).
local prefix = ARGV[2] .. '\31'
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
  if string.sub(member, 1, #prefix) == prefix then
    local kept = redis.call('HMGET', KEYS[2], ARGV[2], '^' .. ARGV[2])
    return { ARGV[2], ARGV[1], string.sub(member, #prefix + 1), kept[1] or 'allow', kept[2] or '' }
  end
end
return {}
