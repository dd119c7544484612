import Foundation

/// One reply the policy decided on, before it is rendered into words.
public struct Reply: Sendable, Equatable {
    /// A placeholder value: literal text, or another reply key rendered in place (`zone.canary_islands`).
    public enum Value: Sendable, Equatable {
        case text(String)
        case key(String)
        /// An amount in the shop's currency, formatted for the reply's language.
        case price(Double)
        /// A `YYYY-MM-DD` day, written out for the reply's language.
        case day(String)
        /// When the team is back, said from the conversation's own day in the shop's time
        /// zone: "hoy a las 09:00", "mañana a las 09:00", "el lunes a las 09:00".
        case opening(Date)
    }

    public var key: String
    public var values: [String: Value]
    /// Reply keys rendered as quick-reply buttons.
    public var quickReplies: [String]
    /// Forces a tone; nil lets the renderer choose from the conversation's mood.
    public var tone: Tone?

    public init(_ key: String, values: [String: Value] = [:], quickReplies: [String] = [], tone: Tone? = nil) {
        self.key = key
        self.values = values
        self.quickReplies = quickReplies
        self.tone = tone
    }
}

/// What the policy decided for one customer message.
public struct Decision: Sendable, Equatable {
    public var replies: [Reply] = []
    /// Set when this message escalated the conversation.
    public var handoff: Handoff?
    /// A 1–5 satisfaction answer given in this message.
    public var satisfaction: Int?
    /// The intent the policy acted on (may differ from the matcher's, e.g. a filled slot).
    public var intent: String?
    /// The customer left the queue for a person (`ya no hace falta`): close their ticket.
    public var leftQueue = false

    public init() {}
}
