/// Snowball English ("Porter2") stemmer, a faithful port of https://snowballstem.org/algorithms/english/stemmer.html
/// (Snowball 3.1 `english.sbl`: exceptional forms, R1 exceptions, apostrophes, consonant-y marking).
///
/// The word is copied once into a stack buffer of Unicode scalar values. After the prelude
/// (which may drop a leading apostrophe and marks consonant y as `Y`), every step works
/// backwards from the end of the word, so edits are "cut the tail, maybe append a few
/// letters" and the region marks R1/R2 computed up front stay valid.
public enum EnglishStemmer {

    /// Returns the Snowball stem of one lowercase English word.
    ///
    /// Like Snowball, the input is not lowercased: pass lowercase text. Words shorter than
    /// three characters come back unchanged; any scalars are accepted (non-letters simply
    /// count as consonants).
    public static func stem(_ word: String) -> String {
        let capacity = word.utf8.count + 1  // scalars <= UTF-8 bytes; +1 for an appended "e"
        if capacity < 4 { return word }     // fewer than 3 scalars: Snowball's `not hop 3`
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { storage in
            var w = Word(storage, from: word)
            if w.count < 3 { return word }
            if let exception = exceptionalForm(w) { return exception }
            stem(&w)
            return w.string()
        }
    }

    // MARK: - Algorithm

    private static func stem(_ w: inout Word) {
        // Prelude: drop one leading apostrophe, then mark y as consonant (Y) at the start of
        // the word and after a vowel, so the vowel tests below treat it as one.
        if w[0] == apostrophe { w.removeFirst() }
        var foundY = false
        for k in 0..<w.count where w[k] == y && (k == 0 || isVowel(w[k - 1])) {
            w[k] = Y
            foundY = true
        }

        let r = markRegions(w)
        step1a(&w)
        step1b(&w, r)
        step1c(&w)
        step2(&w, r)
        step3(&w, r)
        step4(&w, r)
        step5(&w, r)

        // Postlude: consonant Y back to y.
        if foundY {
            for k in 0..<w.count where w[k] == Y { w[k] = y }
        }
    }

    /// Start offsets of R1 and R2 (`count` when a region is empty).
    private struct Regions {
        let r1: Int, r2: Int
    }

    private static func markRegions(_ w: Word) -> Regions {
        let n = w.count
        // Words starting with these stems get R1 right after the stem, so e.g. "general",
        // "generous" and "generate" keep distinct stems instead of all becoming "gener".
        var p1: Int? = nil
        for prefix in r1Exceptions where w.hasPrefix(prefix) {
            p1 = prefix.count
            break
        }
        guard let r1 = p1 ?? w.regionStart(from: 0) else { return Regions(r1: n, r2: n) }
        return Regions(r1: r1, r2: w.regionStart(from: r1) ?? n)
    }

    /// Whole words with a fixed stem (Snowball's `exception1`), checked before anything else.
    private static func exceptionalForm(_ w: Word) -> String? {
        guard w.count <= 6 else { return nil }
        for (form, stem) in exceptionalForms where w.equals(form) {
            return stem
        }
        return nil
    }

    // Step 1a: possessive apostrophes, then plural -s.
    private static func step1a(_ w: inout Word) {
        if let m = apostropheSuffixes.longestMatch(in: w, end: w.count) { w.count = m.start }
        guard let m = pluralSuffixes.longestMatch(in: w, end: w.count) else { return }
        let s = m.start
        switch m.action {
        case .sses:
            w.count = s + 2  // "sses" -> "ss"
        case .ies:
            // "ties" -> "tie" but "cries" -> "cri": keep "ie" only for very short words.
            w.replace(from: s, with: s >= 2 ? [i] : [i, e])
        case .s:
            // Drop -s if a vowel occurs before the letter preceding it ("gas" and "this" stay).
            guard s >= 2, w.lastIndex(before: s - 1, where: isVowel) != nil else { return }
            w.count = s
        case .keep:  // "-us", "-ss"
            break
        }
    }

