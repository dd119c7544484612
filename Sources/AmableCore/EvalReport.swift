/// Classification metrics over (gold, predicted) pairs: per-intent precision, recall and F1,
/// macro-F1 over the intents present in the gold labels, accuracy and out-of-scope recall.
public struct EvalReport: Sendable {
    public struct ClassScore: Sendable {
        public var intent: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public let classes: [ClassScore]
    public let confusions: [(gold: String, predicted: String, count: Int)]
    public let accuracy: Double
    public let macroF1: Double
    /// Share of `out_of_scope` lines answered `out_of_scope` (0 when there are none).
    public let oosRecall: Double
    public let n: Int

    public init(_ pairs: [(gold: String, predicted: String)]) {
        n = pairs.count
        var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:], support: [String: Int] = [:]
        var confusion: [String: Int] = [:]
        var correct = 0
        for (gold, predicted) in pairs {
            support[gold, default: 0] += 1
            if gold == predicted {
                tp[gold, default: 0] += 1
                correct += 1
            } else {
                fp[predicted, default: 0] += 1
                fn[gold, default: 0] += 1
                confusion["\(gold)\t\(predicted)", default: 0] += 1
            }
        }
        classes = support.keys.sorted().map { intent in
            let t = Double(tp[intent, default: 0])
            let p = t + Double(fp[intent, default: 0]) > 0 ? t / (t + Double(fp[intent, default: 0])) : 0
            let r = t / Double(support[intent]!)
            return ClassScore(intent: intent, precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0, support: support[intent]!)
        }
        confusions = confusion.map { key, count in
            let parts = key.split(separator: "\t").map(String.init)
            return (parts[0], parts[1], count)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.gold < $1.gold }
        accuracy = n > 0 ? Double(correct) / Double(n) : 0
        macroF1 = classes.isEmpty ? 0 : classes.map(\.f1).reduce(0, +) / Double(classes.count)
        let oos = Classification.outOfScope
        oosRecall = support[oos].map { Double(tp[oos, default: 0]) / Double($0) } ?? 0
    }

    public func jsonValue(seconds: Double, misses: [(String, String, String)]) -> JSONValue {
        func r(_ x: Double) -> JSONValue { .number((x * 10000).rounded() / 10000) }
        return .obj([
            ("n", .int(n)), ("accuracy", r(accuracy)), ("macro_f1", r(macroF1)), ("oos_recall", r(oosRecall)),
            ("messages_per_second", .number((Double(n) / max(seconds, 1e-9)).rounded())),
            ("intents", .arr(classes.map { .obj([("intent", .string($0.intent)), ("precision", r($0.precision)), ("recall", r($0.recall)), ("f1", r($0.f1)), ("n", .int($0.support))]) })),
            ("confusions", .arr(confusions.prefix(20).map { .obj([("gold", .string($0.gold)), ("predicted", .string($0.predicted)), ("count", .int($0.count))]) })),
            ("misses", .arr(misses.map { .obj([("text", .string($0.0)), ("gold", .string($0.1)), ("predicted", .string($0.2))]) })),
        ])
    }
}
