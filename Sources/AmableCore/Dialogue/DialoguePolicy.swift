import Foundation

/// The dialogue state machine: (conversation, understood message, time) → (conversation, decision).
///
/// Pure: no clock, no randomness, no I/O. An order look-up is done by the caller beforehand
/// and passed in, so a test can pin every turn.
public struct DialoguePolicy: Sendable {
    public let profile: ShopProfile
    /// Intents that need an order number before they can be answered.
    public let orderIntents: Set<String>
    /// Intents that count towards "the same problem three times".
    public static let complaintIntents: Set<String> = ["complaint", "track_order", "damaged_item", "payment_issue", "get_refund", "track_refund", "delivery_period"]
    static let socialIntents: Set<String> = ["greet", "goodbye", "thanks", "affirm", "deny"]

    /// 👍/👎 and friends as satisfaction answers.
    public let emoji: EmojiSignals

    public init(profile: ShopProfile, orderIntents: Set<String>, emoji: EmojiSignals = EmojiSignals()) {
        self.profile = profile
        self.orderIntents = orderIntents
        self.emoji = emoji
    }

    /// Whether the next message may be a bare order number.
    public func expectsOrderNumber(_ c: Conversation) -> Bool {
        if case .awaitingSlot(_, "order_number", _) = c.state { return true }
        // Talking about an order already: `y el 10390?` names another one.
        return c.slots["order_number"] != nil && c.lastIntent.map(orderIntents.contains) == true
    }

