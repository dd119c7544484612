/// The machine-readable form of a turn: the JSONL contract (see README, "JSONL").
extension Turn {
    public func jsonValue(explain: Bool = false) -> JSONValue {
        let u = understanding
        var pairs: [(String, JSONValue)] = [
            ("text", .string(u.text)),
            ("language", .string(u.language.rawValue)),
            ("intent", .string(decision.intent ?? u.intent)),
            ("matched_intent", .string(u.intent)),
            ("confidence", .number((u.confidence * 1000).rounded() / 1000)),
            ("alternatives", .arr(u.alternatives.map { .obj([("intent", .string($0.intent)), ("confidence", .number(($0.confidence * 1000).rounded() / 1000))]) })),
            ("also", .arr(u.also.map { .string($0) })),
            ("entities", u.entities.jsonValue(places: u.places)),
            ("mood", .obj([("score", .number((u.mood.score * 100).rounded() / 100)), ("label", .string(u.mood.label.rawValue)),
                           ("conversation", .number((conversation.mood * 100).rounded() / 100))])),
            ("state", .string(conversation.state.name)),
            ("escalated", .bool(conversation.state == .escalated)),
            ("handoff", decision.handoff.map { h in
                .obj([("reason", .string(h.reason.rawValue)), ("priority", .int(h.priority)), ("support_open", .bool(h.supportOpen))])
            } ?? .null),
            ("replies", .arr(replies.map { .string($0.text) })),
            ("quick_replies", .arr(replies.flatMap(\.quickReplies).map { .string($0) })),
        ]
        if let s = decision.satisfaction { pairs.append(("satisfaction", .int(s))) }
        if explain {
            let e = u.explanation
            pairs.append(("explain", .obj([
                ("tokens", .arr(e.tokens.map { .string($0) })),
                ("normalisations", .arr(e.notes.map { .string($0) })),
                ("rule", .str(e.rule)), ("rule_file", .str(e.ruleFile)),
                ("nearest_example", .str(e.example)), ("example_similarity", .number((e.exampleSimilarity * 1000).rounded() / 1000)),
                ("reply_keys", .arr(replies.map { .string($0.key) })),
            ])))
        }
        return .obj(pairs)
    }
}

extension Entities {
    public func jsonValue(places: [String] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        if !orderNumbers.isEmpty { pairs.append(("order_number", .arr(orderNumbers.map { .string($0) }))) }
        if !emails.isEmpty { pairs.append(("email", .arr(emails.map { .string($0) }))) }
        if !phones.isEmpty { pairs.append(("phone", .arr(phones.map { .string($0) }))) }
        if !postalCodes.isEmpty {
            pairs.append(("postal_code", .arr(postalCodes.map { .obj([("code", .string($0.code)), ("region", .string($0.region.rawValue))]) })))
        }
        if !amounts.isEmpty {
            pairs.append(("money", .arr(amounts.map { .obj([("amount", .string("\($0.amount)")), ("currency", .string($0.currency))]) })))
        }
        if !places.isEmpty { pairs.append(("place", .arr(places.map { .string($0) }))) }
        return .obj(pairs)
    }
}
