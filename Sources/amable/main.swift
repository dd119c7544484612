import AmableCore
import Foundation

let usage = """
    amable — a customer-service assistant for online shops

    USAGE
      amable [chat] [--lang es|en] [--shop PATH]   talk to Amable (REPL) on the demo shop
      amable chat --jsonl [--lang es|en] [--shop PATH] [--explain]
                                                  one JSON object per input line (for tools)
      amable check [--shop PATH]                  validate Intents/, Responses/ and the shop profile
      amable eval FILE.tsv [--lang es|en] [--json] [--misses N]
                                                  measure the intent matcher on labelled lines
      amable test [PATH...] [--verbose]           run scripted conversations (default Tests/Conversations)
      amable queue list|show|claim|reply|release|resolve|back-to-bot|chat [ID] [--agent NAME] [--json]
                                                  the human handoff queue (`amable queue` for details)
      amable purge --older-than 90d [--json]      delete conversations inactive for that long
      amable serve [--host 127.0.0.1] [--port 8080] [--keys FILE]
                                                  the HTTP API for shops and agents (README, "Webhook")
      amable help                                 this text

    COMMON OPTIONS
      --home DIR     folder holding Intents/ and Responses/ (default: found from here; env AMABLE_HOME)
      --shop PATH    shop profile JSON, or a folder with shop.json (default: Shops/demo/shop.json)
      --lang es|en   fix the conversation's language (default: detected per message, Spanish first)
      --now ISO8601  pretend the clock says this (for reproducible scripts and tests)
      --data DIR     where conversations, messages and tickets are saved (default ./.amable/)
      --id ID        chat: continue the saved conversation ID (default: a new one)
      --agent-timeout 15m   a claimed ticket whose agent is silent this long goes back to the queue

    In the REPL, type /help for its commands.
    """

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("amable: \(message)\n".utf8))
    exit(code)
}

var argv = Array(CommandLine.arguments.dropFirst())
let commands = ["chat", "check", "eval", "test", "help", "queue", "purge", "serve"]
let command = argv.first.flatMap { commands.contains($0) ? $0 : nil } ?? "chat"
if argv.first == command { argv.removeFirst() }
if let first = argv.first, !first.hasPrefix("-"), command == "chat" {
    fail("unknown command \"\(first)\"; try `amable help`", code: 64)
}

do {
    switch command {
    case "help":
        print(usage)
    case "check":
        let args = try Arguments(argv, flags: ["--help"], options: ["--home", "--shop"])
        if args.has("--help") { print(usage); exit(0) }
        exit(try CheckCommand.run(args))
    case "eval":
        let args = try Arguments(argv, flags: ["--help", "--json"], options: ["--home", "--shop", "--lang", "--misses"])
        if args.has("--help") { print(usage); exit(0) }
        exit(try EvalCommand.run(args))
    case "test":
        let args = try Arguments(argv, flags: ["--help", "--verbose"], options: ["--home", "--shop"])
        if args.has("--help") { print(usage); exit(0) }
        exit(try await TestCommand.run(args))
    case "queue":
        let args = try Arguments(argv, flags: ["--help", "--json", "--no-color"],
                                 options: ["--home", "--shop", "--data", "--agent", "--agent-timeout", "--now"])
        if args.has("--help") || args.positionals.isEmpty { print(QueueCommand.usage); exit(args.has("--help") ? 0 : 64) }
        exit(try await QueueCommand.run(args))
    case "serve":
        let args = try Arguments(argv, flags: ["--help"], options: ServeCommand.options)
        if args.has("--help") { print(ServeCommand.usage); exit(0) }
        exit(try await ServeCommand.run(args))
    case "purge":
        let args = try Arguments(argv, flags: ["--help", "--json"], options: ["--data", "--older-than", "--now"])
        if args.has("--help") { print(usage); exit(0) }
        exit(try PurgeCommand.run(args))
    default:
        let args = try Arguments(argv, flags: ["--help", "--jsonl", "--explain", "--debug", "--no-color"],
                                 options: ["--home", "--shop", "--lang", "--now", "--id", "--data", "--agent-timeout"])
        if args.has("--help") { print(usage); exit(0) }
        if args.has("--jsonl") {
            try await JSONLSession.run(args)
        } else {
            try await REPL.run(args)
        }
    }
} catch let error as CLIError {
    fail(error.message, code: error.exitCode)
} catch let error as Arguments.Error {
    fail("\(error.description); try `amable help`", code: 64)
} catch {
    fail("\(error)", code: 1)
}
