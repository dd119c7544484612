/// Snowball Spanish stemmer, a faithful port of https://snowballstem.org/algorithms/spanish/stemmer.html
/// (Snowball 3.1 `spanish.sbl`, including its `-acion`/`-ucion` entries for customers who omit accents).
///
/// The word is copied once into a stack buffer of Unicode scalar values. Every Snowball step
/// works backwards from the end of the word, so all edits are "cut the tail, maybe append a
/// few scalars" and the region marks (RV, R1, R2) computed on the original word stay valid.
/// The only pass over the whole word after that is the final accent removal.
public enum SpanishStemmer {

    /// Returns the Snowball stem of one lowercase Spanish word (accented or not).
    ///
    /// Like Snowball, the input is not lowercased or normalised: pass lowercase NFC text
    /// (precomposed `ó`, not `o` + U+0301). Any scalars are accepted; ones outside the
    /// Spanish alphabet are simply treated as consonants.
    public static func stem(_ word: String) -> String {
        let capacity = word.utf8.count  // never fewer UTF-8 bytes than scalars
        if capacity == 0 { return word }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { storage in
            var w = Word(storage, from: word)
            stem(&w)
            return w.string()
        }
    }

    // MARK: - Algorithm

    private static func stem(_ w: inout Word) {
        let regions = markRegions(w)
        removeAttachedPronoun(&w, regions)
        if !removeStandardSuffix(&w, regions) && !removeYVerbSuffix(&w, regions) {
            removeVerbSuffix(&w, regions)
        }
        removeResidualSuffix(&w, regions)
        // Postlude: drop acute accents (ü and ñ are kept, as in Snowball).
        for k in 0..<w.count where w[k] >= 0xE1 { w[k] = unaccented(w[k]) }
    }

    /// Start offsets of the regions RV, R1 and R2 (`count` when a region is empty).
    private struct Regions {
        let rv: Int, r1: Int, r2: Int
    }

    private static func markRegions(_ w: Word) -> Regions {
        let n = w.count
        var rv = n
        if n >= 2 {
            let v0 = isVowel(w[0]), v1 = isVowel(w[1])
            if !v1 {
                // Second letter a consonant: RV starts after the next vowel.
                if let i = w.firstIndex(from: 2, where: isVowel) { rv = i + 1 }
            } else if v0 {
                // Two leading vowels: RV starts after the next consonant.
                if let i = w.firstIndex(from: 2, where: { !isVowel($0) }) { rv = i + 1 }
            } else {
                // Consonant-vowel: RV starts at the third letter.
                rv = min(3, n)
            }
        }
        // R1: after the first non-vowel that follows a vowel; R2: the same again inside R1.
        var r1 = n, r2 = n
        if let p1 = w.regionStart(from: 0, isVowel: isVowel) {
            r1 = p1
            r2 = w.regionStart(from: p1, isVowel: isVowel) ?? n
        }
        return Regions(rv: rv, r1: r1, r2: r2)
    }

    // Step 0: an object pronoun glued to an infinitive or gerund ("comprarlo", "enviándolo").
    private static func removeAttachedPronoun(_ w: inout Word, _ r: Regions) {
        guard let pronoun = pronouns.longestMatch(in: w, end: w.count) else { return }
        let verbEnd = pronoun.start
        guard let ending = gerundsAndInfinitives.longestMatch(in: w, end: verbEnd),
              ending.start >= r.rv else { return }
        switch ending.action {
        case .dropPronoun:
            w.count = verbEnd
        case .dropPronounAfterU:  // "-yendo" only counts after u, as in "construyendolo".
            guard ending.start > 0, w[ending.start - 1] == u else { return }
            w.count = verbEnd
        case .dropPronounAndAccent:  // without the pronoun, "enviándolo" needs no accent
            w.count = verbEnd
            for k in ending.start..<verbEnd { w[k] = unaccented(w[k]) }
        }
    }

