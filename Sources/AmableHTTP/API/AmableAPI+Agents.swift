import AmableCore
import Foundation

/// The agent's actions on a ticket: `POST /v1/handoff/{ticket}/{action}`.
enum AgentAction: String, CaseIterable, Sendable {
    case claim, reply, release, resolve
}

extension AmableAPI {
    /// `GET /v1/handoff/queue`: open tickets, most urgent first, with their summaries.
    func queue(_ c: Context) async throws -> HTTPResponse {
        let now = configuration.clock()
        let tickets = try await backend.openTickets(at: now)
        return .json(200, .obj([
            ("tickets", .arr(tickets.map { $0.agentJSON(now: now) })),
            ("waiting", .int(tickets.filter { $0.status == "waiting" }.count)),
            ("assigned", .int(tickets.filter { $0.status == "assigned" }.count)),
        ]))
    }

    /// `GET /v1/handoff/{ticket}`: the ticket and its conversation's whole transcript.
    func ticketDetail(_ c: Context) async throws -> HTTPResponse {
        let id = try ticketID(c)
        let (ticket, messages) = try await backend.ticket(id)
        return .json(200, .obj([("ticket", ticket.agentJSON(now: configuration.clock())), ("messages", .arr(messages.map(\.jsonValue)))]))
    }

    func agentAction(_ action: AgentAction, _ c: Context) async throws -> HTTPResponse {
        let id = try ticketID(c)
        guard let agent = c.agent else { throw APIError.unauthorized("an agent token is needed") }
        let now = configuration.clock()
        let result: AgentResult
        switch action {
        case .claim: result = try await backend.claim(ticket: id, agent: agent, at: now)
        case .release: result = try await backend.release(ticket: id, agent: agent, at: now)
        case .resolve: result = try await backend.resolve(ticket: id, agent: agent, at: now)
        case .reply:
            let body = try jsonBody(c.request)
            guard let text = body["text"]?.string else { throw APIError.badRequest("\"text\" must be a string") }
            result = try await backend.reply(ticket: id, agent: agent, text: text, at: now)
        }
        configuration.log("ticket #\(id) \(action.rawValue) by \(agent)")
        signals.notify(result.ticket.conversationID)
        sendCallback(storedID: result.ticket.conversationID, messages: result.messages)
        return .json(200, .obj([("ticket", result.ticket.agentJSON(now: now)), ("messages", .arr(result.messages.map(\.jsonValue)))]))
    }

    func ticketID(_ c: Context) throws(APIError) -> Int64 {
        guard let text = c.params["ticket"], let id = Int64(text), id > 0 else { throw .notFound("no ticket \(c.params["ticket"]?.prefix(40) ?? "")") }
        return id
    }
}