    public func next(_ conversation: Conversation, _ u: Understanding, lookup: OrderLookup? = nil, at now: Date) -> (Conversation, Decision) {
        var c = conversation
        var d = Decision()
        let firstTurn = c.turns == 0
        c.turns += 1
        c.updatedAt = now
        if !c.languageFixed { c.language = u.language }
        // Conversation mood: an angry message counts at once, calm ones bring it down slowly.
        c.mood = u.mood.score >= c.mood ? max(u.mood.score, c.mood * 0.6 + u.mood.score * 0.4) : c.mood * 0.7 + u.mood.score * 0.3
        if u.otherOrder, u.entities.orderNumbers.isEmpty {
            c.slots["order_number"] = nil
            c.repeats = [:]
        }
        if let n = u.entities.orderNumbers.first {
            // Another order is another problem: earlier repeats were about the old one.
            if let old = c.slots["order_number"], old != n { c.repeats = [:] }
            c.slots["order_number"] = n
        }
        if let p = u.entities.postalCodes.first {
            c.slots["postal_code"] = p.code
            c.slots["region"] = Self.zoneID(for: p.region)
        } else if let place = u.places.first {
            c.slots["region"] = place
        }

        switch c.state {
        case .escalated:
            let decision = waitingForPerson(&c, u, at: now)
            return (c, decision)
        case .closed:
            c.state = .idle
        case .awaitingSatisfaction:
            if let rating = rating(in: u) {
                c.satisfaction = rating
                c.state = .idle
                d.satisfaction = rating
                d.intent = "satisfaction"
                d.replies.append(Reply(rating >= 4 ? "survey.thanks_good" : "survey.thanks_bad"))
                return (c, d)
            }
            c.state = .idle
        default:
            break
        }

        var intent = resolveIntent(c, u)
        // A person offered in the last reply, and the customer says yes.
        let acceptedOffer = c.offeredPerson && intent == "affirm"
        c.offeredPerson = false

        // Escalation comes first: a person is what this customer needs.
        if let reason = acceptedOffer ? .requested : escalationReason(c, u, intent: intent) {
            let decision = escalate(&c, reason: reason, intent: intent, at: now, firstTurn: firstTurn)
            return (c, decision)
        }

        // A pending order-number question answered with something else: help once.
        if case .awaitingSlot(let pending, "order_number", 0) = c.state, intent == Classification.outOfScope || u.dontKnow && u.entities.orderNumbers.isEmpty {
            c.state = .awaitingSlot(intent: pending, slot: "order_number", attempts: 1)
            d.intent = pending
            d.replies.append(Reply("slot.order_number.help"))
            return (c, d)
        }

        if intent == Classification.outOfScope {
            c.failedUnderstandings += 1
            c.state = .idle
            d.intent = intent
            if c.mood >= 0.25 { d.replies.append(Reply("empathy.upset", tone: .apologetic)) } else if firstTurn { d.replies.append(Reply("greet.intro")) }
            d.replies.append(Reply("fallback.rephrase", quickReplies: ["menu.track_order", "menu.shipping_costs", "menu.return_item", "menu.contact_human_agent"]))
            return (c, d)
        }
        c.failedUnderstandings = 0

        let secondRequest = u.also.contains { !Self.socialIntents.contains($0) }
        if u.ambiguous, !secondRequest, intent == u.intent, let second = u.alternatives.first?.intent, case .idle = c.state.resting {
            c.state = .clarifying(options: [intent, second])
            d.intent = intent
            d.replies.append(Reply("clarify.ask", quickReplies: ["label.\(intent)", "label.\(second)"]))
            return (c, d)
        }

        // Only a fresh ask counts as a repeat, not the answer to our own question.
        if Self.complaintIntents.contains(intent), intent == u.intent { c.repeats[intent, default: 0] += 1 }
        if c.repeats[intent, default: 0] >= profile.escalation.repeatedComplaints {
            let decision = escalate(&c, reason: .repeated, intent: intent, at: now, firstTurn: false)
            return (c, decision)
        }
        if profile.escalation.alwaysHuman.contains(intent) {
            let decision = escalate(&c, reason: .alwaysHuman, intent: intent, at: now, firstTurn: firstTurn)
            return (c, decision)
        }

        d.intent = intent
        let pendingBefore = c.state
        c.state = .idle
        if c.mood >= 0.25, !Self.socialIntents.contains(intent) { d.replies.append(Reply("empathy.upset", tone: .apologetic)) }
        if firstTurn, intent != "greet" {
            // Never a cheerful introduction to an upset customer: the acknowledgement comes first.
            if c.mood < 0.25 { d.replies.append(Reply("greet.intro")) }
        } else if u.also.contains("greet"), intent != "greet", c.mood < 0.25 {
            d.replies.append(Reply("greet.again"))
        }
        answer(intent, &c, &d, u: u, lookup: lookup, firstTurn: firstTurn, at: now)

        // An unrelated question answered while a slot was pending: ask once more, then drop it.
        if case .awaitingSlot(let pending, let slot, let attempts) = pendingBefore, intent != pending, case .idle = c.state {
            if attempts == 0, c.slots[slot] == nil {
                c.state = .awaitingSlot(intent: pending, slot: slot, attempts: 1)
                d.replies.append(Reply("slot.\(slot).resume", values: ["intent.label": .key("label.\(pending)")]))
            }
        }
        for extra in u.also where extra != intent && !Self.socialIntents.contains(extra) {
            // Two shipping questions in one message ("do you ship to the Canaries? how much"):
            // the first answer already gives the zone's price and time, or asks where it goes.
            if Self.shippingIntents.contains(extra) && Self.shippingIntents.contains(intent) { continue }
            answer(extra, &c, &d, u: u, lookup: lookup, firstTurn: false, at: now)
        }
        c.offeredPerson = d.replies.contains { $0.quickReplies.contains("menu.contact_human_agent") }
        if u.also.contains("thanks"), intent != "thanks" { d.replies.append(Reply("thanks.short")) }
        c.lastIntent = intent
        return (c, d)
    }

    static let shippingIntents: Set<String> = ["shipping_costs", "delivery_period", "delivery_options"]

    /// The intent in context: a bare order number answers the pending question, `¿y a
    /// Canarias?` continues the shipping question, `¿y el 10482?` the last order question.
    func resolveIntent(_ c: Conversation, _ u: Understanding) -> String {
        let intent = u.intent
        let hasNumber = !u.entities.orderNumbers.isEmpty
        let hasPlace = !u.places.isEmpty || !u.entities.postalCodes.isEmpty
        let weak = u.isOutOfScope || Self.socialIntents.contains(intent) || u.confidence < 0.75
        switch c.state {
        case .awaitingSlot(let pending, "order_number", _):
            if hasNumber, intent == pending || intent == "track_order" || weak { return pending }
            if c.slots["order_number"] != nil, weak { return pending }
        case .awaitingSlot(let pending, "region", _):
            if hasPlace, weak || Self.shippingIntents.contains(intent) { return pending }
        case .clarifying(let options):
            if let chosen = options.first(where: { intent == $0 || u.also.contains($0) }) { return chosen }
            if let index = Self.choice(in: u.text), index < options.count { return options[index] }
        default:
            break
        }
        let short = u.text.count <= 40
        if let last = c.lastIntent, short {
            if hasNumber, orderIntents.contains(last), intent == "track_order" || u.isOutOfScope { return last }
            if hasPlace, Self.shippingIntents.contains(last), u.isOutOfScope { return last }
        }
        // `envío a 38001`, `¿y a Portugal?`: a destination alone is a shipping question.
        if u.isOutOfScope, hasPlace { return "shipping_costs" }
        return intent
    }

