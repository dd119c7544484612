/// One intent as a shop's data describes it: examples and rules, in one language.
public struct IntentDefinition: Sendable {
    /// Social intents (greet, thanks, goodbye, affirm, deny) ride along with a request
    /// (`hola, ¿dónde está mi pedido?`) instead of competing with it.
    public enum Kind: String, Sendable { case task, social }

    public var name: String
    public var language: Language
    public var description: String
    public var kind: Kind
    /// Entity slots the dialogue fills for this intent (e.g. `order_number`).
    public var slots: [String]
    public var examples: [String]
    /// The line of each example, for errors.
    public var exampleLines: [Int] = []
    public var rules: [Rule]
    /// `Intents/es/track_order.json`, for errors and explanations.
    public var file: String

    /// A conjunction of term groups: every `all` group must match, no `none` group may.
    public struct Rule: Sendable {
        /// Each group is a list of alternatives: words, phrases, `@CONCEPT`s or `prefix*`.
        public var all: [[String]]
        public var none: [[String]]
        public var weight: Double
        public var line: Int
        /// The rule as written, for explanations: `cancel|anular + @ORDER`.
        public var source: String {
            all.map { $0.joined(separator: "|") }.joined(separator: " + ")
                + (none.isEmpty ? "" : " − " + none.map { $0.joined(separator: "|") }.joined(separator: " − "))
        }
    }
}

extension IntentDefinition {
    static let knownKeys: Set<String> = ["intent", "description", "kind", "slots", "examples", "rules"]
    static let knownSlots: Set<String> = ["order_number", "email", "phone", "postal_code", "place"]

    /// Decodes one intent file, reporting problems to `reader`; nil when unusable.
    public static func decode(_ root: JSONNode, language: Language, file: String, expectedName: String, reader: JSONReader) -> IntentDefinition? {
        guard let members = reader.object(root, "") else { return nil }
        reader.rejectUnknownKeys(members, known: knownKeys, path: "")
        guard let name = reader.string(root["intent"], "intent") else { return nil }
        if name != expectedName {
            reader.problem("intent \"\(name)\" does not match the file name \"\(expectedName).json\"", at: root["intent"], path: "intent")
        }
        let description = reader.string(root["description"], "description") ?? ""
        var kind = Kind.task
        if let k = reader.string(root["kind"], "kind", required: false) {
            if let parsed = Kind(rawValue: k) { kind = parsed } else {
                reader.problem("must be \"task\" or \"social\", got \"\(k)\"", at: root["kind"], path: "kind")
            }
        }
        let slots = reader.strings(root["slots"], "slots", required: false)
        for (i, slot) in slots.enumerated() where !knownSlots.contains(slot) {
            reader.problem("unknown slot \"\(slot)\" (known: \(knownSlots.sorted().joined(separator: ", ")))", at: root["slots"]?.array?[i], path: "slots[\(i)]")
        }
        let examples = reader.strings(root["examples"], "examples", nonEmpty: true)
        var rules: [Rule] = []
        for (i, node) in (reader.array(root["rules"], "rules", required: false) ?? []).enumerated() {
            let path = "rules[\(i)]"
            guard let ruleMembers = reader.object(node, path) else { continue }
            reader.rejectUnknownKeys(ruleMembers, known: ["all", "none", "weight"], path: path)
            let all = reader.strings(node["all"], "\(path).all", nonEmpty: true).map(splitAlternatives)
            let none = reader.strings(node["none"], "\(path).none", required: false).map(splitAlternatives)
            let weight = reader.number(node["weight"], "\(path).weight", required: false, range: 0...1) ?? 1
            if all.contains(where: \.isEmpty) || none.contains(where: \.isEmpty) {
                reader.problem("has an empty group", at: node, path: path)
                continue
            }
            if !all.isEmpty { rules.append(Rule(all: all, none: none, weight: weight, line: node.line)) }
        }
        let lines = (root["examples"]?.array ?? []).map(\.line)
        return IntentDefinition(name: name, language: language, description: description, kind: kind,
                                slots: slots, examples: examples, exampleLines: lines.count == examples.count ? lines : [],
                                rules: rules, file: file)
    }

    static func splitAlternatives(_ group: String) -> [String] {
        // By bytes: "|" and " " are ASCII, so they never fall inside a multi-byte character.
        group.utf8.split(separator: UInt8(ascii: "|")).compactMap { part in
            guard let first = part.firstIndex(where: { $0 != 0x20 }), let last = part.lastIndex(where: { $0 != 0x20 }) else { return nil }
            return String(part[first...last])
        }
    }
}