    // Step 1b: -eed, -ed, -ing and their -ly forms.
    private static func step1b(_ w: inout Word, _ r: Regions) {
        guard let m = step1bSuffixes.longestMatch(in: w, end: w.count) else { return }
        let s = m.start
        switch m.action {
        case .eed:
            // "proceed", "exceed", "succeed" are left alone; otherwise -eed(ly) -> -ee in R1.
            if s >= r.r1 && !eedExceptions.contains(where: { w.equals($0, upTo: s) }) {
                w.replace(from: s, with: [e, e])
            }
            return
        case .ing:
            // "dying" -> "die" (consonant + y + ing), and "inning", "evening", ... stay whole.
            if s == 2 && w[1] == y && !isVowel(w[0]) {
                w.replace(from: 1, with: [i, e])
                return
            }
            if ingExceptions.contains(where: { w.equals($0, upTo: s) }) { return }
        case .ed:
            break
        }

        // -ed/-edly/-ing/-ingly: removed only if the rest contains a vowel.
        guard w.lastIndex(before: s, where: isVowel) != nil else { return }
        w.count = s
        let n = s
        if n >= 2, let tail = step1bFixups.longestMatch(in: w, end: n), tail.start == n - 2 {
            switch tail.action {
            case .addE:  // "luxuriat" -> "luxuriate", "troubl" -> "trouble", "siz" -> "size"
                w.append(e)
            case .undouble:  // "hopp" -> "hop", but not "add", "egg", "err", "off", "odd"
                if !(n == 3 && isAEO(w[0])) { w.count = n - 1 }
            }
        } else if n == r.r1 && isShortSyllable(w, end: n) {
            w.append(e)  // a short word: "hop" -> "hope"
        }
    }

    // Step 1c: final y/Y after a consonant (not the first letter) -> i ("cry" -> "cri").
    private static func step1c(_ w: inout Word) {
        let n = w.count
        guard n >= 3, w[n - 1] == y || w[n - 1] == Y, !isVowel(w[n - 2]) else { return }
        w[n - 1] = i
    }

    private static func step2(_ w: inout Word, _ r: Regions) {
        guard let m = step2Suffixes.longestMatch(in: w, end: w.count), m.start >= r.r1 else { return }
        let s = m.start
        switch m.action {
        case .replace(let replacement):
            w.replace(from: s, with: replacement)
        case .ogi:  // "-logi" -> "-log"
            if s >= 1 && w[s - 1] == l { w.count = s + 2 }
        case .li:  // "-li" after a valid li-ending letter
            if s >= 1 && isValidLIEnding(w[s - 1]) { w.count = s }
        }
    }

    private static func step3(_ w: inout Word, _ r: Regions) {
        guard let m = step3Suffixes.longestMatch(in: w, end: w.count), m.start >= r.r1 else { return }
        switch m.action {
        case .replace(let replacement):
            w.replace(from: m.start, with: replacement)
        case .deleteInR2:  // "-ative"
            if m.start >= r.r2 { w.count = m.start }
        }
    }

    private static func step4(_ w: inout Word, _ r: Regions) {
        guard let m = step4Suffixes.longestMatch(in: w, end: w.count), m.start >= r.r2 else { return }
        switch m.action {
        case .delete:
            w.count = m.start
        case .ion:  // only "-sion" and "-tion" lose "ion"
            if m.start >= 1 && (w[m.start - 1] == s || w[m.start - 1] == t) { w.count = m.start }
        }
    }

    // Step 5: final e in R2, or in R1 unless it follows a short syllable; -ll in R2 -> -l.
    private static func step5(_ w: inout Word, _ r: Regions) {
        let n = w.count
        guard n >= 1 else { return }
        if w[n - 1] == e {
            if n - 1 >= r.r2 || (n - 1 >= r.r1 && !isShortSyllable(w, end: n - 1)) { w.count = n - 1 }
        } else if w[n - 1] == l {
            if n - 1 >= r.r2 && n >= 2 && w[n - 2] == l { w.count = n - 1 }
        }
    }

