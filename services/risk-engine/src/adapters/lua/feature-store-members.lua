-- Part of the feature script (see feature-store.lua for KEYS / ARGV and the join order): the
-- features kept per member or record (distinct, seen_before, last_event, average). Uses the
-- locals at, atText, write, ownKnown, horizon, LAST_RECORDS, fmt, num, HINT and nextExpiry.
-- Reference model: InMemoryFeatureStore in @vigil/rules.
-- Numbers go to redis.call as text (atText, num): a Lua number argument is formatted with
-- '%.17g' on every call.

-- Sorted set member -> latest sighting, and 0x1f <member> -> the sighting before it, scored
-- sighting - PREV_OFFSET: below any event time, so what counts by score (ZCOUNT, the trim of
-- sightings past the window and horizon, a previous engine's reads during a rolling upgrade, which
-- then drops them when it trims: toward not counting) never sees it. Counts the members last seen
-- in (at - window, at], plus those seen again after 'at' whose sighting before was in the window
-- (a read as of an earlier time: exact for members seen at most twice, toward not counting beyond),
-- and the reading event's own member when its latest sighting is after 'at' (it was seen at 'at'
-- too). Members are kept the window plus the lateness horizon (dropped when a new one arrives).
local PREV, PREV_OFFSET = '\31', 10000000000000
local function distinct(key, a1, a2, a3, a4)
  local windowMs, member, hasMember, maxMembers = a1, a2, a3 == 1, a4
  local since = at - windowMs
  local ownLater = false
  if hasMember and ownKnown then
    local score = tonumber(redis.call('ZSCORE', key, member))
    ownLater = score ~= nil and score > at
    if write and not (score and score >= at) then
      redis.call('ZADD', key, atText, member)
      if score then
        -- Seen again: the sighting before stays for reads as of a time before this one.
        redis.call('ZADD', key, num(score - PREV_OFFSET), PREV .. member)
      else
        -- Only a new member grows the set: then drop the ones past the window and the horizon,
        -- and cap it (the least recently seen go first).
        local cut = since - horizon
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. num(cut - PREV_OFFSET))
        redis.call('ZREMRANGEBYSCORE', key, '0', '(' .. num(cut))
        local size = redis.call('ZCOUNT', key, '0', '+inf')
        if size > maxMembers then
          local before = redis.call('ZCARD', key) - size
          redis.call('ZREMRANGEBYRANK', key, before, before + size - maxMembers - 1)
        end
      end
    elseif write and score and score > at then
      -- An earlier sighting recorded late: kept when it is the latest before the newest.
      local prev = tonumber(redis.call('ZSCORE', key, PREV .. member))
      if not prev or prev + PREV_OFFSET < at then
        redis.call('ZADD', key, num(at - PREV_OFFSET), PREV .. member)
      end
    end
    if write then redis.call('PEXPIRE', key, num(windowMs + horizon)) end
  end
  local count = redis.call('ZCOUNT', key, '(' .. num(since), atText)
  -- Seen again after 'at' (usually none: a read in event order finds nothing later).
  for _, seen in ipairs(redis.call('ZRANGEBYSCORE', key, '(' .. atText, '+inf')) do
    if not (ownLater and seen == member) then
      local prev = tonumber(redis.call('ZSCORE', key, PREV .. seen))
      if prev and prev + PREV_OFFSET > since and prev + PREV_OFFSET <= at then count = count + 1 end
    end
  end
  return num(ownLater and count + 1 or count)
end

