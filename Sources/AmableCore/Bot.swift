import Foundation
import Synchronization

/// The result of one customer message: what was understood, decided and said.
public struct Turn: Sendable {
    public var understanding: Understanding
    public var conversation: Conversation
    public var decision: Decision
    public var replies: [RenderedReply]
    /// Reply keys or placeholders the data lacked (empty with valid data; tests assert it).
    public var missing: [String]

    public init(understanding: Understanding, conversation: Conversation, decision: Decision, replies: [RenderedReply] = [],
                missing: [String] = []) {
        self.understanding = understanding
        self.conversation = conversation
        self.decision = decision
        self.replies = replies
        self.missing = missing
    }
}

/// The façade: one call handles one incoming message. Pure given its inputs.
public struct Bot: Sendable {
    public let understander: Understander
    public let policy: DialoguePolicy
    public let renderer: Renderer
    public let profile: ShopProfile
    /// Longest message the bot reads; a longer one gets a polite request to shorten it.
    public var maxMessageLength = 1_000

    public init(data: DataSet) throws(DataError) {
        guard let profile = data.profile else {
            throw DataError(problems: [DataProblem(file: "shop profile", line: nil, message: "missing")])
        }
        // Each language's matcher is built on a core of its own (most of the load time).
        let languages = data.intents.filter { !$0.value.isEmpty }.map(\.key)
        let built = Mutex<[Language: IntentMatcher]>([:])
        DispatchQueue.concurrentPerform(iterations: languages.count) { i in
            let language = languages[i]
            let matcher = IntentMatcher(language: language, lexicon: data.lexicons[language] ?? Lexicon(language: language),
                                        settings: data.settings, intents: data.intents[language] ?? [])
            built.withLock { $0[language] = matcher }
        }
        let matchers = built.withLock { $0 }
        let orderIntents = Set(data.intents.values.joined().filter { $0.slots.contains("order_number") }.map(\.name))
        understander = Understander(matchers: matchers, emoji: data.emoji)
        policy = DialoguePolicy(profile: profile, orderIntents: orderIntents, emoji: data.emoji)
        renderer = Renderer(books: data.books, profile: profile)
        self.profile = profile
    }

    /// Loads and validates data, then builds the bot; throws every problem found.
    public static func load(_ location: DataSet.Location) throws(DataError) -> Bot {
        let (data, problems) = DataSet.load(location)
        if !problems.isEmpty { throw DataError(problems: problems) }
        return try Bot(data: data)
    }

    public func newConversation(id: String, language: Language? = nil, at now: Date) -> Conversation {
        Conversation(id: id, language: language ?? profile.defaultLanguage, languageFixed: language != nil, startedAt: now)
    }

    /// Step 1: understand the message in the context of the conversation.
    public func understand(_ text: String, in c: Conversation, explain: Bool = false) -> Understanding {
        understander.understand(text, language: c.language, detect: !c.languageFixed,
                                expectingOrderNumber: policy.expectsOrderNumber(c), explain: explain)
    }

    /// The order number the reply will need looked up, if any (step 2 is the caller's I/O).
    public func orderNumberToLookUp(_ u: Understanding, in c: Conversation) -> String? {
        guard let number = u.entities.orderNumbers.first ?? c.slots["order_number"], OrderNumber.isPlausible(number) else { return nil }
        var intents = [u.intent] + u.also
        if case .awaitingSlot(let pending, _, _) = c.state { intents.append(pending) }
        if case .clarifying(let options) = c.state { intents += options }
        // "When will it arrive?" about an order already named is a look-up too.
        let orderAware = intents.contains(where: policy.orderIntents.contains)
            || intents.contains("delivery_period")
        return orderAware ? number : nil
    }

    /// Step 3: decide and render the reply.
    public func respond(to u: Understanding, in c: Conversation, lookup: OrderLookup?, at now: Date) -> Turn {
        var (next, decision) = policy.next(c, u, lookup: lookup, at: now)
        var missing: [String] = []
        let replies = renderer.render(decision.replies, in: &next, missing: &missing)
        if decision.intent == nil { decision.intent = u.intent }
        return Turn(understanding: u, conversation: next, decision: decision, replies: replies, missing: missing)
    }

    /// All three steps, with orders from `orders`.
    public func handle(_ text: String, in c: Conversation, orders: (any OrderProvider)?, at now: Date, explain: Bool = false) async -> Turn {
        if let early = guardInput(text, in: c, at: now) { return early }
        let u = understand(text, in: c, explain: explain)
        var lookup: OrderLookup?
        if let number = orderNumberToLookUp(u, in: c) {
            lookup = await orders?.order(number: number) ?? .unavailable(number)
        }
        return respond(to: u, in: c, lookup: lookup, at: now)
    }

    /// Empty and over-long messages are answered without being understood.
    public func guardInput(_ text: String, in c: Conversation, at now: Date) -> Turn? {
        // The usual message: short, with a visible ASCII character (no trimming or counting needed).
        if text.utf8.count <= maxMessageLength, text.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let key: String
        if trimmed.isEmpty { key = "fallback.empty" } else if trimmed.count > maxMessageLength { key = "too_long" } else { return nil }
        var next = c
        next.updatedAt = now
        var missing: [String] = []
        let replies = renderer.render([Reply(key, values: ["max_length": .text(String(maxMessageLength))])], in: &next, missing: &missing)
        var decision = Decision()
        decision.intent = Classification.outOfScope
        let u = Understanding(text: String(trimmed.prefix(200)), language: c.language, intent: Classification.outOfScope, confidence: 0,
                              alternatives: [], also: [], ambiguous: false, entities: Entities(), places: [], mood: .calm,
                              threat: false, explanation: Explanation())
        return Turn(understanding: u, conversation: next, decision: decision, replies: replies, missing: missing)
    }
}