    /// Snowball's `shortv` at `end`: consonant-vowel-consonant (the last not w, x or Y), or a
    /// word that is vowel-consonant, or one ending in "past" ("pasted" -> "paste").
    private static func isShortSyllable(_ w: Word, end n: Int) -> Bool {
        if n >= 3 && !isVowelWXY(w[n - 1]) && isVowel(w[n - 2]) && !isVowel(w[n - 3]) { return true }
        if n == 2 && !isVowel(w[1]) && isVowel(w[0]) { return true }
        return w.equals(past, upTo: n, suffixOnly: true)
    }

    // MARK: - Letters

    private static let apostrophe: UInt32 = 0x27
    private static let e: UInt32 = 0x65, i: UInt32 = 0x69, l: UInt32 = 0x6C
    private static let s: UInt32 = 0x73, t: UInt32 = 0x74, y: UInt32 = 0x79, Y: UInt32 = 0x59
    private static let past: [UInt32] = scalars("past")

    /// Snowball's `v`: a e i o u y (a marked consonant `Y` is not a vowel).
    @inline(__always)
    private static func isVowel(_ c: UInt32) -> Bool {
        switch c {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: return true
        default: return false
        }
    }

    /// Snowball's `v_WXY`: vowels plus w, x and Y.
    private static func isVowelWXY(_ c: UInt32) -> Bool {
        isVowel(c) || c == 0x77 || c == 0x78 || c == Y
    }

    private static func isAEO(_ c: UInt32) -> Bool { c == 0x61 || c == 0x65 || c == 0x6F }

    /// Snowball's `valid_LI`: c d e g h k m n r t.
    private static func isValidLIEnding(_ c: UInt32) -> Bool {
        switch c {
        case 0x63, 0x64, 0x65, 0x67, 0x68, 0x6B, 0x6D, 0x6E, 0x72, 0x74: return true
        default: return false
        }
    }

    private static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    // MARK: - Tables (from english.sbl)

    private static let exceptionalForms: [(form: [UInt32], stem: String)] = [
        ("skis", "ski"), ("skies", "sky"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"), ("early", "earli"),
        ("only", "onli"), ("singly", "singl"),
        // invariant forms
        ("sky", "sky"), ("news", "news"), ("howe", "howe"),
        ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    ].map { (form: scalars($0.0), stem: $0.1) }

    private static let r1Exceptions: [[UInt32]] =
        ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"].map(scalars)

    private static let eedExceptions: [[UInt32]] = ["proc", "exc", "succ"].map(scalars)
    private static let ingExceptions: [[UInt32]] =
        ["inn", "out", "cann", "herr", "earr", "even"].map(scalars)

    private enum ApostropheAction: Sendable { case delete }
    private static let apostropheSuffixes = SuffixTable<ApostropheAction>([
        ("'", .delete), ("'s", .delete), ("'s'", .delete),
    ])

    private enum PluralAction: Sendable { case sses, ies, s, keep }
    private static let pluralSuffixes = SuffixTable<PluralAction>([
        ("sses", .sses), ("ied", .ies), ("ies", .ies), ("s", .s), ("us", .keep), ("ss", .keep),
    ])

    private enum Step1bAction: Sendable { case eed, ed, ing }
    private static let step1bSuffixes = SuffixTable<Step1bAction>([
        ("eed", .eed), ("eedly", .eed), ("ed", .ed), ("edly", .ed), ("ingly", .ed), ("ing", .ing),
    ])

    private enum FixupAction: Sendable { case addE, undouble }
    private static let step1bFixups = SuffixTable<FixupAction>(
        [("at", .addE), ("bl", .addE), ("iz", .addE)]
        // Double c, h, j, k, q, v, w and x are left alone.
        + ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].map { ($0, .undouble) }
    )

    private enum ReplaceAction: Sendable { case replace([UInt32]), ogi, li }
    private static let step2Suffixes = SuffixTable<ReplaceAction>([
        ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
        ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("aliti", "al"), ("alli", "al"), ("fulness", "ful"),
        ("ousli", "ous"), ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"),
        ("biliti", "ble"), ("bli", "ble"), ("ogist", "og"), ("fulli", "ful"), ("lessli", "less"),
    ].map { ($0.0, .replace(scalars($0.1))) } + [("ogi", .ogi), ("li", .li)])

