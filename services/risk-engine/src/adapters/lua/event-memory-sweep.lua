-- Retro-hunt sweep of one entity for one rule: the accounts that used it in (since, until], each
-- claimed once per (entity, rule); the origin that claimed them gets the same answer again.
-- KEYS[1] uses of the entity (see event-memory-uses.lua), with its sweep marks in '!'
--         (event-memory-marks.lua, joined before this part)
-- KEYS[2] claims: hash, a 0x1f <accountId> = origin, '^' = the latest time swept up to
-- KEYS[3] this origin's answer, kept for retries
-- ARGV[1] since  ARGV[2] until  ARGV[3] account to claim without returning ('' for none)
-- ARGV[4] origin  ARGV[5] claims TTL (ms)  ARGV[6] answer TTL (ms)
-- ARGV[7] only this account ('' for all): a use recorded after the sweeps passed it, looked for
--         from since (not from where the sweeps reached), leaving the marks as they were
-- ARGV[8] the finding (one line), kept with the rule's first sweep for such belated uses
-- ARGV[9] the rule  ARGV[10] sweep times kept per rule for belated uses (RECENT_SWEEPS)
-- Returns uses joined by 0x1e, each accountId 0x1f eventId 0x1f time 0x1f kind 0x1f context ('' for none).
local answer = redis.call('GET', KEYS[3])
if answer then return answer end
local since, untilAt, exclude, origin = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
local only, finding = ARGV[7], ARGV[8]
local SEP, ROW = '\31', '\30'
local swept = tonumber(redis.call('HGET', KEYS[2], '^') or '')
local from = since
-- Where the sweeps reached was claimed already; a sweep earlier than that (its trigger decided
-- again after a late event, or its unit behind another's) looks over its whole range, and the
-- claims keep it from raising an account twice.
if only == '' and swept and swept > from and untilAt >= swept then from = swept end

-- Latest use per account in range (uses after the sweep's time do not count); a successful
-- sign-in from it wins over any other use.
local latest = {}
local flat = redis.call('HGETALL', KEYS[1])
for i = 1, #flat, 2 do
  local kind, account = string.match(flat[i], '^([^\31]+)\31(.*)$')
  local at, eventId, context = nil, nil, nil
  if kind and (only == '' or account == only) then
    for _, use in ipairs(parseUses(flat[i + 1])) do
      local t = use[1]
      if t > from and t <= untilAt and (not at or t >= at) then at, eventId, context = t, use[2], use[3] end
    end
  end
  if at then
    local current = latest[account]
    local signedIn = kind == 'login_success' or (current and current.kind == 'login_success')
    -- Of uses at the same time, the greatest eventId (as within a field): the hash's field order
    -- is Redis's own, which must not choose.
    if not current or at > current.at or (at == current.at and byteLess(current.eventId, eventId)) then
      current = { at = at, eventId = eventId, kind = kind, context = context }
    end
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
  return byteLess(x, y)
end)
local found = {}
for _, account in ipairs(accounts) do
  local field = 'a' .. SEP .. account
  local claimedBy = redis.call('HGET', KEYS[2], field)
  if not claimedBy or claimedBy == origin then
    if not claimedBy then redis.call('HSET', KEYS[2], field, origin) end
    local use = latest[account]
    found[#found + 1] = account .. SEP .. use.eventId .. SEP .. string.format('%.0f', use.at) .. SEP .. use.kind .. SEP .. use.context
  end
end

-- The marks a use recorded later reads (event-memory-uses.lua): per rule, its earliest sweep
-- (range and finding) and the times of its latest RECENT_SWEEPS sweeps.
if only == '' then
  if not swept or untilAt > swept then redis.call('HSET', KEYS[2], '^', string.format('%.0f', untilAt)) end
  local rule = ARGV[9]
  local marks, kept, mine = redis.call('HGET', KEYS[1], '!'), {}, nil
  for text in string.gmatch(marks or '', '[^\30]+') do
    local m = parseMark(text)
    if m and m.rule == rule then mine = m
    elseif m then kept[#kept + 1] = text end
  end
  if not mine then mine = { rule = rule, since = since, untilAt = untilAt, finding = finding, sweeps = {} }
  elseif untilAt < mine.untilAt then mine.since, mine.untilAt, mine.finding = since, untilAt, finding end
  local known = false
  for _, t in ipairs(mine.sweeps) do if t == untilAt then known = true end end
  if not known then
    mine.sweeps[#mine.sweeps + 1] = untilAt
    table.sort(mine.sweeps)
    if #mine.sweeps > tonumber(ARGV[10]) then table.remove(mine.sweeps, 1) end
  end
  kept[#kept + 1] = formatMark(mine)
  redis.call('HSET', KEYS[1], '!', table.concat(kept, ROW))
  -- A hash made by the mark alone (no use recorded yet) would otherwise never expire.
  if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5])) end
end
-- Claims live as long as the longest sweep of the rule needs them, never shorter: a belated
-- sweep's range can be the second between two sweeps, and setting its TTL would have dropped
-- every claim of the lookback (the next sweep claimed those accounts again).
local claimsTtl = tonumber(ARGV[5])
if only ~= '' then
  for text in string.gmatch(redis.call('HGET', KEYS[1], '!') or '', '[^\30]+') do
    local m = parseMark(text)
    if m and m.rule == ARGV[9] and 2 * (m.untilAt - m.since) > claimsTtl then claimsTtl = 2 * (m.untilAt - m.since) end
  end
end
if redis.call('PTTL', KEYS[2]) < claimsTtl then redis.call('PEXPIRE', KEYS[2], claimsTtl) end
answer = table.concat(found, '\30')
redis.call('SET', KEYS[3], answer, 'PX', tonumber(ARGV[6]))
return answer