    /// Replies for one intent; may change the state (slot questions, survey).
    func answer(_ intent: String, _ c: inout Conversation, _ d: inout Decision, u: Understanding, lookup: OrderLookup?, firstTurn: Bool, at now: Date) {
        switch intent {
        case "greet":
            d.replies.append(Reply(firstTurn ? "greet.welcome" : "greet.again", tone: c.mood >= 0.25 ? .apologetic : nil))
        case "goodbye", "thanks":
            if c.resolvedSinceSurvey, c.satisfaction == nil {
                c.resolvedSinceSurvey = false
                c.state = .awaitingSatisfaction
                d.replies.append(Reply(intent == "thanks" ? "thanks" : "goodbye"))
                d.replies.append(Reply("survey.ask", quickReplies: ["survey.option.5", "survey.option.4", "survey.option.3", "survey.option.2", "survey.option.1"]))
            } else {
                d.replies.append(Reply(intent == "thanks" ? "thanks" : "goodbye"))
                if intent == "goodbye" { c.state = .closed }
            }
        case "shipping_costs", "delivery_period" where intent == "shipping_costs" || c.slots["order_number"] == nil:
            d.replies.append(contentsOf: shippingReplies(intent, region: c.slots["region"], postalCode: c.slots["postal_code"]))
            if c.slots["region"] == nil { c.state = .awaitingSlot(intent: intent, slot: "region", attempts: 0) }
            c.resolvedSinceSurvey = true
        case "delivery_period":
            // With an order in hand, "when will it arrive" is about that order.
            d.replies.append(contentsOf: orderReplies("track_order", number: c.slots["order_number"] ?? "", lookup: lookup, at: now))
            c.resolvedSinceSurvey = true
        case "delivery_options":
            // With the destination known, its price and time are the answer; the general one
            // ends by asking where the order goes.
            if let region = c.slots["region"], let zone = profile.shipping.zone(region) {
                d.replies.append(Reply("delivery.zone", values: zoneValues(zone, postalCode: c.slots["postal_code"])))
            } else {
                d.replies.append(Reply("answer.delivery_options"))
            }
            c.resolvedSinceSurvey = true
        case _ where orderIntents.contains(intent):
            guard let number = c.slots["order_number"] else {
                c.state = .awaitingSlot(intent: intent, slot: "order_number", attempts: 0)
                d.replies.append(Reply("slot.order_number.ask", values: ["intent.label": .key("label.\(intent)")]))
                return
            }
            guard OrderNumber.isPlausible(number) else {
                c.slots["order_number"] = nil
                c.state = .awaitingSlot(intent: intent, slot: "order_number", attempts: 1)
                d.replies.append(Reply("slot.order_number.invalid", values: ["order.number": .text(number)]))
                return
            }
            d.replies.append(contentsOf: orderReplies(intent, number: number, lookup: lookup, at: now))
            if case .notFound? = lookup {
                // A mistyped number can be corrected with the number alone.
                c.slots["order_number"] = nil
                c.state = .awaitingSlot(intent: intent, slot: "order_number", attempts: 1)
            } else {
                c.resolvedSinceSurvey = true
            }
        default:
            d.replies.append(Reply("answer.\(intent)"))
            if !Self.socialIntents.contains(intent) { c.resolvedSinceSurvey = true }
        }
    }
}

extension Conversation.State {
    /// States in which a new request may be asked about directly.
    var resting: Conversation.State {
        switch self {
        case .start, .idle, .closed, .awaitingSatisfaction: .idle
        default: self
        }
    }
}
