-- Retro-hunt sweep of one entity for one rule: the accounts that used it in (since, until], each
-- claimed once per (entity, rule); the origin that claimed them gets the same answer again.
-- KEYS[1] uses of the entity (see event-memory-record.lua)
-- KEYS[2] claims: hash, a 0x1f <accountId> = origin, '^' = the latest time swept up to
-- KEYS[3] this origin's answer, kept for retries
-- ARGV[1] since  ARGV[2] until  ARGV[3] account to claim without returning ('' for none)
-- ARGV[4] origin  ARGV[5] claims TTL (ms)  ARGV[6] answer TTL (ms)
-- Returns uses joined by 0x1e, each accountId 0x1f eventId 0x1f time 0x1f kind.
local answer = redis.call('GET', KEYS[3])
if answer then return answer end
local since, untilAt, exclude, origin = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
local SEP = '\31'
local swept = tonumber(redis.call('HGET', KEYS[2], '^') or '')
local from = since
if swept and swept > from then from = swept end

-- Latest use per account in range (uses after the sweep's time do not count); a successful
-- sign-in from it wins over any other use.
local latest = {}
local flat = redis.call('HGETALL', KEYS[1])
for i = 1, #flat, 2 do
  local kind, account = string.match(flat[i], '^([^\31]+)\31(.*)$')
  local at, eventId = nil, nil
  for entry in string.gmatch(flat[i + 1], '[^\30]+') do
    local t, e = string.match(entry, '^(%-?%d+)\31(.*)$')
    t = tonumber(t)
    if t and t > from and t <= untilAt and (not at or t >= at) then at, eventId = t, e end
  end
  if kind and at then
    local current = latest[account]
    local signedIn = kind == 'login_success' or (current and current.kind == 'login_success')
    if not current or at > current.at then current = { at = at, eventId = eventId, kind = kind } end
    if signedIn then current.kind = 'login_success' end
    latest[account] = current
  end
end
if exclude ~= '' then redis.call('HSETNX', KEYS[2], 'a' .. SEP .. exclude, origin) end
local accounts = {}
for account in pairs(latest) do
  if account ~= exclude then accounts[#accounts + 1] = account end
end
table.sort(accounts, function(x, y)
  if latest[x].at ~= latest[y].at then return latest[x].at < latest[y].at end
  return x < y
end)
local found = {}
for _, account in ipairs(accounts) do
  local field = 'a' .. SEP .. account
  local claimedBy = redis.call('HGET', KEYS[2], field)
  if not claimedBy or claimedBy == origin then
    if not claimedBy then redis.call('HSET', KEYS[2], field, origin) end
    local use = latest[account]
    found[#found + 1] = account .. SEP .. use.eventId .. SEP .. string.format('%.0f', use.at) .. SEP .. use.kind
  end
end
if not swept or untilAt > swept then redis.call('HSET', KEYS[2], '^', string.format('%.0f', untilAt)) end
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[5]))
answer = table.concat(found, '\30')
redis.call('SET', KEYS[3], answer, 'PX', tonumber(ARGV[6]))
return answer
