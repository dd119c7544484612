import AmableCore
import AmableService
import AmableStore
import Foundation

/// `amable queue list|show|claim|reply|release|resolve|back-to-bot|chat`: the agents' side
/// of the handoff queue, on the same data folder as the chat.
enum QueueCommand {
    static let usage = """
        amable queue list [--json]                       open tickets: priority first, then waiting time
        amable queue show ID [--json]                    a ticket, its summary and the whole conversation
        amable queue claim ID --agent NAME [--json]      take a waiting ticket (of two agents, one wins)
        amable queue reply ID --agent NAME TEXT… [--json]  answer the customer (TEXT - reads stdin)
        amable queue release ID [--json]                 put it back in the queue, in its old place
        amable queue resolve ID [--agent NAME] [--json]  close it; the bot asks the customer how it went
        amable queue back-to-bot ID [--agent NAME] [--json]  let the bot carry on, unresolved
        amable queue chat ID --agent NAME                claim and talk live: customer messages appear as they come
        options: --data DIR (default ./.amable/), --agent-timeout 15m (a silent agent's claim goes back to the queue)
        """

    static func run(_ args: Arguments) async throws -> Int32 {
        guard let action = args.positionals.first else { throw CLIError("queue needs an action:\n" + usage) }
        let (bot, data) = try Home.loadBot(args)
        let service = try DataDirectory.makeService(args, bot: bot, data: data)
        let now = try clock(args)
        let json = args.has("--json")
        let color = Style(enabled: isatty(STDOUT_FILENO) == 1 && !args.has("--no-color") && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        do {
            if action == "list" {
                let entries = try await service.queue(at: now)
                if json {
                    print(JSONValue.obj([("tickets", .arr(entries.map { TicketText.json($0.ticket, place: $0.place, now: now) }))]).serialized())
                } else {
                    print(TicketText.table(entries))
                }
                return 0
            }
            let id = try ticketID(args)
            switch action {
            case "show":
                _ = try await service.releaseStaleClaims(at: now)
                let detail = try service.ticketDetail(id: id)
                show(detail.ticket, detail.messages, now: now, json: json, color: color)
            case "claim":
                let agent = try agentName(args, required: true)!
                _ = try await service.releaseStaleClaims(at: now)
                let outcome = try await service.claim(ticketID: id, agent: agent, at: now)
                let detail = try service.ticketDetail(id: id)
                if json { print(outcome.json(now: now)) } else {
                    print("ticket #\(id) is yours, \(agent).")
                    show(detail.ticket, detail.messages, now: now, json: false, color: color)
                    print(color.dim("answer with: amable queue reply \(id) --agent \(agent) \"…\"  (or talk live: amable queue chat \(id) --agent \(agent))"))
                }
            case "reply":
                let agent = try agentName(args, required: true)!
                var words = args.positionals.dropFirst(2).joined(separator: " ")
                if words == "-" { words = String(decoding: FileHandle.standardInput.readDataToEndOfFile().prefix(64 * 1024), as: UTF8.self) }
                guard !words.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw CLIError("reply needs the text: amable queue reply \(id) --agent \(agent) \"Hola, soy \(agent)…\"")
                }
                let outcome = try await service.reply(ticketID: id, agent: agent, text: words, at: now)
                print(json ? outcome.json(now: now) : "sent to the customer of ticket #\(id)")
            case "release":
                let outcome = try await service.release(ticketID: id, at: now)
                print(json ? outcome.json(now: now) : "ticket #\(id) is back in the queue, in its old place")
            case "resolve":
                let outcome = try await service.resolve(ticketID: id, agent: try agentName(args, required: false), at: now)
                print(json ? outcome.json(now: now) : "ticket #\(id) resolved; the bot asks the customer how it went")
            case "back-to-bot":
                let outcome = try await service.backToBot(ticketID: id, agent: try agentName(args, required: false), at: now)
                print(json ? outcome.json(now: now) : "ticket #\(id) returned to the bot")
            case "chat":
                try await AgentConsole.run(service: service, ticketID: id, agent: try agentName(args, required: true)!, color: color)
            default:
                throw CLIError("unknown queue action \"\(action)\":\n" + usage)
            }
            return 0
        } catch let error as StoreError {
            throw DataDirectory.cliError(hinted(error))
        }
    }

    /// Adds what to do next to a refused action.
    static func hinted(_ error: StoreError) -> CLIError {
        var e = DataDirectory.cliError(error)
        if case .ticketState(let id, .waiting, _, let action) = error, action.hasPrefix("reply") {
            e.message += "; claim it first: amable queue claim \(id) --agent NAME"
        }
        return e
    }

    static func show(_ ticket: Ticket, _ messages: [StoredMessage], now: Date, json: Bool, color: Style) {
        if json {
            print(JSONValue.obj([("ticket", TicketText.json(ticket, now: now)), ("messages", .arr(messages.map(TicketText.json)))]).serialized())
            return
        }
        print(TicketText.card(ticket, now: now, color: color))
        for m in messages { print("   " + TicketText.transcriptLine(m, color: color)) }
    }

    static func ticketID(_ args: Arguments) throws -> Int64 {
        guard args.positionals.count >= 2, let id = Int64(args.positionals[1].trimmingCharacters(in: CharacterSet(charactersIn: "#"))), id > 0 else {
            throw CLIError("queue \(args.positionals[0]) needs a ticket number, such as: amable queue \(args.positionals[0]) 3")
        }
        return id
    }

    static func agentName(_ args: Arguments, required: Bool) throws -> String? {
        guard let name = args["--agent"] else {
            if required { throw CLIError("queue \(args.positionals[0]) needs --agent NAME (the name the customer sees)") }
            return nil
        }
        return try ChatService.validAgentName(name)
    }

    static func clock(_ args: Arguments) throws -> Date {
        guard let now = args["--now"] else { return Date() }
        guard let date = ISO8601DateFormatter().date(from: now) else { throw CLIError("--now must be an ISO 8601 time such as 2026-11-23T10:00:00Z") }
        return date
    }
}

extension AgentOutcome {
    func json(now: Date) -> String {
        JSONValue.obj([("ticket", TicketText.json(ticket, now: now)), ("messages", .arr(messages.map(TicketText.json)))]).serialized()
    }
}
