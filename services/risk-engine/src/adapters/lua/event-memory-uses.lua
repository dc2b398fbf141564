-- Part of the event memory's record scripts, after event-memory-marks.lua (redis-lua.ts joins the parts): the arguments,
-- and recording the uses of the entities an event used (recordUses). event-memory-record.lua
-- follows it on a single node (the account's keys, then every entity's uses, in one call);
-- event-memory-uses-run.lua on Redis Cluster, where the uses in one slot are a call of their own.
-- KEYS[first..] uses of each entity the event used: hash, <kind> 0x1f <accountId> = its most
--           recent uses, oldest first, each <time> 0x1f <eventId>, joined by 0x1e, a use's
--           context (what the customer would recognise its event by: a JSON array, '[…]') as an
--           entry of its own right before it when there is one; and '!' = the sweeps that found it
--           bad (event-memory-marks.lua); '^' = the newest use's time, written <time> 0x1f (a use
--           of no event) because engines from before it read every field but '!' as uses when they
--           trim the hash: there it is the newest use, and if trimmed the next use writes it again
--           (until then a late use is not known to be late). An engine from before contexts passes
--           over those entries (they do not start with a time) and drops them when it rewrites the
--           field: during a rolling upgrade its sweeps find the same uses, and a follow-up says
--           less at worst.
-- ARGV[1] event time (ms)  ARGV[2] eventId  ARGV[3] payload  ARGV[4] horizon (ms)
-- ARGV[5] most events returned  ARGV[6] most events remembered per account
-- ARGV[7] uses retention (ms)  ARGV[8] most uses per entity  ARGV[9] uses kept per account
-- ARGV[10] uses at or after this time are all kept (the batch's earliest event time)
-- ARGV[11] the event's context ('' for none)
-- ARGV[12] most later uses of other accounts returned per entity
-- ARGV[13] per use, '1' when the event writes the entity's shared state (others read it), else '0'
-- ARGV[14..] the field of each use (same order as KEYS[first..])
-- Recording a use again (a retried call) leaves the hash as it was: idempotent per event.
-- A use no later than where a rule's sweeps reached (and after its first sweep's start) was
-- recorded after a sweep that should have found it: recordUses lists it in `belated`, each as
-- <use's position among this call's uses (1-based)>, rule, since, until, finding: the range the
-- sweep that would have claimed it in order looked at (the first sweep at or after the use, from
-- where the one before it reached), which the sweep for that account alone looks at again.
-- A use that writes the entity's shared state, earlier than its newest use, was recorded after
-- other accounts' later uses, decided without it: recordUses lists those in `others` (the oldest
-- ARGV[12] of each entity), each as <use's position>, accountId, eventId, time.
local at, eventId, payload = tonumber(ARGV[1]), ARGV[2], ARGV[3]
local horizon, maxLater, maxKept = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local maxUses, perAccount = tonumber(ARGV[8]), tonumber(ARGV[9])
local keepFrom = tonumber(ARGV[10])
local context = ARGV[11]
local maxOthers, writesShared = tonumber(ARGV[12]), ARGV[13]
local SEP, ROW = '\31', '\30'
-- The event time and the TTLs go to ZADD / PEXPIRE as their argument's text (ARGV[1], [4], [7]):
-- a Lua number is formatted again (%.17g) on every call.
local function fmt(x) return string.format('%d', x) end

-- The usual case without parsing every use: the use comes after every use in the field (in
-- order, so not a retry of one of them) and all of those are before keepFrom (earlier batches):
-- the oldest past perAccount are cut from the front and the use appended, the value the sort below
-- would write. nil when that is not the case (a late use, several in one batch, a retry).
local own = (context ~= '' and context .. ROW or '') .. fmt(at) .. SEP .. eventId
local function appended(previous)
  if at < keepFrom then return nil end
  local ends, t = useEntries(previous)
  if not t or t >= at or t >= keepFrom or string.find(previous, SEP .. eventId, 1, true) then return nil end
  local cut = #ends - perAccount
  if cut <= 0 then return previous .. ROW .. own end
  if cut >= #ends then return own end
  return string.sub(previous, ends[cut] + 1) .. ROW .. own
end

-- Each (kind, account) of an entity keeps its few most recent uses: a retro-hunt sweep takes the
-- latest one up to its own time, so uses recorded after that time (later in the batch) never hide
-- an earlier one. A busy shared IP forgets its least recently used half past the cap.
local belated, others = {}, {}

