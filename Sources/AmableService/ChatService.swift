import AmableCore
import AmableStore
import Foundation

/// Binds the bot, the store and the shop's orders: every adapter (REPL, JSONL, HTTP) sends
/// customer messages and agent actions through here.
///
/// Each turn is saved in one transaction before its replies are returned. Messages to one
/// conversation are handled one at a time (in this process by `ConversationLanes`, across
/// processes by the conversation's revision: a turn that lost the race is redone).
public final class ChatService: Sendable {
    public struct Configuration: Sendable {
        /// An agent silent for this long loses the ticket: it goes back to the queue.
        public var agentTimeout: TimeInterval = 15 * 60
        /// The handling time assumed until enough tickets were handled to measure it.
        public var defaultHandlingTime: TimeInterval = 5 * 60
        /// How far back handling times and active agents are counted.
        public var statsWindow: TimeInterval = 7 * 24 * 3600
        public var activeAgentWindow: TimeInterval = 60 * 60
        /// Customer messages quoted in a ticket's summary.
        public var summaryMessages = 3
        /// Longest agent reply accepted.
        public var maxReplyLength = 4_000
        /// Longest customer message stored (the bot asks for shorter ones past its own limit).
        public var maxStoredMessageLength = 8_000
        /// Where log lines go; emails and phone numbers are masked before they get there.
        /// Nil: no log (and no line is built).
        public var log: (@Sendable (String) -> Void)?

        public init() {}
    }

    /// A request the service refuses, with why.
    public enum Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        case invalidConversationID(String)
        case invalidReply(String)