    // Step 1: derivational suffixes. Returns false if nothing was removed, so step 2 runs.
    private static func removeStandardSuffix(_ w: inout Word, _ r: Regions) -> Bool {
        guard let m = standardSuffixes.longestMatch(in: w, end: w.count) else { return false }
        let s = m.start
        // Snowball's `among` commits to the longest match: if its region test fails,
        // shorter suffixes are not tried.
        if m.action == .amente {
            guard s >= r.r1 else { return false }
        } else {
            guard s >= r.r2 else { return false }
        }
        switch m.action {
        case .delete:
            w.count = s
        case .deleteThenIc:
            w.count = s
            w.removeSuffix(ic, ifStartAtLeast: r.r2)
        case .toLog:
            w.replace(from: s, with: log)
        case .toU:
            w.replace(from: s, with: [u])
        case .toEnte:
            w.replace(from: s, with: ente)
        case .amente:
            w.count = s
            if let m2 = amenteStems.longestMatch(in: w, end: s), m2.start >= r.r2 {
                w.count = m2.start
                if m2.action == .thenAt { w.removeSuffix(at, ifStartAtLeast: r.r2) }
            }
        case .mente, .idad:
            w.count = s
            let table = m.action == .mente ? menteStems : idadStems
            if let m2 = table.longestMatch(in: w, end: s), m2.start >= r.r2 { w.count = m2.start }
        case .iva:
            w.count = s
            w.removeSuffix(at, ifStartAtLeast: r.r2)
        }
        return true
    }

    // Step 2a: verb endings beginning with y, removed only after u ("construyeron" -> "constru").
    private static func removeYVerbSuffix(_ w: inout Word, _ r: Regions) -> Bool {
        guard let m = yVerbSuffixes.longestMatch(in: w, end: w.count, limit: r.rv),
              m.start > 0, w[m.start - 1] == u else { return false }
        w.count = m.start
        return true
    }

    // Step 2b: the remaining verb endings, all inside RV.
    private static func removeVerbSuffix(_ w: inout Word, _ r: Regions) {
        guard let m = verbSuffixes.longestMatch(in: w, end: w.count, limit: r.rv) else { return }
        var s = m.start
        // "-en -es -éis -emos" after "gu" also drop the u ("lleguen" -> "lleg").
        if m.action == .deleteWithGu, s >= 2, w[s - 1] == u, w[s - 2] == g { s -= 1 }
        w.count = s
    }

    // Step 3: a final vowel (or "os") inside RV.
    private static func removeResidualSuffix(_ w: inout Word, _ r: Regions) {
        guard let m = residualSuffixes.longestMatch(in: w, end: w.count), m.start >= r.rv else { return }
        w.count = m.start
        // "-gue" -> "g": the u only served to keep the g hard before e.
        if m.action == .deleteWithGu, m.start >= 2, w[m.start - 1] == u, w[m.start - 2] == g,
           m.start - 1 >= r.rv {
            w.count = m.start - 1
        }
    }

    // MARK: - Letters

    private static let u: UInt32 = 0x75, g: UInt32 = 0x67
    private static let ic: [UInt32] = scalars("ic"), at: [UInt32] = scalars("at")
    private static let log: [UInt32] = scalars("log"), ente: [UInt32] = scalars("ente")

    /// Snowball's `v`: a e i o u á é í ó ú ü.
    @inline(__always)
    private static func isVowel(_ c: UInt32) -> Bool {
        switch c {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xFC: return true
        default: return false
        }
    }

    private static func unaccented(_ c: UInt32) -> UInt32 {
        switch c {
        case 0xE1: return 0x61  // á -> a
        case 0xE9: return 0x65  // é -> e
        case 0xED: return 0x69  // í -> i
        case 0xF3: return 0x6F  // ó -> o
        case 0xFA: return 0x75  // ú -> u
        default: return c
        }
    }

    // MARK: - Suffix tables (from spanish.sbl)

    private enum PronounAction: Sendable { case pronoun }
    private static let pronouns = SuffixTable<PronounAction>([
        ("me", .pronoun), ("se", .pronoun), ("sela", .pronoun), ("selo", .pronoun), ("selas", .pronoun),
        ("selos", .pronoun), ("la", .pronoun), ("le", .pronoun), ("lo", .pronoun), ("las", .pronoun),
        ("les", .pronoun), ("los", .pronoun), ("nos", .pronoun),
    ])

    private enum GerundAction: Sendable { case dropPronoun, dropPronounAfterU, dropPronounAndAccent }
    private static let gerundsAndInfinitives = SuffixTable<GerundAction>([
        ("iéndo", .dropPronounAndAccent), ("ándo", .dropPronounAndAccent),
        ("ár", .dropPronounAndAccent), ("ér", .dropPronounAndAccent), ("ír", .dropPronounAndAccent),
        ("ando", .dropPronoun), ("iendo", .dropPronoun),
        ("ar", .dropPronoun), ("er", .dropPronoun), ("ir", .dropPronoun),
        ("yendo", .dropPronounAfterU),
    ])

