import Foundation

/// TF-IDF vectors of every example, in an inverted index, for nearest-example similarity.
///
/// Features are content stems and bigrams of adjacent content stems, keyed by `WordIndex`
/// stem ids: a message's features are found without building or hashing any string.
struct ExampleIndex: Sendable {
    /// Feature id of each single stem, by stem id (-1: in no example).
    private var unigrams: [Int32] = []
    /// Feature ids of the bigrams each stem starts (by stem id), with the stem that follows.
    private var bigrams = IDLists<Bigram>([])
    private var postings = IDLists<Posting>([])
    private var idf: [Float] = []
    private var exampleIntent: [Int32] = []
    private var exampleText: [String] = []
    private let intentCount: Int
    private var maxIDF: Float = 1

    // Named types, not tuples, in the per-message path: arrays of tuples look their type up
    // at run time.
    private struct Bigram {
        var second: Int32
        var feature: Int32
    }

    private struct Posting {
        var example: Int32
        var weight: Float
    }

    private struct Count {
        var id: Int32
        var count: Float
    }

    /// An intent's nearest example and its cosine similarity (0, nil: none shares a feature).
    struct Nearest {
        var similarity = 0.0
        var example: Int?
    }

    /// The normalised tokens of every example, in intent order; their stems must be interned
    /// in the index the `ExampleIndex` is built with.
    static func tokens(of intents: [IntentDefinition], normalizer: Normalizer) -> [[Token]] {
        intents.flatMap { intent in
            intent.examples.map { example in
                normalizer.normalize(example, entities: EntityExtractor.spans(in: example, expectingOrderNumber: false)).tokens
            }
        }
    }

    init(intents: [IntentDefinition], tokens: [[Token]], index: WordIndex) {
        intentCount = intents.count
        unigrams = [Int32](repeating: -1, count: index.count)
        var bigrams = [[Bigram]](repeating: [], count: index.count)
        for (i, intent) in intents.enumerated() {
            exampleIntent += Array(repeating: Int32(i), count: intent.examples.count)
            exampleText += intent.examples
        }
        var df: [Int] = []
        var documents: [[Int32]] = []
        for exampleTokens in tokens {
            var doc: [Int32] = []
            Self.forEachFeature(exampleTokens.map { index.id(of: $0.stem)! }, of: exampleTokens) { stem, previous in
                let id: Int32
                if let previous {
                    if let known = bigrams[Int(previous)].first(where: { $0.second == stem })?.feature { id = known } else {
                        id = Int32(df.count)
                        bigrams[Int(previous)].append(Bigram(second: stem, feature: id))
                        df.append(0)
                    }
                } else {
                    if unigrams[Int(stem)] < 0 { unigrams[Int(stem)] = Int32(df.count); df.append(0) }
                    id = unigrams[Int(stem)]
                }
                doc.append(id)
            }
            for id in Set(doc) { df[Int(id)] += 1 }
            documents.append(doc)
        }
        let n = Float(documents.count)
        idf = df.map { logf((n + 1) / (Float($0) + 1)) + 1 }
        maxIDF = idf.max() ?? 1
        self.bigrams = IDLists(bigrams)
        var postings = [[Posting]](repeating: [], count: df.count)
        for (d, doc) in documents.enumerated() {
            let weights = Self.counted(doc).map { ($0.id, $0.count * idf[Int($0.id)]) }
            let norm = weights.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            guard norm > 0 else { continue }
            for (id, w) in weights { postings[Int(id)].append(Posting(example: Int32(d), weight: w / norm)) }
        }
        self.postings = IDLists(postings)
    }

    func text(of example: Int) -> String { exampleText[example] }

    private func bigram(_ first: Int32, _ second: Int32) -> Int32? {
        bigrams.range(Int(first)).first { bigrams[$0].second == second }.map { bigrams[$0].feature }
    }

