import AmableService
import AmableStore
import Foundation
import Synchronization

/// `amable queue chat ID --agent NAME`: an agent's live console on one ticket. It claims the
/// ticket if it waits, shows the conversation, prints customer messages as they arrive, and
/// sends every line typed as a reply. `/resolve`, `/bot`, `/release` end it; `/quit` leaves
/// the ticket claimed.
enum AgentConsole {
    static func run(service: ChatService, ticketID: Int64, agent: String, color: Style) async throws {
        var (ticket, messages) = try service.ticketDetail(id: ticketID)
        if ticket.status == .waiting {
            ticket = try await service.claim(ticketID: ticketID, agent: agent, at: Date()).ticket
            messages = try service.ticketDetail(id: ticketID).messages
        } else if ticket.status != .assigned || ticket.agent != agent {
            throw StoreError.ticketState(id: ticketID, status: ticket.status, agent: ticket.agent, action: "talk as \(agent) on")
        }
        print(TicketText.card(ticket, now: Date(), color: color))
        for m in messages { print("   " + TicketText.transcriptLine(m, color: color)) }
        print(color.dim("   type to answer; /resolve closes the ticket, /bot hands back to the bot, /release puts it back in the queue, /quit leaves it yours"))
        let seen = Mutex(messages.last?.id ?? 0)
        let conversationID = ticket.conversationID
        let prompt = color.bold("\(agent) › ")
        let interactive = isatty(STDIN_FILENO) == 1
        // Customer messages appear while the agent is typing, not only after Enter.
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 1)
                let after = seen.withLock { $0 }
                guard let fresh = try? service.store.messages(conversationID: conversationID, after: after), !fresh.isEmpty else { continue }
                let shown = seen.withLock { s -> [StoredMessage] in
                    let new = fresh.filter { $0.id > s }
                    s = max(s, fresh.last!.id)
                    return new
                }
                let lines = shown.filter { $0.author != .agent || $0.agent != agent }.map { TicketText.transcriptLine($0, color: color) }
                guard !lines.isEmpty else { continue }
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + lines.joined(separator: "\n") + "\n" + (interactive ? prompt : "")).utf8))
            }
        }
        // An open console is an agent at work: keep the claim alive while it runs.
        let keepAlive = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(min(60, max(1, service.configuration.agentTimeout / 3))))
                _ = try? await service.stillHere(ticketID: ticketID, agent: agent, at: Date())
            }
        }
        defer { keepAlive.cancel() }
        while true {
            if interactive {
                print(prompt, terminator: "")
                fflush(nil)
            }
            guard let line = readBoundedLine(maxBytes: 16 * 1024) else { return }
            let input = line.trimmingCharacters(in: .whitespaces)
            if input.isEmpty { continue }
            do {
                let outcome: AgentOutcome
                switch input {
                case "/quit", "/q": return
                case "/resolve": outcome = try await service.resolve(ticketID: ticketID, agent: agent, at: Date())
                case "/bot": outcome = try await service.backToBot(ticketID: ticketID, agent: agent, at: Date())
                case "/release": outcome = try await service.release(ticketID: ticketID, at: Date())
                default:
                    let sent = try await service.reply(ticketID: ticketID, agent: agent, text: input, at: Date())
                    seen.withLock { $0 = max($0, sent.messages.last?.id ?? $0) }
                    continue
                }
                print(color.dim("ticket #\(ticketID) \(TicketText.outcome(outcome.ticket.status)); the customer reads:"))
                for m in outcome.messages { print("   " + TicketText.transcriptLine(m, color: color)) }
                return
            } catch {
                print(color.dim("error: \(DataDirectory.cliError(error).message)"))
            }
        }
    }
}
