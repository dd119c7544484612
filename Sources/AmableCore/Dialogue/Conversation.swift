import Foundation

/// One conversation's state: a value the policy turns into the next value.
public struct Conversation: Sendable, Equatable, Codable {
    public var id: String
    public var language: Language
    /// When true the conversation stays in `language`; otherwise each message's language is detected.
    public var languageFixed: Bool
    public var state: State = .start
    /// The conversation's mood: recent messages weigh more, an angry one is not forgotten at once.
    public var mood: Double = 0
    public var turns = 0
    public var startedAt: Date
    public var updatedAt: Date
    /// Slots filled so far (`order_number`, `postal_code`, `region`).
    public var slots: [String: String] = [:]
    /// How many times each reply key was used, so variants rotate instead of repeating.
    public var replyCounts: [String: Int] = [:]
    public var failedUnderstandings = 0
    /// How often each complaint-like intent was raised: the same problem three times escalates.
    public var repeats: [String: Int] = [:]
    public var lastIntent: String?
    /// A task was answered and the customer has not yet been asked how it went.
    public var resolvedSinceSurvey = false
    public var satisfaction: Int?
    public var handoff: Handoff?
    /// The last reply offered a person: a plain "yes" now means "put me through".
    public var offeredPerson = false
    /// Customer messages received while a person has the conversation.
    public var heldMessages = 0
    /// Contact left for a call back outside support hours.
    public var callback: String?

    public init(id: String, language: Language, languageFixed: Bool = false, startedAt: Date) {
        self.id = id
        self.language = language
        self.languageFixed = languageFixed
        self.startedAt = startedAt
        self.updatedAt = startedAt
    }

    /// Where the conversation stands between two customer messages.
    public enum State: Sendable, Equatable, Codable {
        case start
        case idle
        /// The bot asked for a slot for `intent`; `attempts` counts re-asks.
        case awaitingSlot(intent: String, slot: String, attempts: Int)
        /// The bot asked which of these intents the customer meant.
        case clarifying(options: [String])
        /// The bot asked for a 1–5 rating.
        case awaitingSatisfaction
        /// A person is needed; the bot does not answer in their place.
        case escalated
        case closed

        public var name: String {
            switch self {
            case .start: "start"
            case .idle: "idle"
            case .awaitingSlot(_, let slot, _): "awaiting_\(slot)"
            case .clarifying: "clarifying"
            case .awaitingSatisfaction: "awaiting_satisfaction"
            case .escalated: "escalated"
            case .closed: "closed"
            }
        }
    }
}

/// Why and how urgently a person must take over.
public struct Handoff: Sendable, Equatable, Codable {
    public enum Reason: String, Sendable, CaseIterable, Codable {
        case requested, threat, anger, repeated, failedUnderstanding = "failed_understanding", alwaysHuman = "always_human", lookupFailed = "lookup_failed"
    }

    public var reason: Reason
    /// 1 is the most urgent (angry and threatening customers), 3 the least.
    public var priority: Int
    public var intent: String?
    public var createdAt: Date
    /// False when support is closed and the customer was told when a person will answer.
    public var supportOpen: Bool
}