-- Other accounts' uses of the entity later than this one, the oldest maxOthers (time, then eventId).
local function laterOthers(key, position, own)
  local later = {}
  local flat = redis.call('HGETALL', key)
  for i = 1, #flat, 2 do
    local account = string.match(flat[i], '^[^\31]+\31(.*)$')
    if account and account ~= own then
      for _, use in ipairs(parseUses(flat[i + 1])) do
        if use[1] > at then later[#later + 1] = { use[1], use[2], account } end
      end
    end
  end
  table.sort(later, function(x, y) if x[1] ~= y[1] then return x[1] < y[1] end return byteLess(x[2], y[2]) end)
  for i = 1, math.min(#later, maxOthers) do
    for _, v in ipairs({ tostring(position), later[i][3], later[i][2], fmt(later[i][1]) }) do others[#others + 1] = v end
  end
end

local function recordUses(first)
  for k = first, #KEYS do
    local position = k - first + 1
    local field = ARGV[k + 14 - first]
    local read = redis.call('HMGET', KEYS[k], field, '!', '^')
    local previous, marks = read[1], read[2]
    local newest = read[3] and tonumber(string.match(read[3], '^(%-?%d+)'))
    if newest and at < newest and string.sub(writesShared, position, position) == '1' then
      laterOthers(KEYS[k], position, string.match(field, '^[^\31]+\31(.*)$'))
    end
    if marks then
      for text in string.gmatch(marks, '[^\30]+') do
        local m = parseMark(text)
        local sweeps = m and m.sweeps
        if m and at > m.since and at <= sweeps[#sweeps] then
          local from, to = m.since, m.untilAt
          if at > m.untilAt then
            -- The first kept sweep at or after the use; a dropped one between them is not known.
            local i = 1
            while sweeps[i] < at do i = i + 1 end
            to = sweeps[i]
            from = to - (m.untilAt - m.since)
            if i > 1 and sweeps[i - 1] > from then from = sweeps[i - 1] end
          end
          for _, v in ipairs({ tostring(position), m.rule, fmt(from), fmt(to), m.finding }) do belated[#belated + 1] = v end
        end
      end
    end
    local value = previous and appended(previous)
    if not value then
      local uses = {}
      if previous then
        for _, use in ipairs(parseUses(previous)) do
          if use[2] ~= eventId then uses[#uses + 1] = use end
        end
      end
      uses[#uses + 1] = { at, eventId, context }
      table.sort(uses, function(x, y) if x[1] ~= y[1] then return x[1] < y[1] end return byteLess(x[2], y[2]) end)
      -- The newest perAccount of the uses before keepFrom, and every one since: a sweep of this
      -- batch (up to its own time) still finds its latest use, however many later ones were recorded.
      local older = 0
      for i = 1, #uses do if uses[i][1] < keepFrom then older = i end end
      local kept = {}
      for i = math.max(1, older - perAccount + 1), #uses do
        if uses[i][3] ~= '' then kept[#kept + 1] = uses[i][3] end
        kept[#kept + 1] = fmt(uses[i][1]) .. SEP .. uses[i][2]
      end
      value = table.concat(kept, ROW)
    end
    if newest and newest >= at then redis.call('HSET', KEYS[k], field, value)
    else redis.call('HSET', KEYS[k], field, value, '^', fmt(at) .. SEP) end
    redis.call('PEXPIRE', KEYS[k], ARGV[7])
    -- The fields past the uses: '^' (always there by now), and '!' once swept, as ever.
    if not previous and redis.call('HLEN', KEYS[k]) > maxUses + 1 then
      local flat = redis.call('HGETALL', KEYS[k])
      local entries = {}
      for i = 1, #flat, 2 do
        if flat[i] ~= '!' and flat[i] ~= '^' then
          local _, last = useEntries(flat[i + 1])
          entries[#entries + 1] = { flat[i], last or 0 }
        end
      end
      -- Ties by field: a hash past 128 fields iterates in an order of its own per server.
      table.sort(entries, function(x, y) if x[2] ~= y[2] then return x[2] < y[2] end return byteLess(x[1], y[1]) end)
      for i = 1, #entries - math.floor(maxUses / 2) do redis.call('HDEL', KEYS[k], entries[i][1]) end
    end
  end
end
