import Foundation

extension DialoguePolicy {
    /// The reason this message needs a person, if any (the shop's thresholds decide).
    func escalationReason(_ c: Conversation, _ u: Understanding, intent: String) -> Handoff.Reason? {
        if u.threat { return .threat }
        // An upset customer talking about reviews is about to go public: the seeds' warning.
        if u.intent == "review" || u.also.contains("review"), max(c.mood, u.mood.score) >= 0.25 { return .threat }
        if intent == "contact_human_agent" || u.also.contains("contact_human_agent") { return .requested }
        if c.mood >= profile.escalation.angerThreshold, u.mood.score >= profile.escalation.angerThreshold * 0.7 { return .anger }
        if intent == Classification.outOfScope, c.failedUnderstandings + 1 >= profile.escalation.failedUnderstandings { return .failedUnderstanding }
        return nil
    }

    static func priority(for reason: Handoff.Reason) -> Int {
        switch reason {
        case .threat, .anger: 1
        case .requested, .repeated, .alwaysHuman, .lookupFailed: 2
        case .failedUnderstanding: 3
        }
    }

    /// Hands the conversation to a person; outside support hours, says when one will answer.
    func escalate(_ c: inout Conversation, reason: Handoff.Reason, intent: String?, at now: Date, firstTurn: Bool) -> Decision {
        var d = Decision()
        d.intent = intent
        let open = profile.support.isOpen(at: now)
        let handoff = Handoff(reason: reason, priority: Self.priority(for: reason), intent: intent == Classification.outOfScope ? nil : intent,
                              createdAt: now, supportOpen: open)
        c.handoff = handoff
        c.state = .escalated
        c.heldMessages = 0
        c.failedUnderstandings = 0
        d.handoff = handoff
        if c.mood >= 0.25 || reason == .threat || reason == .anger { d.replies.append(Reply("empathy.upset", tone: .apologetic)) }
        switch reason {
        case .alwaysHuman: d.replies.append(Reply("handoff.always_human.\(intent ?? "default")", values: [:]))
        case .failedUnderstanding: d.replies.append(Reply("handoff.failed_understanding"))
        case .repeated: d.replies.append(Reply("handoff.repeated"))
        default: break
        }
        if open {
            d.replies.append(Reply("handoff.open"))
        } else {
            let next = profile.support.nextOpening(after: now)
            d.replies.append(Reply("handoff.closed_hours", values: ["support.next_opening": next.map { .opening($0) } ?? .text("-")]))
        }
        return d
    }

    /// While escalated the bot stays quiet in the person's place; it only takes a call-back
    /// contact outside hours and acknowledges that the message was passed on.
    func waitingForPerson(_ c: inout Conversation, _ u: Understanding, at now: Date) -> Decision {
        var d = Decision()
        d.intent = u.intent
        c.heldMessages += 1
        // `cancelar`, `ya no hace falta`, `no thanks`: the customer no longer wants to wait.
        if u.leavesQueue || u.intent == "deny" || u.intent == "goodbye" || u.intent == "cancel_order" && u.entities.orderNumbers.isEmpty && u.text.count < 25 {
            c.state = .idle
            c.handoff = nil
            d.leftQueue = true
            d.replies.append(Reply("handoff.left_queue"))
            return d
        }
        if let handoff = c.handoff, !handoff.supportOpen, c.callback == nil,
           let contact = u.entities.emails.first ?? u.entities.phones.first
        {
            c.callback = contact
            d.replies.append(Reply("handoff.callback_saved", values: ["callback": .text(contact)]))
            return d
        }
        if c.heldMessages == 1 || u.mood.score >= 0.25 {
            d.replies.append(Reply("handoff.waiting"))
        }
        return d
    }

    /// A satisfaction answer: a digit 1–5, or 👍/👎.
    func rating(in u: Understanding) -> Int? {
        let text = u.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.unicodeScalars.contains(where: emoji.ratingGood.contains) { return 5 }
        if text.unicodeScalars.contains(where: emoji.ratingBad.contains) { return 1 }
        let digits = text.filter(\.isNumber)
        if digits.count == 1, let n = Int(digits), (1...5).contains(n), text.count <= 12 { return n }
        return nil
    }

    /// `1`, `2`, `la primera`…: a choice among quick replies (0-based).
    static func choice(in text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count <= 3, let n = Int(t.filter(\.isNumber)), n >= 1 { return n - 1 }
        return nil
    }

    static func zoneID(for region: Region) -> String {
        switch region {
        case .mainland: "mainland"
        case .balearic: "balearic_islands"
        case .canary: "canary_islands"
        case .ceuta, .melilla: "ceuta_melilla"
        }
    }
}