        public var description: String {
            switch self {
            case .invalidConversationID(let why): "invalid conversation id: \(why)"
            case .invalidReply(let why): "invalid reply: \(why)"
            }
        }
    }

    public let bot: Bot
    public let store: any ConversationStore
    public let orders: (any OrderProvider)?
    public let configuration: Configuration
    let lanes = ConversationLanes()
    let io: StoreQueue
    let cache = ConversationCache()
    /// Attempts at a turn that keeps losing the race to another process.
    static let maxAttempts = 8

    public init(bot: Bot, store: any ConversationStore, orders: (any OrderProvider)?, configuration: Configuration = Configuration()) {
        self.bot = bot
        self.store = store
        self.orders = orders
        self.configuration = configuration
        io = StoreQueue(store: store)
    }

    /// Handles one customer message: loads (or starts) the conversation, lets the bot answer
    /// unless an agent has it, and saves the whole turn before returning.
    /// - Parameter language: the language of a conversation that does not exist yet (nil: detect).
    public func handle(conversationID id: String, text rawText: String, language: Language? = nil, at now: Date,
                       explain: Bool = false) async throws -> ServiceTurn {
        try Self.validate(conversationID: id)
        let text = String(rawText.prefix(configuration.maxStoredMessageLength))
        return try await lanes.run(id) {
            for _ in 0..<Self.maxAttempts {
                do {
                    return try await attempt(id: id, text: text, language: language, at: now, explain: explain)
                } catch StoreError.conflict {
                    cache.forget(id)
                    continue  // another process saved this conversation meanwhile: redo the turn on its state
                }
            }
            throw StoreError.conflict(conversationID: id)
        }
    }

    private func attempt(id: String, text: String, language: Language?, at now: Date, explain: Bool) async throws -> ServiceTurn {
        let cached = cache.get(id)
        let stored = try await cached != nil ? cached : io.run { try self.store.load(conversationID: id) }
        let conversation = stored?.conversation ?? bot.newConversation(id: id, language: language, at: now)
        let customer = StoredMessage.Draft(author: .customer, text: text)
        if let ticket = stored?.openTicket, ticket.status == .assigned {
            if let seen = ticket.agentSeenAt, now.timeIntervalSince(seen) >= configuration.agentTimeout {
                _ = try await io.run { try self.releaseStale(ticket, at: now) }
                throw StoreError.conflict(conversationID: id)
            }
            // An agent has the conversation: keep the message for them, the bot stays quiet.
            var held = conversation
            held.heldMessages += 1
            held.updatedAt = now
            let update = ConversationUpdate(conversation: held, expectedRevision: stored?.revision, messages: [customer], at: now)
            let result = try await io.run { try self.store.apply(update) }
            cache.put(StoredConversation(conversation: held, revision: result.revision, openTicket: ticket))
            log("held conversation=\(id) ticket=#\(ticket.id) agent=\(ticket.agent ?? "-") text=\"\(Self.excerpt(text))\"")
            let turn = silentTurn(text, understood: conversation, now: held, at: now)
            return ServiceTurn(turn: turn, messages: result.messages, ticket: ticket, place: nil, heldForAgent: true, revision: result.revision)
        }

        let answered = await bot.handle(text, in: conversation, orders: orders, at: now, explain: explain)
        let (turn, result, change, place): (Turn, ConversationUpdate.Result, ConversationUpdate.TicketChange?, QueuePlace?)
        if touchesQueue(answered, stored: stored) {
            (turn, result, change, place) = try await io.run { try self.save(answered, stored: stored, customer: customer, text: text, at: now) }
        } else {
            // Most turns: the update is made (and encoded) here, the store's queue only commits it.
            let update = ConversationUpdate(conversation: answered.conversation, expectedRevision: stored?.revision,
                                            messages: [customer] + Self.drafts(answered.replies), satisfaction: answered.decision.satisfaction, at: now)
            (turn, result, change, place) = (answered, try await io.run { try self.store.apply(update) }, nil, nil)
        }
        let ticket = result.ticket ?? stored?.openTicket
        cache.put(StoredConversation(conversation: turn.conversation, revision: result.revision, openTicket: ticket?.status.isOpen == true ? ticket : nil))
        log("turn conversation=\(id) revision=\(result.revision) intent=\(turn.decision.intent ?? turn.understanding.intent) state=\(turn.conversation.state.name) text=\"\(Self.excerpt(text))\"")
        if let t = result.ticket {
            switch change {
            case .open?: log("ticket #\(t.id) opened conversation=\(id) reason=\(t.reason.rawValue) priority=\(t.priority) language=\(t.language.rawValue)")
            case .close?: log("ticket #\(t.id) closed by the customer conversation=\(id)")
            default: break
            }
        }
        return ServiceTurn(turn: turn, messages: result.messages, ticket: ticket, place: place, heldForAgent: false,
                           revision: result.revision)
    }

    /// True when the turn opens, closes or re-announces a ticket: `save` must then read the
    /// queue in the same transaction as it writes.
    private func touchesQueue(_ turn: Turn, stored: StoredConversation?) -> Bool {
        if turn.decision.handoff != nil || orphanedHandoff(turn, stored: stored) != nil { return true }
        if turn.decision.leftQueue, stored?.openTicket != nil { return true }
        if let open = stored?.openTicket, open.status == .waiting, open.supportOpen,
           turn.replies.contains(where: { $0.key == "handoff.waiting" }) { return true }
        return false
    }

    static func drafts(_ replies: [RenderedReply]) -> [StoredMessage.Draft] {
        replies.map { StoredMessage.Draft(author: .bot, text: $0.text, replyKey: $0.key) }
    }

    /// Opens, closes or re-announces the ticket the turn calls for, and saves the turn in one
    /// transaction (runs on the store queue).
    private func save(_ answered: Turn, stored: StoredConversation?, customer: StoredMessage.Draft, text: String, at now: Date) throws
        -> (Turn, ConversationUpdate.Result, ConversationUpdate.TicketChange?, QueuePlace?) {
        var turn = answered
        var change: ConversationUpdate.TicketChange?
        var place: QueuePlace?
        if let handoff = turn.decision.handoff ?? orphanedHandoff(turn, stored: stored) {
            let summary = try makeSummary(turn, text: text, handoff: handoff)
            change = .open(reason: handoff.reason, priority: handoff.priority, language: turn.conversation.language, summary: summary,
                           supportOpen: handoff.supportOpen)
            // Outside hours the bot already said when a person will answer; a wait in minutes would be false.
            if handoff.supportOpen { place = try queuePlace(priority: handoff.priority, createdAt: now, excluding: nil) }
        } else if turn.decision.leftQueue, let open = stored?.openTicket {
            change = .close(id: open.id, status: .resolved, by: "customer")
        } else if let open = stored?.openTicket, open.status == .waiting, open.supportOpen,
                  turn.replies.contains(where: { $0.key == "handoff.waiting" }) {
            place = try queuePlace(priority: open.priority, createdAt: open.createdAt, excluding: open.id)
        }
        if let place {
            turn.replies += render("handoff.queue", values: ["queue.position": .text(String(place.position)),
                                                             "queue.wait": .text(waitText(place.waitMinutes, in: turn.conversation))],
                                   in: &turn.conversation)
        }
        let drafts = [customer] + Self.drafts(turn.replies)
        let result = try store.apply(ConversationUpdate(conversation: turn.conversation, expectedRevision: stored?.revision, messages: drafts,
                                                        ticket: change, satisfaction: turn.decision.satisfaction, at: now))
        return (turn, result, change, place)
    }

    /// An escalated conversation without a ticket (it was closed under it): queue it again,
    /// so "escalated" always means "a ticket waits or an agent has it".
    private func orphanedHandoff(_ turn: Turn, stored: StoredConversation?) -> Handoff? {
        guard stored != nil, stored?.openTicket == nil, turn.conversation.state == .escalated else { return nil }
        return turn.conversation.handoff
    }

    /// A turn in which the bot said nothing (an agent has the conversation).
    private func silentTurn(_ text: String, understood before: Conversation, now after: Conversation, at now: Date) -> Turn {
        let understanding = bot.understand(text, in: before)
        var decision = Decision()
        decision.intent = understanding.intent
        return Turn(understanding: understanding, conversation: after, decision: decision)
    }

    /// The messages the customer has not seen yet: bot, agent and system messages after `after`.
    public func messagesForCustomer(conversationID: String, after: Int64) throws -> [StoredMessage] {
        try store.messages(conversationID: conversationID, after: after).filter { $0.author != .customer }
    }

    static func validate(conversationID id: String) throws {
        // The usual id: printable ASCII without spaces, short enough.
        if !id.isEmpty, id.utf8.count <= 128, id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return }
        guard !id.isEmpty else { throw Error.invalidConversationID("empty") }
        guard id.count <= 128 else { throw Error.invalidConversationID("longer than 128 characters") }
        guard !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else {
            throw Error.invalidConversationID("spaces or control characters in \"\(id.prefix(40))\"")
        }
    }

    /// A message as logs quote it: one line, at most 200 characters (masked by `log`).
    static func excerpt(_ text: String) -> String {
        if text.utf8.count <= 200, !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) { return text }
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }

    func log(_ line: @autoclosure () -> String) {
        guard let sink = configuration.log else { return }
        sink(PIIMasker.mask(line()))
    }

    /// Renders customer-facing words in the conversation's language, advancing its variants.
    func render(_ key: String, values: [String: Reply.Value] = [:], in conversation: inout Conversation) -> [RenderedReply] {
        var missing: [String] = []
        let replies = bot.renderer.render([Reply(key, values: values)], in: &conversation, missing: &missing)
        if !missing.isEmpty { log("missing reply data: \(missing.joined(separator: ", "))") }
        return replies
    }

    func waitText(_ minutes: Int, in conversation: Conversation) -> String {
        var scratch = conversation
        return render("queue.wait.minutes", values: ["queue.minutes": .text(String(minutes))], in: &scratch).first?.text ?? "\(minutes) min"
    }
}
