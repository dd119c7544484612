/// The matcher's thresholds and weights, from `Intents/matcher.json` (data, not code).
public struct MatcherSettings: Sendable, Equatable {
    /// Below this confidence the answer is `out_of_scope`.
    public var threshold = 0.5
    /// When the top two intents are closer than this, Amable asks which one is meant.
    public var ambiguityMargin = 0.06
    /// How much a matched rule counts against the nearest example.
    public var ruleWeight = 0.6
    public var exampleWeight = 0.4
    /// Confidence from examples alone is scaled by this: rules carry the precision.
    public var exampleOnlyFactor = 0.8
    /// A second request in another clause needs this much confidence to be reported.
    public var secondaryThreshold = 0.65

    public init() {}

    static let knownKeys: Set<String> = [
        "description", "threshold", "ambiguity_margin", "rule_weight", "example_weight",
        "example_only_factor", "secondary_threshold",
    ]

    public static func decode(_ root: JSONNode, reader: JSONReader) -> MatcherSettings {
        var s = MatcherSettings()
        guard let members = reader.object(root, "") else { return s }
        reader.rejectUnknownKeys(members, known: knownKeys, path: "")
        if let v = reader.number(root["threshold"], "threshold", required: false, range: 0...1) { s.threshold = v }
        if let v = reader.number(root["ambiguity_margin"], "ambiguity_margin", required: false, range: 0...1) { s.ambiguityMargin = v }
        if let v = reader.number(root["rule_weight"], "rule_weight", required: false, range: 0...1) { s.ruleWeight = v }
        if let v = reader.number(root["example_weight"], "example_weight", required: false, range: 0...1) { s.exampleWeight = v }
        if let v = reader.number(root["example_only_factor"], "example_only_factor", required: false, range: 0...1) { s.exampleOnlyFactor = v }
        if let v = reader.number(root["secondary_threshold"], "secondary_threshold", required: false, range: 0...1) { s.secondaryThreshold = v }
        return s
    }
}