    private enum StandardAction: Sendable {
        case delete, deleteThenIc, toLog, toU, toEnte, amente, mente, idad, iva
    }
    private static let standardSuffixes = SuffixTable<StandardAction>(
        [
            "anza", "anzas", "ico", "ica", "icos", "icas", "ismo", "ismos", "able", "ables",
            "ible", "ibles", "ista", "istas", "oso", "osa", "osos", "osas",
            "amiento", "amientos", "imiento", "imientos",
        ].map { ($0, .delete) }
        + [
            "adora", "ador", "ación", "adoras", "adores", "aciones",
            "ante", "antes", "ancia", "ancias", "acion",  // "acion": Snowball 3's nod to missing accents
        ].map { ($0, .deleteThenIc) }
        + [("logía", .toLog), ("logías", .toLog)]
        + [("ución", .toU), ("uciones", .toU), ("ucion", .toU)]
        + [("encia", .toEnte), ("encias", .toEnte)]
        + [("amente", .amente), ("mente", .mente), ("idad", .idad), ("idades", .idad)]
        + ["iva", "ivo", "ivas", "ivos"].map { ($0, .iva) }
    )

    private enum FollowUp: Sendable { case plain, thenAt }
    private static let amenteStems = SuffixTable<FollowUp>([
        ("iv", .thenAt), ("os", .plain), ("ic", .plain), ("ad", .plain),
    ])
    private static let menteStems = SuffixTable<FollowUp>([
        ("ante", .plain), ("able", .plain), ("ible", .plain),
    ])
    private static let idadStems = SuffixTable<FollowUp>([
        ("abil", .plain), ("ic", .plain), ("iv", .plain),
    ])

    private enum VerbAction: Sendable { case delete, deleteWithGu }
    private static let yVerbSuffixes = SuffixTable<VerbAction>(
        ["ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yó", "yas", "yes", "yais", "yamos"]
            .map { ($0, .delete) }
    )
    private static let verbSuffixes = SuffixTable<VerbAction>(
        ["en", "es", "éis", "emos"].map { ($0, .deleteWithGu) }
        + [
            "arían", "arías", "arán", "arás", "aríais", "aría", "aréis", "aríamos", "aremos", "ará", "aré",
            "erían", "erías", "erán", "erás", "eríais", "ería", "eréis", "eríamos", "eremos", "erá", "eré",
            "irían", "irías", "irán", "irás", "iríais", "iría", "iréis", "iríamos", "iremos", "irá", "iré",
            "aba", "ada", "ida", "ía", "ara", "iera", "ad", "ed", "id", "ase", "iese", "aste", "iste",
            "an", "aban", "ían", "aran", "ieran", "asen", "iesen", "aron", "ieron", "ado", "ido",
            "ando", "iendo", "ió", "ar", "er", "ir", "as", "abas", "adas", "idas", "ías", "aras",
            "ieras", "ases", "ieses", "ís", "áis", "abais", "íais", "arais", "ierais", "aseis",
            "ieseis", "asteis", "isteis", "ados", "idos", "amos", "ábamos", "íamos", "imos",
            "áramos", "iéramos", "iésemos", "ásemos",
        ].map { ($0, .delete) }
    )
    private static let residualSuffixes = SuffixTable<VerbAction>(
        ["os", "a", "o", "á", "í", "ó"].map { ($0, .delete) }
        + ["e", "é"].map { ($0, .deleteWithGu) }
    )

    private static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    // MARK: - Word buffer and suffix tables

    /// The word being stemmed: scalar values in caller-provided stack storage.
    private struct Word {
        private let storage: UnsafeMutableBufferPointer<UInt32>
        /// Current length; Snowball's steps only ever shorten or rewrite the tail.
        var count: Int

        init(_ storage: UnsafeMutableBufferPointer<UInt32>, from word: String) {
            self.storage = storage
            var n = 0
            for scalar in word.unicodeScalars {
                storage[n] = scalar.value
                n += 1
            }
            count = n
        }

        subscript(i: Int) -> UInt32 {
            get { storage[i] }
            nonmutating set { storage[i] = newValue }
        }

        func firstIndex(from start: Int, where predicate: (UInt32) -> Bool) -> Int? {
            var i = start
            while i < count {
                if predicate(storage[i]) { return i }
                i += 1
            }
            return nil
        }

