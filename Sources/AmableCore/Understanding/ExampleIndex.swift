import Foundation

/// TF-IDF vectors of every example, in an inverted index, for nearest-example similarity.
struct ExampleIndex: Sendable {
    private var featureIDs: [String: Int32] = [:]
    private var postings: [[(example: Int32, weight: Float)]] = []
    private var idf: [Float] = []
    private var exampleIntent: [Int32] = []
    private var exampleText: [String] = []
    private let intentCount: Int
    private var maxIDF: Float = 1

    init(intents: [IntentDefinition], normalizer: Normalizer) {
        intentCount = intents.count
        var documents: [[String]] = []
        for (i, intent) in intents.enumerated() {
            for example in intent.examples {
                let entities = EntityExtractor.spans(in: example, expectingOrderNumber: false)
                documents.append(Self.features(normalizer.normalize(example, entities: entities).tokens))
                exampleIntent.append(Int32(i))
                exampleText.append(example)
            }
        }
        var df: [Int] = []
        for doc in documents {
            for f in Set(doc) {
                if let id = featureIDs[f] { df[Int(id)] += 1 } else {
                    featureIDs[f] = Int32(df.count)
                    df.append(1)
                }
            }
        }
        let n = Float(documents.count)
        idf = df.map { logf((n + 1) / (Float($0) + 1)) + 1 }
        maxIDF = idf.max() ?? 1
        postings = Array(repeating: [], count: df.count)
        for (d, doc) in documents.enumerated() {
            var counts: [Int32: Float] = [:]
            for f in doc { counts[featureIDs[f]!, default: 0] += 1 }
            let weights = counts.mapValues { _ in Float(0) }.keys.map { id in (id, counts[id]! * idf[Int(id)]) }
            let norm = weights.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            guard norm > 0 else { continue }
            for (id, w) in weights { postings[Int(id)].append((Int32(d), w / norm)) }
        }
    }

    func text(of example: Int) -> String { exampleText[example] }

    /// Content stems and bigrams of adjacent content stems; negated words are left out.
    static func features(_ tokens: [Token]) -> [String] {
        var out: [String] = []
        var previous: String?
        for t in tokens where !t.negated {
            if t.isStopword { continue }
            out.append(t.stem)
            if let previous { out.append(previous + " " + t.stem) }
            previous = t.stem
        }
        return out
    }

    /// For each intent, the cosine similarity of its nearest example.
    func nearest(_ tokens: [Token]) -> [(similarity: Double, example: Int?)] {
        var query: [(Int32, Float)] = []
        var norm: Float = 0
        var counts: [Int32: Float] = [:]
        let features = Self.features(tokens)
        for f in features {
            if let id = featureIDs[f] { counts[id, default: 0] += 1 }
        }
        // Unknown features still count in the query's length: a message that is mostly
        // unknown words is far from every example.
        let unknown = Float(features.count) - counts.values.reduce(0, +)
        for (id, c) in counts {
            let w = c * idf[Int(id)]
            query.append((id, w))
            norm += w * w
        }
        norm += unknown * maxIDF * maxIDF * 0.5
        var best = [(similarity: Double, example: Int?)](repeating: (0, nil), count: intentCount)
        guard norm > 0 else { return best }
        norm = norm.squareRoot()
        var dot = [Float](repeating: 0, count: exampleText.count)
        var touched: [Int32] = []
        for (id, w) in query {
            for p in postings[Int(id)] {
                if dot[Int(p.example)] == 0 { touched.append(p.example) }
                dot[Int(p.example)] += w * p.weight
            }
        }
        for e in touched {
            let similarity = Double(dot[Int(e)] / norm)
            let intent = Int(exampleIntent[Int(e)])
            if similarity > best[intent].similarity { best[intent] = (similarity, Int(e)) }
        }
        return best
    }
}