    private enum Step3Action: Sendable { case replace([UInt32]), deleteInR2 }
    private static let step3Suffixes = SuffixTable<Step3Action>([
        ("tional", "tion"), ("ational", "ate"), ("alize", "al"),
        ("icate", "ic"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ].map { ($0.0, .replace(scalars($0.1))) } + [("ative", .deleteInR2)])

    private enum Step4Action: Sendable { case delete, ion }
    private static let step4Suffixes = SuffixTable<Step4Action>(
        ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
         "ism", "ate", "iti", "ous", "ive", "ize"].map { ($0, .delete) }
        + [("ion", .ion)]
    )

    // MARK: - Word buffer and suffix tables

    /// The word being stemmed: scalar values in caller-provided stack storage.
    private struct Word {
        private let storage: UnsafeMutableBufferPointer<UInt32>
        /// Current length; after the prelude, steps only shorten or rewrite the tail.
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

        subscript(k: Int) -> UInt32 {
            get { storage[k] }
            nonmutating set { storage[k] = newValue }
        }

        mutating func removeFirst() {
            for k in 1..<count { storage[k - 1] = storage[k] }
            count -= 1
        }

        mutating func append(_ c: UInt32) {
            storage[count] = c
            count += 1
        }

        mutating func replace(from start: Int, with replacement: [UInt32]) {
            count = start
            for c in replacement { append(c) }
        }

        func hasPrefix(_ prefix: [UInt32]) -> Bool {
            guard prefix.count <= count else { return false }
            for k in 0..<prefix.count where storage[k] != prefix[k] { return false }
            return true
        }

        /// Whether `storage[..<end]` is exactly `other` (or, with `suffixOnly`, ends with it).
        func equals(_ other: [UInt32], upTo end: Int, suffixOnly: Bool = false) -> Bool {
            let start = end - other.count
            guard start == 0 || (suffixOnly && start > 0) else { return false }
            for k in 0..<other.count where storage[start + k] != other[k] { return false }
            return true
        }

        func equals(_ other: [UInt32]) -> Bool { equals(other, upTo: count) }

        func lastIndex(before end: Int, where predicate: (UInt32) -> Bool) -> Int? {
            var k = end - 1
            while k >= 0 {
                if predicate(storage[k]) { return k }
                k -= 1
            }
            return nil
        }

        /// Snowball's `gopast v gopast non-v`: the index after the first non-vowel that follows
        /// a vowel, searching from `start`.
        func regionStart(from start: Int) -> Int? {
            var k = start
            while k < count && !isVowel(storage[k]) { k += 1 }
            k += 1
            while k < count && isVowel(storage[k]) { k += 1 }
            return k < count ? k + 1 : nil
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
    /// Entries are bucketed by their last (ASCII) scalar and sorted longest first, so a
    /// lookup scans only a handful of candidates.
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
            var bucketStart = [Int](repeating: 0, count: 129)
            for entry in entries {
                precondition(entry.scalars.last! < 128, "suffix tables are bucketed by ASCII scalar")
                starts.append(chars.count)
                lengths.append(entry.scalars.count)
                chars += entry.scalars
                actions.append(entry.action)
                bucketStart[Int(entry.scalars.last!) + 1] += 1
            }
            for c in 0..<128 { bucketStart[c + 1] += bucketStart[c] }
            (self.chars, self.starts, self.lengths, self.actions, self.bucketStart) =
                (chars, starts, lengths, actions, bucketStart)
        }

        /// The longest entry that ends at `end`.
        func longestMatch(in w: Word, end: Int) -> (start: Int, action: Action)? {
            guard end > 0 else { return nil }
            let last = w[end - 1]
            guard last < 128 else { return nil }
            candidates: for k in bucketStart[Int(last)]..<bucketStart[Int(last) + 1] {
                let length = lengths[k]
                let start = end - length
                guard start >= 0 else { continue }
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
