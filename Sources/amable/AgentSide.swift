import AmableCore
import AmableService
import AmableStore
import Foundation

/// The REPL's `/agent` mode: the developer plays the person who takes the ticket of the
/// conversation they are having, switching sides at will.
struct AgentSide {
    struct Active {
        var ticketID: Int64
        var name: String
        /// The last message the agent has been shown.
        var seen: Int64
    }

    static let defaultName = "Alex"
    static let hint = "type to answer as the agent; /customer switches sides, /bot hands back to the bot, /resolve closes the ticket, /release puts it back in the queue"

    var active: Active?
    /// The name the developer last played, so `/agent` alone resumes it.
    var lastName = AgentSide.defaultName
    /// Per ticket, the last message the agent saw, so switching back shows what came meanwhile.
    var seenByTicket: [Int64: Int64] = [:]
    let color: Style

    /// Handles the agent-side commands; false when `parts` is not one of them.
    mutating func command(_ parts: [String], session: inout Session) async throws -> Bool {
        let service = session.service
        switch parts[0] {
        case "/agent":
            if let a = active, parts.count == 1 {
                seenByTicket[a.ticketID] = a.seen
                active = nil
                print(color.dim("customer side again (the ticket stays yours: customer messages wait for you)"))
            } else {
                try await enter(name: parts.count > 1 ? parts.dropFirst().joined(separator: " ") : lastName, session: session)
            }
        case "/customer":
            if let a = active { seenByTicket[a.ticketID] = a.seen } else { print(color.dim("already on the customer side")) }
            active = nil
        case "/bot", "/resolve", "/release":
            guard let a = active else {
                print(color.dim("\(parts[0]) is for the agent side: /agent first"))
                return true
            }
            let now = session.now
            let outcome: AgentOutcome
            switch parts[0] {
            case "/bot": outcome = try await service.backToBot(ticketID: a.ticketID, agent: a.name, at: now)
            case "/resolve": outcome = try await service.resolve(ticketID: a.ticketID, agent: a.name, at: now)
            default: outcome = try await service.release(ticketID: a.ticketID, at: now)
            }
            active = nil
            print(color.dim("ticket #\(a.ticketID) \(TicketText.outcome(outcome.ticket.status)); customer side again. The customer reads:"))
            REPL.printNews(outcome.messages, color: color)
            session.inbox.saw(upTo: outcome.messages.last?.id ?? 0)
            try session.reload()
        case "/ticket":
            guard let a = active, let ticket = try service.store.ticket(id: a.ticketID) else {
                print(color.dim("no ticket on the agent side: /agent first"))
                return true
            }
            print(TicketText.card(ticket, now: session.now, color: color))
        case "/queue":
            print(TicketText.table(try await service.queue(at: session.now)))
        default:
            return false
        }
        return true
    }

    /// Claims this conversation's waiting ticket (or resumes it) and shows it.
    private mutating func enter(name: String, session: Session) async throws {
        let service = session.service
        guard let ticket = try service.conversation(id: session.conversationID)?.openTicket else {
            print(color.dim("this conversation has no ticket: the customer has to ask for a person first (try «quiero hablar con una persona» or «I want to talk to a person»)"))
            return
        }
        var current = ticket
        var notices: [StoredMessage] = []
        if ticket.status == .waiting {
            let outcome = try await service.claim(ticketID: ticket.id, agent: name, at: session.now)
            current = outcome.ticket
            notices = outcome.messages
        } else if ticket.agent != name {
            print(color.dim("ticket #\(ticket.id) is \(ticket.agent ?? "someone else")'s: /agent \(ticket.agent ?? "NAME") plays them"))
            return
        }
        let transcript = try service.store.messages(conversationID: session.conversationID)
        print(TicketText.card(current, now: session.now, color: color))
        print(color.dim("   " + Self.hint))
        if !notices.isEmpty {
            print(color.dim("   the customer reads:"))
            REPL.printNews(notices, color: color)
            session.inbox.saw(upTo: notices.last?.id ?? 0)
        }
        active = Active(ticketID: current.id, name: name, seen: seenByTicket[current.id] ?? transcript.last?.id ?? 0)
        lastName = name
    }

    /// Shows the customer messages that arrived since the agent last looked.
    mutating func showCustomerMessages(_ session: Session) throws {
        guard var a = active else { return }
        let fresh = try session.service.store.messages(conversationID: session.conversationID, after: a.seen)
        for m in fresh where m.author == .customer { print(color.bold("customer › ") + m.text) }
        a.seen = max(a.seen, fresh.last?.id ?? a.seen)
        active = a
    }

    /// Sends the agent's words to the customer.
    mutating func reply(_ text: String, session: Session) async throws {
        guard var a = active else { return }
        let outcome = try await session.service.reply(ticketID: a.ticketID, agent: a.name, text: text, at: session.now)
        session.inbox.saw(upTo: outcome.messages.last?.id ?? 0)
        a.seen = max(a.seen, outcome.messages.last?.id ?? a.seen)
        active = a
        print(color.dim("         (sent)"))
    }
}
