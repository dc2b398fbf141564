-- Part of the feature script (see feature-store.lua for KEYS / ARGV and the join order): whether
-- the event id was recorded within the dedupe window and from which origin, and recording the
-- event. Uses originDigest, plan, readOnly, n, num, split, SEP, HINT and nextExpiry; defines
-- write, ownKnown, status, first and recordEvent.
--
-- Entries live in hashes shared by the events of one hour of event time (a resend carries its
-- event's time, so it finds the same hashes), not in a key per account: a key costs ~100 bytes,
-- more than an account's entries of a day on most accounts (test/bench/results/dedupe-memory.md).
-- KEYS[1] is the hour's root hash (redis-feature-store-digests.ts: on one node one of 256 per
-- hour, picked by the digest; on a cluster one per account slot and hour, in the account's slot).
--   <8 bytes>  digest of (account, event id) -> 6 bytes, the digest of the origin of its first
--              delivery
--   '#'        how many entries it holds: once FULL, later entries go to its child
--   ''         the expiry hint (see nextExpiry)
-- A full hash has 256 children, its name .. ':' .. two hex digits of the digest (byte 8 for a
-- child, byte 7 for a grandchild; FANOUT_LEVELS levels below the root): every hash stays within
-- the listpack encoding (512 entries by default, ~20 bytes per entry) whatever the rate, and a
-- lookup reads one hash per level on the digest's path (1 below ~34 events/s on one node, 2
-- below ~8,700/s). The last level fills without bound (then a hashtable, ~3x the bytes per entry,
-- still exact). The count is kept in a field rather than asked of Redis (HLEN): it is read with
-- the entry and written with it.
--
-- Digests (the store computes them, see redis-feature-store-digests.ts): a new event taken for a
-- recorded one needs two (account, event id) pairs of one event hour to share 64 bits (k pairs:
-- k^2/2^65; at 1,000 events/s about one in 3.6 million hours); a resend taken for a retry needs two
-- origins to share 48 bits (2^-48 per resend), and a retry is always recognised as one.
--
-- Expiry: every hash is kept the dedupe TTL (plus a slack of 1/32) after its last write, and a
-- write in a child extends its ancestors too (a lookup walks down from the root), so an entry is
-- kept at least the TTL after it was recorded; an hour's hashes expire whole, no scan.
--
-- Upgrade: the previous layout kept one hash per account (KEYS[3], v1:dd:{account}: the event
-- id's digest ARGV[13] -> 2 bytes of hour and the origin's digest). An event id not found here is
-- looked up there, so a resend of an event the previous version recorded is still told apart. To
-- be removed once a dedupe window has passed since the last replica of that version stopped.
local FULL = 480
local FANOUT_LEVELS = 2
local eventDigest = ARGV[15]
local legacyDigest = ARGV[13]
local dedupeTtl = tonumber(ARGV[2])

-- The hashes on the digest's path read so far, with their entry counts and hints; the last is
-- where a new entry goes.
local path, counts, hints = { KEYS[1] }, {}, {}
local entry = false
if not readOnly then
  for level = 0, FANOUT_LEVELS do
    if level > 0 then
      path[level + 1] = path[level] .. ':' .. string.format('%02x', string.byte(eventDigest, 9 - level))
    end
    local got = redis.call('HMGET', path[level + 1], eventDigest, '#', HINT)
    -- A missing field reads as false in Lua, not nil.
    entry, counts[level + 1], hints[level + 1] = got[1], tonumber(got[2]) or 0, got[3]
    if entry or counts[level + 1] < FULL or level == FANOUT_LEVELS then break end
  end
  if not entry then
    local old = redis.call('HGET', KEYS[3], legacyDigest)
    if old then entry = string.sub(old, 3) end
  end
end
local seen = entry ~= false
local write = not seen and not readOnly
-- The reading event is recorded at 'at': this call records it, or a read-only re-evaluation
-- says it was (a replay cannot tell: the rule set may have changed since).
local ownKnown = write or readOnly
local status = '0'
-- First results when this replay asks for the same features (same plan: see ARGV[5]): first[1 + i]
-- is value i. They end with an empty part, where an earlier version kept the account's latest
-- time. Results kept under the rule set's fingerprint alone (before the plan named the features)
-- are not handed back: a retry across that upgrade reads as of its time, as after the results TTL.
local first = nil
if seen then
  status = entry == originDigest and '1' or '2'
  local results = redis.call('GET', KEYS[2])
  if results then
    local parts = split(results)
    if parts[1] == plan and #parts == n + 2 then first = parts end
  end
end

-- Records the event id (with its origin) and the first results.
local function recordEvent(values)
  local ttl, slack = dedupeTtl, math.floor(dedupeTtl / 32)
  local leaf = #path
  local count = num(counts[leaf] + 1)
  local expiry = nextExpiry(hints[leaf], ttl, slack)
  if expiry then
    redis.call('HSET', path[leaf], eventDigest, originDigest, '#', count, HINT, expiry)
    redis.call('PEXPIREAT', path[leaf], expiry)
  else
    redis.call('HSET', path[leaf], eventDigest, originDigest, '#', count)
  end
  for level = 1, leaf - 1 do
    local up = nextExpiry(hints[level], ttl, slack)
    if up then
      redis.call('HSET', path[level], HINT, up)
      redis.call('PEXPIREAT', path[level], up)
    end
  end
  redis.call('SET', KEYS[2], plan .. SEP .. table.concat(values, SEP) .. SEP, 'PX', ARGV[6])
end
