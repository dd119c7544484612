-- wrk script: full bot turns, POST /v1/conversations/{id}/messages with keep-alive.
-- Each thread runs its own conversations of four messages (greeting, shipping question,
-- order tracking, thanks), so every request is a real turn on a real stored conversation.
--
-- As real customers do, each conversation has one message in flight at a time: a thread
-- keeps SPREAD conversations going and sends each the next message in turn (wrk calls
-- `request` once per request, not per connection, so consecutive requests go to different
-- conversations; SPREAD is far more than a thread's connections, so a conversation's
-- previous turn has been answered before its next message goes out). When all SPREAD have
-- had their four messages, the thread starts SPREAD new ones.
--
-- The run's label (`wrk ... -s turn.lua URL -- LABEL`) starts every conversation id, so a
-- second run against the same server starts new conversations instead of repeating old ones
-- (a customer who repeats herself is handed to a person: that is another benchmark).
local threads = 0
local label = "load"
local SPREAD = 256

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local messages = {
  "hola",
  "¿cuánto cuesta el envío a Canarias?",
  "dónde está mi pedido 10482",
  "gracias, eso era todo",
}
local n = 0

function init(args)
  if args[1] then label = args[1] end
end

request = function()
  local slot = n % SPREAD
  local step = math.floor(n / SPREAD)
  local conversation = string.format("%s-%d-%d-%d", label, tid, math.floor(step / 4), slot)
  local text = messages[(step % 4) + 1]
  n = n + 1
  return wrk.format("POST", "/v1/conversations/" .. conversation .. "/messages",
    { ["Content-Type"] = "application/json" }, '{"text":"' .. text .. '"}')
end
