/// SymSpell's symmetric-delete index with hashes instead of strings: a word and a typo within
/// one edit share a one-deletion variant, so each known word files the hash of itself and of
/// each of its one-deletion variants, sorted for binary search.
///
/// Building the index as `[String: [String]]` made a string for every deletion of every word
/// (~80k for English, whose language markers are vocabulary) and was the largest part of
/// building a matcher. A hash collision only adds a candidate, and every candidate is checked
/// by edit distance, so hashes change no correction.
struct DeletionIndex: Sendable {
    /// `hash` in the high bits, the word's rank in the low `rankBits`, sorted.
    private var keys: [UInt64] = []
    private static let rankBits: UInt64 = 20

    /// Files `words` (their scalars) under their ranks.
    init(_ words: [(rank: Int, scalars: [Unicode.Scalar])]) {
        keys.reserveCapacity(words.reduce(0) { $0 + $1.scalars.count + 1 })
        for (rank, scalars) in words {
            precondition(rank < 1 << Self.rankBits, "vocabulary too large for DeletionIndex")
            for skip in -1..<scalars.count { keys.append(Self.key(Self.hash(scalars, skipping: skip), rank: rank)) }
        }
        keys.sort()
    }

    /// Ranks of the words that file a hash equal to one of `scalars`' (the word itself, then each
    /// one-deletion variant), possibly with repeats and false matches.
    func candidates(for scalars: [Unicode.Scalar]) -> [Int] {
        var out: [Int] = []
        for skip in -1..<scalars.count {
            let target = Self.hash(scalars, skipping: skip) >> Self.rankBits
            var lo = 0, hi = keys.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if keys[mid] >> Self.rankBits < target { lo = mid + 1 } else { hi = mid }
            }
            while lo < keys.count, keys[lo] >> Self.rankBits == target {
                out.append(Int(keys[lo] & ((1 << Self.rankBits) - 1)))
                lo += 1
            }
        }
        return out
    }

    private static func key(_ hash: UInt64, rank: Int) -> UInt64 { (hash >> rankBits) << rankBits | UInt64(rank) }

    /// FNV-1a over the scalars, leaving out the one at `skip` (-1: none).
    static func hash(_ scalars: [Unicode.Scalar], skipping skip: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, s) in scalars.enumerated() where i != skip { h = (h ^ UInt64(s.value)) &* 0x100_0000_01b3 }
        return h
    }

    /// True when `variant` is `word` or `word` with one scalar deleted.
    static func isVariant(_ variant: [Unicode.Scalar], of word: [Unicode.Scalar]) -> Bool {
        if variant == word { return true }
        guard word.count == variant.count + 1 else { return false }
        var i = 0
        while i < variant.count, variant[i] == word[i] { i += 1 }
        return variant[i...].elementsEqual(word[(i + 1)...])
    }

    /// `scalars` without the one at `skip` (-1: none).
    static func removing(_ skip: Int, from scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard skip >= 0 else { return scalars }
        var out = scalars
        out.remove(at: skip)
        return out
    }
}