        /// Snowball's `gopast v gopast non-v`: the index after the first non-vowel that follows
        /// a vowel, searching from `start`.
        func regionStart(from start: Int, isVowel: (UInt32) -> Bool) -> Int? {
            guard let v = firstIndex(from: start, where: isVowel),
                  let c = firstIndex(from: v + 1, where: { !isVowel($0) }) else { return nil }
            return c + 1
        }

        mutating func replace(from start: Int, with replacement: [UInt32]) {
            count = start
            for c in replacement {
                storage[count] = c
                count += 1
            }
        }

        /// Drops `suffix` if the word ends with it and it starts at or after `regionStart`.
        mutating func removeSuffix(_ suffix: [UInt32], ifStartAtLeast regionStart: Int) {
            let start = count - suffix.count
            guard start >= regionStart, start >= 0 else { return }
            for k in 0..<suffix.count where storage[start + k] != suffix[k] { return }
            count = start
        }

        /// Re-encodes the scalars as UTF-8 (no intermediate arrays; short results stay inline).
        func string() -> String {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 4) { bytes in
                var n = 0
                for k in 0..<count {
                    let c = storage[k]
                    if c < 0x80 {
                        bytes[n] = UInt8(c); n += 1
                    } else if c < 0x800 {
                        bytes[n] = UInt8(0xC0 | c >> 6); bytes[n + 1] = UInt8(0x80 | c & 0x3F); n += 2
                    } else if c < 0x1_0000 {
                        bytes[n] = UInt8(0xE0 | c >> 12); bytes[n + 1] = UInt8(0x80 | c >> 6 & 0x3F)
                        bytes[n + 2] = UInt8(0x80 | c & 0x3F); n += 3
                    } else {
                        bytes[n] = UInt8(0xF0 | c >> 18); bytes[n + 1] = UInt8(0x80 | c >> 12 & 0x3F)
                        bytes[n + 2] = UInt8(0x80 | c >> 6 & 0x3F); bytes[n + 3] = UInt8(0x80 | c & 0x3F)
                        n += 4
                    }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<n]), as: UTF8.self)
            }
        }
    }

    /// A Snowball `among` list: finds the longest listed suffix ending at a position.
    /// Entries are bucketed by their last scalar (Latin-1 only, which covers every suffix)
    /// and sorted longest first, so a lookup scans only a handful of candidates.
    private struct SuffixTable<Action: Sendable>: Sendable {
        private let chars: [UInt32]       // entry k's scalars: chars[starts[k] ..< starts[k] + lengths[k]]
        private let starts: [Int]
        private let lengths: [Int]
        private let actions: [Action]
        private let bucketStart: [Int]    // entries ending in scalar c: bucketStart[c] ..< bucketStart[c + 1]

        init(_ list: [(String, Action)]) {
            let entries = list
                .map { (scalars: $0.0.unicodeScalars.map(\.value), action: $0.1) }
                .sorted { ($0.scalars.last!, $1.scalars.count) < ($1.scalars.last!, $0.scalars.count) }
            var chars: [UInt32] = [], starts: [Int] = [], lengths: [Int] = [], actions: [Action] = []
            var bucketStart = [Int](repeating: 0, count: 257)
            for entry in entries {
                precondition(entry.scalars.last! < 256, "suffix tables are bucketed by Latin-1 scalar")
                starts.append(chars.count)
                lengths.append(entry.scalars.count)
                chars += entry.scalars
                actions.append(entry.action)
                bucketStart[Int(entry.scalars.last!) + 1] += 1
            }
            for c in 0..<256 { bucketStart[c + 1] += bucketStart[c] }
            (self.chars, self.starts, self.lengths, self.actions, self.bucketStart) =
                (chars, starts, lengths, actions, bucketStart)
        }

        /// The longest entry that ends at `end` and starts at or after `limit`.
        func longestMatch(in w: Word, end: Int, limit: Int = 0) -> (start: Int, action: Action)? {
            guard end > limit else { return nil }
            let last = w[end - 1]
            guard last < 256 else { return nil }
            candidates: for k in bucketStart[Int(last)]..<bucketStart[Int(last) + 1] {
                let length = lengths[k]
                let start = end - length
                guard start >= limit else { continue }
                let base = starts[k]
                var j = length - 2  // the last scalar already matched via the bucket
                while j >= 0 {
                    if w[start + j] != chars[base + j] { continue candidates }
                    j -= 1
                }
                return (start, actions[k])
            }
            return nil
        }
    }
}
