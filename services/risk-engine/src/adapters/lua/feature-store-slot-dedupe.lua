-- Part of the feature script on Redis Cluster, in place of feature-store-dedupe.lua, for the call
-- of an event's features in one slot other than its account's (see feature-store.lua for the join
-- order; redis-cluster-feature-store.ts for the split): whether this event was already applied in
-- this slot, and recording that it was. The account's call (feature-store-dedupe.lua) decides
-- whether the event is a replay; this marker only makes this slot's writes happen once per event,
-- however often the call is sent (a retry after a lost reply or a failed call of another slot).
-- Uses at, originDigest, plan, readOnly, n, split, HINT, now and nextExpiry; defines write,
-- ownKnown, status, first and recordEvent, as the account's part does.
--
-- KEYS[1] markers of the slot for the hour of event time of the event: <8-byte event digest> ->
--         6-byte digest of the origin of the delivery that applied it, '' the expiry hint. Kept
--         the dedupe TTL after its last write; a whole hour of markers expires at once, no scan.
-- KEYS[2] first results in this slot, same hour: <event digest> -> plan, the values, '' (where
--         the account's latest time once was), separated by 0x1f; kept the results TTL after
--         its last write.
-- KEYS[3] not read (the account's part reads the previous dedupe layout there)
local eventDigest = ARGV[13]
local dedupeTtl, resultsTtl = tonumber(ARGV[2]), tonumber(ARGV[6])

local entry, markerHint = false, false
if not readOnly then
  local got = redis.call('HMGET', KEYS[1], eventDigest, HINT)
  entry, markerHint = got[1], got[2]
end
-- A missing field reads as false in Lua, not nil.
local seen = entry ~= false
local write = not seen and not readOnly
local ownKnown = write or readOnly
local status = '0'
-- This slot's first results when this replay derived the same features (see the account's part).
local first = nil
if seen then
  status = entry == originDigest and '1' or '2'
  local results = redis.call('HGET', KEYS[2], eventDigest)
  if results then
    local parts = split(results)
    if parts[1] == plan and #parts == n + 2 then first = parts end
  end
end

-- Sets one field of a hash kept ttl after its last write (its expiry moved by its hint).
local function setKept(key, field, value, hint, ttl)
  local expiry = nextExpiry(hint, ttl, math.floor(ttl / 32))
  if not expiry then return redis.call('HSET', key, field, value) end
  redis.call('HSET', key, field, value, HINT, expiry)
  redis.call('PEXPIREAT', key, expiry)
end

-- Records the marker and this slot's first results.
local function recordEvent(values)
  setKept(KEYS[1], eventDigest, originDigest, markerHint, dedupeTtl)
  local text = plan .. SEP .. table.concat(values, SEP) .. SEP
  setKept(KEYS[2], eventDigest, text, redis.call('HGET', KEYS[2], HINT), resultsTtl)
end
