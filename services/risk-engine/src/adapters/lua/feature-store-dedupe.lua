-- Part of the feature script (see feature-store.lua for KEYS / ARGV and the join order): whether
-- the event id was recorded within the dedupe window and from which origin, the account's latest
-- event time, and recording the event. Uses at, atText, originDigest, plan, readOnly, n, fmt, split,
-- SEP, HINT, now and nextExpiry; defines write, ownKnown, status, first, latest and recordEvent.
--
-- One hash per account (KEYS[1], under its {accountId} tag like the account's other state), not
-- one key per event: a key costs several times what an entry here does (measured in
-- test/bench/results/dedupe-memory.md).
--   <8 bytes>  digest of an event id -> 2 bytes, the hour it was recorded in (Redis clock, epoch
--              hours mod 65536), then 6 bytes, the digest of the origin of its first delivery
--   'l'        the account's latest recorded event time (epoch ms)
--   'p'        the oldest hour an entry may be from
--   ''         the expiry hint (see nextExpiry)
-- Small fields keep the hash listpack-encoded up to hash-max-listpack-entries (512 by default);
-- an account with more event ids within the window turns into a hashtable: ~3x the bytes per
-- entry, still exact.
--
-- Digests (the store computes them, see redis-feature-store.ts): a new event id taken for a
-- recorded one needs two ids of one account within the window to share 64 bits (k ids: k^2/2^65;
-- whoever can choose event ids can reuse one outright anyway); a resend taken for a retry needs
-- two origins to share 48 bits (2^-48 per resend), and a retry is always recognised as one.
--
-- Expiry: every entry is kept at least the dedupe TTL after it was recorded. An idle hash expires
-- the TTL (plus a slack of 1/32) after its last write. In a hash that keeps being written, entries
-- are dropped by the hour: once 'p' is more than KEEP + PURGE_EVERY hours old, one HGETALL drops
-- the entries of hours more than KEEP (>= the TTL) ago, so an account pays one scan per
-- PURGE_EVERY hours at most and an entry lives at most the TTL + PURGE_EVERY + 2 hours.
local DIGEST_BYTES = 8
local HOUR_MS = 3600000
local eventDigest = ARGV[13]
local dedupeTtl = tonumber(ARGV[2])
local KEEP = math.ceil(dedupeTtl / HOUR_MS)
local PURGE_EVERY = math.ceil(KEEP / 8)

local account = redis.call('HMGET', KEYS[1], eventDigest, 'l', 'p', HINT)
-- A missing field reads as false in Lua, not nil.
local entry, latest, oldestHour, accountHint = account[1], account[2], account[3], account[4]
local seen, sameOrigin = false, false
if not readOnly then
  if entry then seen, sameOrigin = true, string.sub(entry, 3) == originDigest end
end
local write = not seen and not readOnly
-- The reading event is recorded at 'at': this call records it, or a read-only re-evaluation
-- says it was (a replay cannot tell: the rule set may have changed since).
local ownKnown = write or readOnly
local status = '0'
-- First results when this replay derived the same features: first[1 + i] is value i,
-- first[n + 2] the account's latest time they were computed with.
local first = nil
if seen then
  status = sameOrigin and '1' or '2'
  local results = redis.call('GET', KEYS[2])
  if results then
    local parts = split(results)
    if parts[1] == plan and #parts == n + 2 then first = parts end
  end
end

local function hourBytes(h) return string.char(math.floor(h / 256) % 256, h % 256) end

-- Drops the entries recorded more than KEEP hours before hour h; returns the oldest hour left.
-- An entry "from the future" (ages of 2^15 and more: the Redis clock went back, e.g. a failover
-- to a replica with another clock) is kept.
local function purge(h)
  local all = redis.call('HGETALL', KEYS[1])
  local stale, oldestAge = {}, 0
  for i = 1, #all, 2 do
    if #all[i] == DIGEST_BYTES then
      local v = all[i + 1]
      local age = (h - string.byte(v, 1) * 256 - string.byte(v, 2)) % 65536
      if age >= 32768 then age = 0 end
      if age > KEEP then stale[#stale + 1] = all[i]
      elseif age > oldestAge then oldestAge = age end
    end
  end
  -- In slices: unpack is bounded by Lua's C stack.
  for from = 1, #stale, 1000 do
    redis.call('HDEL', KEYS[1], unpack(stale, from, math.min(from + 999, #stale)))
  end
  return h - oldestAge
end

local function push(t, field, value)
  t[#t + 1] = field
  t[#t + 1] = value
end

-- Records the event id (with its origin), the account's latest time and the first results.
local function recordEvent(values, latestAt)
  local h = math.floor(now() / HOUR_MS)
  local sets = { eventDigest, hourBytes(h) .. originDigest }
  if not latest or at > tonumber(latest) then push(sets, 'l', atText) end
  local oldest = tonumber(oldestHour)
  if not oldest then push(sets, 'p', fmt(h))
  elseif h - oldest > KEEP + PURGE_EVERY then push(sets, 'p', fmt(purge(h))) end
  local expiry = nextExpiry(accountHint, dedupeTtl, math.floor(dedupeTtl / 32))
  if expiry then push(sets, HINT, expiry) end
  redis.call('HSET', KEYS[1], unpack(sets))
  if expiry then redis.call('PEXPIREAT', KEYS[1], expiry) end
  redis.call('SET', KEYS[2], plan .. SEP .. table.concat(values, SEP) .. SEP .. latestAt, 'PX', ARGV[6])
end