    /// Calls `body` with each content stem (`previous` nil) and each bigram of adjacent content
    /// stems (`previous` the first), in order; negated words and stopwords are left out.
    @inline(__always)
    private static func forEachFeature(_ stems: [Int32], of tokens: [Token], _ body: (_ stem: Int32, _ previous: Int32?) -> Void) {
        var previous: Int32?
        for (i, stem) in stems.enumerated() where !tokens[i].negated && !tokens[i].isStopword {
            body(stem, nil)
            if let previous { body(stem, previous) }
            previous = stem
        }
    }

    /// Distinct ids with how often each occurs, in order of first occurrence.
    private static func counted(_ ids: [Int32]) -> [Count] {
        var out: [Count] = []
        for id in ids {
            if let i = out.firstIndex(where: { $0.id == id }) { out[i].count += 1 } else { out.append(Count(id: id, count: 1)) }
        }
        return out
    }

    /// For each intent, the cosine similarity of its nearest example. Works in memory of the
    /// call's own (the found features, their weights, the dot products): these were five
    /// arrays allocated per message.
    func nearest(_ tokens: [Token]) -> [Nearest] {
        var best = [Nearest](repeating: Nearest(), count: intentCount)
        withUnsafeTemporaryAllocation(of: Count.self, capacity: 2 * tokens.count + 1) { query in
            // The query's features (a stem and the bigram it ends, per content token), counted in
            // order of first occurrence.
            var featureCount = 0, found = 0, distinct = 0
            var previous: Int32?
            for i in tokens.indices where !tokens[i].negated && !tokens[i].isStopword {
                let stem = tokens[i].stemID
                // A stem without an id is in no example, nor is any bigram with it.
                featureCount += 1
                if stem >= 0, Int(stem) < unigrams.count, unigrams[Int(stem)] >= 0 {
                    Self.count(unigrams[Int(stem)], in: query, distinct: &distinct)
                    found += 1
                }
                if let previous {
                    featureCount += 1
                    if stem >= 0, previous >= 0, let id = bigram(previous, stem) {
                        Self.count(id, in: query, distinct: &distinct)
                        found += 1
                    }
                }
                previous = stem
            }
            // Unknown features still count in the query's length: a message that is mostly
            // unknown words is far from every example.
            let unknown = Float(featureCount - found)
            var norm: Float = 0
            for i in 0..<distinct {
                let w = query[i].count * idf[Int(query[i].id)]
                query[i].count = w
                norm += w * w
            }
            norm += unknown * maxIDF * maxIDF * 0.5
            guard norm > 0 else { return }
            norm = norm.squareRoot()
            let examples = exampleText.count
            withUnsafeTemporaryAllocation(of: Float.self, capacity: examples) { dot in
                dot.initialize(repeating: 0)
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: examples) { touched in
                    var touchedCount = 0
                    for q in 0..<distinct {
                        let w = query[q].count
                        for k in postings.range(Int(query[q].id)) {
                            let p = postings[k]
                            if dot[Int(p.example)] == 0, touchedCount < examples { touched[touchedCount] = p.example; touchedCount += 1 }
                            dot[Int(p.example)] += w * p.weight
                        }
                    }
                    for t in 0..<touchedCount {
                        let e = Int(touched[t])
                        let similarity = Double(dot[e] / norm)
                        let intent = Int(exampleIntent[e])
                        if similarity > best[intent].similarity { best[intent] = Nearest(similarity: similarity, example: e) }
                    }
                }
            }
        }
        return best
    }

    /// Counts `id` in the first `distinct` entries of `counts`, adding it when new.
    @inline(__always)
    private static func count(_ id: Int32, in counts: UnsafeMutableBufferPointer<Count>, distinct: inout Int) {
        for i in 0..<distinct where counts[i].id == id {
            counts[i].count += 1
            return
        }
        counts[distinct] = Count(id: id, count: 1)
        distinct += 1
    }
}
