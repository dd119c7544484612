-- wrk script: full bot turns, POST /v1/conversations/{id}/messages with keep-alive.
-- Each thread runs its own conversations of four messages (greeting, shipping question,
-- order tracking, thanks), so every request is a real turn on a real stored conversation.
local threads = 0

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

request = function()
  local conversation = string.format("load-%d-%d", tid, math.floor(n / 4))
  local text = messages[(n % 4) + 1]
  n = n + 1
  return wrk.format("POST", "/v1/conversations/" .. conversation .. "/messages",
    { ["Content-Type"] = "application/json" }, '{"text":"' .. text .. '"}')
end
