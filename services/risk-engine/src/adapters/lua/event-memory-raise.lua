-- A follow-up raised the outcome of an earlier event: kept when more severe than what is there.
-- KEYS[1] outcomes hash of the account (see event-memory-record.lua)
-- ARGV[1] eventId  ARGV[2] outcome  ARGV[3] decision id of the follow-up  ARGV[4] horizon (ms)
local RANK = { allow = 0, challenge = 1, review = 2, block = 3 }
local field = '^' .. ARGV[1]
local current = redis.call('HGET', KEYS[1], field)
local currentOutcome = current and string.match(current, '^([^\31]+)')
if not currentOutcome or RANK[ARGV[2]] > (RANK[currentOutcome] or -1) then
  redis.call('HSET', KEYS[1], field, ARGV[2] .. '\31' .. ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