-- Hash member -> "first:last" recording times, "first:" while they are the same. Field '' =
-- "expiry:earliest": the expiry (see nextExpiry) and the earliest recording in the hash, so "any
-- history before 'at'" is one field; every write stores it, so a hash without it does not exist.
-- Returns "last:first:earliest": the latest recording strictly before 'at' — 'at' - 1 when one is
-- known to exist but not when (first < at <= last: toward "seen") —, the member's first recording
-- and the hash's earliest; else ':earliest' (none, but the hash had recordings before 'at') or '-'
-- (no history before 'at').
local function seen(key, a1, a2, a3, a4)
  local member, record, maxMembers = a1, a2 == 1, a4
  local retention = a3 + horizon
  local got = redis.call('HMGET', key, member, HINT)
  local entry, hint = got[1], got[2]
  -- Numbers and their text as stored: what is rewritten unchanged is not formatted again.
  local first, last, firstText, lastText = nil, nil, nil, nil
  if entry then
    firstText, lastText = string.match(entry, '^(%-?%d+):(%-?%d*)$')
    if lastText == '' then lastText = firstText end
    first, last = tonumber(firstText), tonumber(lastText)
  end
  local expiry, earliest, earliestText = nil, nil, nil
  if hint then
    expiry, earliestText = string.match(hint, '^(%d+):(%-?%d+)$')
    earliest = tonumber(earliestText)
  end
  local out
  if last and last < at then out = fmt(last) .. ':' .. firstText .. ':' .. (earliestText or firstText)
  elseif first and first < at then out = fmt(at - 1) .. ':' .. firstText .. ':' .. (earliestText or firstText)
  elseif hint and earliest < at then out = ':' .. earliestText
  else out = '-' end
  if not (write and record) then return out end
  local sets = {}
  if not entry then sets = { member, atText .. ':' }
  elseif at < first then sets = { member, atText .. ':' .. lastText }
  elseif at > last then sets = { member, firstText .. ':' .. atText } end
  -- Rules differing only in history share this hash: the longest one keeps it (a later expiry
  -- only). Over-provisioned by 1/32 of the retention.
  local nextExp = nextExpiry(expiry, retention, math.floor(retention / 32))
  local nextEarliest = earliestText
  if not earliest or at < earliest then nextEarliest = atText end
  if nextExp or nextEarliest ~= earliestText then
    sets[#sets + 1] = HINT
    sets[#sets + 1] = (nextExp or expiry) .. ':' .. nextEarliest
  end
  if #sets > 0 then redis.call('HSET', key, unpack(sets)) end
  -- Only a new member can push the hash past its cap (the hint is one more field), and not the
  -- first one: a hash without the hint did not exist.
  if not entry and hint and redis.call('HLEN', key) > maxMembers + 1 then
    local flat = redis.call('HGETALL', key)
    local entries = {}
    for j = 1, #flat, 2 do
      if flat[j] ~= HINT then entries[#entries + 1] = { flat[j], tonumber(string.match(flat[j + 1], '(%-?%d+):?$')) } end
    end
    -- Ties by member: a hash past 128 fields iterates in an order of its own per server.
    table.sort(entries, function(x, y) if x[2] ~= y[2] then return x[2] < y[2] end return byteLess(x[1], y[1]) end)
    -- Forget the least recently seen half: rarely needed, amortised over many writes.
    for j = 1, #entries - math.floor(maxMembers / 2) do redis.call('HDEL', key, entries[j][1]) end
  end
  if nextExp then redis.call('PEXPIREAT', key, nextExp) end
  return out
end

-- The newest records by event time, newest first (one as new as a kept one goes before it), at
-- most LAST_RECORDS: "at\31json" joined by \30. Returns the newest one strictly before 'at' (JSON
-- written by the engine), or ''.
local function lastEvent(key, a1, a2)
  local record, retention = a1, a2 + horizon
  local stored = redis.call('GET', key)
  local list = {}
  if stored then
    for t, json in string.gmatch(stored, '(%-?%d+)\31([^\30]*)') do list[#list + 1] = { tonumber(t), json } end
  end
  local out = ''
  for _, r in ipairs(list) do
    if r[1] < at then
      out = r[2]
      break
    end
  end
  if write and record ~= '' then
    local pos = #list + 1
    for j, r in ipairs(list) do
      if r[1] <= at then
        pos = j
        break
      end
    end
    -- Older than every kept record when LAST_RECORDS are kept: it would be dropped at once.
    if pos <= LAST_RECORDS then
      table.insert(list, pos, { at, record })
      local parts = {}
      for j = 1, math.min(#list, LAST_RECORDS) do parts[j] = fmt(list[j][1]) .. '\31' .. list[j][2] end
      redis.call('SET', key, table.concat(parts, '\30'), 'PX', num(retention))
    end
  end
  return out
end

-- Count and sum before this event, as of now (not of 'at'); past maxSamples both halve, so the
-- mean tracks recent habits.
local function average(key, a1, a2, a3)
  local sample, retention, maxSamples = a1, a2, a3
  local v = redis.call('HMGET', key, 'n', 'sum', HINT)
  local count, sum = tonumber(v[1] or '0') or 0, tonumber(v[2] or '0') or 0
  if write and sample ~= '' then
    local nextCount, nextSum = count + 1, sum + sample
    if nextCount > maxSamples then nextCount, nextSum = math.floor(nextCount / 2), math.floor(nextSum / 2) end
    local expiry = nextExpiry(v[3], retention, math.floor(retention / 32))
    if expiry then
      redis.call('HSET', key, 'n', fmt(nextCount), 'sum', fmt(nextSum), HINT, expiry)
      redis.call('PEXPIREAT', key, expiry)
    else
      redis.call('HSET', key, 'n', fmt(nextCount), 'sum', fmt(nextSum))
    end
  end
  return fmt(count) .. ':' .. fmt(sum)
end
