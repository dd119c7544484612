import Testing
@testable import AmableCore

/// The data structures behind the matcher's speed: interned words, per-id lists, and the hashed
/// typo index, which must find exactly the corrections the string-keyed index found.
@Suite struct WordStructuresTests {
    func makeTable(_ words: [String]) -> WordTable {
        var table = WordTable()
        for w in words { table.intern(w) }
        return table
    }

    @Test func wordTable_givesEachWordOneID_andFindsItByStringOrBytes() {
        let words = (0..<2_000).map { "w\($0)" } + ["", "ñandú", "pedido", "contraseña"]
        var table = makeTable(words)
        #expect(table.count == words.count)
        for (i, w) in words.enumerated() {
            #expect(table.id(of: w) == Int32(i))
            #expect(table.words[i] == w)
            var bytes = w
            #expect(bytes.withUTF8 { table.id(of: $0) } == Int32(i))
        }
        #expect(table.intern("pedido") == Int32(words.firstIndex(of: "pedido")!))
        #expect(table.count == words.count)
    }

    @Test func wordTable_findsNothing_forWordsNeverInterned() {
        let table = makeTable(["pedido", "pedidos", "ped"])
        #expect(table.id(of: "pedid") == nil)
        #expect(table.id(of: "pedidoss") == nil)
        #expect(table.id(of: "Pedido") == nil)
    }

    @Test func idLists_keepEachIDsList_andAreEmptyElsewhere() {
        let lists = IDLists<Int32>([0: [7, 8], 2: [9]], count: 4)
        #expect(lists.range(0).map { lists[$0] } == [7, 8])
        #expect(lists.range(1).isEmpty)
        #expect(lists.range(2).map { lists[$0] } == [9])
        #expect(lists.range(3).isEmpty)
        #expect(lists.range(4).isEmpty)
        #expect(lists.range(-1).isEmpty)
        #expect(IDLists<Int32>([[1], [], [2, 3]]).range(2).count == 2)
    }

    @Test func deletionIndex_isVariant_meansEqualOrOneScalarDeleted() {
        func s(_ t: String) -> [Unicode.Scalar] { Array(t.unicodeScalars) }
        #expect(DeletionIndex.isVariant(s("pedido"), of: s("pedido")))
        #expect(DeletionIndex.isVariant(s("pedio"), of: s("pedido")))
        #expect(DeletionIndex.isVariant(s("edido"), of: s("pedido")))
        #expect(!DeletionIndex.isVariant(s("pdio"), of: s("pedido")))
        #expect(!DeletionIndex.isVariant(s("pedidos"), of: s("pedido")))
    }

    @Test func phoneticKey_equalsTheScalarViewVersion() throws {
        let vocabulary = try #require(BundledData.bot.understander.matchers[.es]).normalizer.vocabulary
        let samples = ["", "h", "hh", "llamar", "quiero", "cheque", "xilofono", "zapatillas", "vvwwbb", "gente", "ñandú",
                       "cccc", "accion", "holaaa", "pedidoo", "qu", "ll", "ge", "ḡḡx"]
        for word in vocabulary.words + samples {
            #expect(Vocabulary.phoneticKey(word) == Self.referencePhoneticKey(word), "\(word)")
        }
        #expect(Vocabulary.phoneticKey("vaya") == Vocabulary.phoneticKey("valla"))
        #expect(Vocabulary.phoneticKey("hacer") == "aser")
    }

    /// `Vocabulary.phoneticKey` as it was: a scalar view built, then doubled letters collapsed.
    static func referencePhoneticKey(_ word: String) -> String {
        let s = Array(word.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            switch c {
            case "v", "w": out.append("b")
            case "z": out.append("s")
            case "c":
                if next == "e" || next == "i" { out.append("s") } else if next == "h" { out.append("x"); i += 1 } else { out.append("k") }
            case "q":
                out.append("k")
                if next == "u" { i += 1 }
            case "h": break
            case "l" where next == "l": out.append("y"); i += 1
            case "g" where next == "e" || next == "i": out.append("j")
            case "x" where i == 0: out.append("s")
            default: out.append(c)
            }
            i += 1
        }
        var collapsed = String.UnicodeScalarView()
        for c in out where collapsed.last != c { collapsed.append(c) }
        return String(collapsed)
    }

    @Test(arguments: [Language.es, .en])
    func typoCorrection_findsWhatTheStringIndexFound(language: Language) throws {
        let vocabulary = try #require(BundledData.bot.understander.matchers[language]).normalizer.vocabulary
        let reference = ReferenceCorrector(vocabulary)
        var typos: [String] = []
        for (n, word) in vocabulary.words.enumerated() where n % 5 == 0 && word.count >= 4 {
            let c = Array(word), mid = c.count / 2
            typos.append(String(c[..<mid] + c[(mid + 1)...]))                         // deletion
            typos.append(String(c[..<(mid - 1)] + [c[mid], c[mid - 1]] + c[(mid + 1)...])) // transposition
            typos.append(String(c[..<mid] + ["x"] + c[(mid + 1)...]))                 // substitution
            typos.append(String(c[..<mid] + ["e"] + c[mid...]))                       // insertion
            if c.count >= 8 { typos.append(String(c[..<(mid - 1)] + ["q", "q"] + c[(mid + 1)...])) } // two edits
        }
        var corrected = 0
        for typo in typos {
            let found = vocabulary.correction(for: typo)
            #expect(found == reference.correction(for: typo), "\(typo)")
            if found != nil { corrected += 1 }
        }
        #expect(corrected > typos.count / 2)
    }
}

/// The typo search as it was before `DeletionIndex`: every deletion variant of every word as a
/// string key, in the vocabulary's word order. Kept here as the oracle the index must agree with.
private struct ReferenceCorrector {
    let vocabulary: Vocabulary
    var deletes: [String: [String]] = [:]
    var phonetic: [String: String] = [:]
    var byHeadAndLength: [String: [(word: String, scalars: [Unicode.Scalar])]] = [:]

    init(_ vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        let frequency = vocabulary.frequency
        for word in vocabulary.words where word.count >= 3 && word.first!.isLetter {
            for variant in Self.deletionVariants(of: word) { deletes[variant, default: []].append(word) }
            deletes[word, default: []].append(word)
            if word.count >= 7 {
                byHeadAndLength["\(word.prefix(2))\(word.count)", default: []].append((word, Array(word.unicodeScalars)))
            }
            if vocabulary.language == .es {
                let key = Vocabulary.phoneticKey(word)
                if let existing = phonetic[key], frequency[existing, default: 0] >= frequency[word, default: 0] { continue }
                phonetic[key] = word
            }
        }
    }

    static func deletionVariants(of word: String) -> [String] {
        let chars = Array(word)
        guard chars.count > 1 else { return [] }
        return chars.indices.map { i in
            var copy = chars
            copy.remove(at: i)
            return String(copy)
        }
    }

    func correction(for word: String) -> String? {
        let length = word.count
        guard length >= 4, word.unicodeScalars.allSatisfy({ ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x80 && $0.properties.isAlphabetic) }) else { return nil }
        if vocabulary.language == .es, let sound = phonetic[Vocabulary.phoneticKey(word)] { return sound }
        var best: (word: String, score: Int)?
        func consider(_ candidate: String) {
            let f = vocabulary.frequency[candidate, default: 0]
            if best == nil || f > best!.score { best = (candidate, f) }
        }
        let scalars = Array(word.unicodeScalars)
        var seen = Set<String>()
        var likely: (word: String, score: Int)?
        for variant in [word] + Self.deletionVariants(of: word) {
            for candidate in deletes[variant] ?? [] where seen.insert(candidate).inserted {
                let c = Array(candidate.unicodeScalars)
                guard Vocabulary.distance(scalars, c, limit: 1) <= 1 else { continue }
                let f = vocabulary.frequency[candidate, default: 0]
                if Vocabulary.isLikelySlip(scalars, c), likely == nil || f > likely!.score { likely = (candidate, f) }
                consider(candidate)
            }
        }
        if let likely { return likely.word }
        if best == nil, length >= 9 {
            let head = String(word.prefix(2))
            for len in (length - 2)...(length + 2) {
                for candidate in byHeadAndLength["\(head)\(len)"] ?? [] where Vocabulary.distance(scalars, candidate.scalars, limit: 2) <= 2 {
                    consider(candidate.word)
                }
            }
        }
        return best?.word
    }
}

/// Typos a thumb makes win over letters far away on the keyboard.
struct TypoSlipTests {
    @Test func aLetterLeftOut_beatsAFarKey_evenForARarerWord() {
        var vocabulary = Vocabulary(language: .en)
        for _ in 0..<5 { vocabulary.add("when") }
        vocabulary.add("where")
        vocabulary.seal()
        // `wher`: "where" with its last letter left out, or "when" with n typed as r (far apart).
        #expect(vocabulary.correction(for: "wher") == "where")
        // `whem`: m sits beside n, so the frequent "when" stays the answer.
        #expect(vocabulary.correction(for: "whem") == "when")
    }

    @Test func swappedLetters_andDoubleTaps_areSlips() {
        #expect(Vocabulary.isLikelySlip(Array("intentnado".unicodeScalars), Array("intentando".unicodeScalars)))
        #expect(Vocabulary.isLikelySlip(Array("pedidoo".unicodeScalars), Array("pedido".unicodeScalars)))
        #expect(Vocabulary.isLikelySlip(Array("pedidp".unicodeScalars), Array("pedido".unicodeScalars)))   // p beside o
        #expect(!Vocabulary.isLikelySlip(Array("pedidz".unicodeScalars), Array("pedido".unicodeScalars)))  // z is far from o
        #expect(Vocabulary.isLikelySlip(Array("pedidi".unicodeScalars), Array("pedido".unicodeScalars)))   // i beside o
        #expect(Vocabulary.keysTouch("l", "ñ") && Vocabulary.keysTouch("a", "z") && !Vocabulary.keysTouch("a", "p"))
    }
}

/// A typo equally close to two equally frequent words is corrected the same way in every
/// process (the dictionary's order changes with Swift's per-process hash seed).
struct TypoTieTests {
    @Test func ties_goToTheAlphabeticallyFirstWord() {
        let pairs = [("casa", "cosa"), ("pago", "pato"), ("mesa", "misa"), ("talla", "tella"), ("lana", "luna"),
                     ("bota", "nota"), ("cama", "rama"), ("gato", "guto"), ("sello", "sillo"), ("rojo", "ropo"),
                     ("caja", "cata"), ("peso", "piso"), ("malo", "mulo"), ("pelo", "polo"), ("cara", "cera"),
                     ("dedo", "dado"), ("vaso", "viso"), ("hora", "hura"), ("fila", "fula"), ("lata", "leta")]
        for (a, b) in pairs {
            // One vocabulary per pair: `caxa` would otherwise go to `casa` of another pair (x
            // sits beside s on the keyboard), which is right, but not what this test is about.
            var vocabulary = Vocabulary(language: .en)
            vocabulary.add(b)
            vocabulary.add(a)
            vocabulary.seal()
            // The typo differs from both words in the same letter: `cxsa` is one edit from `casa` and `cosa`.
            var typo = Array(a)
            let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }!.offset
            typo[i] = "x"
            #expect(vocabulary.correction(for: String(typo)) == min(a, b), "\(String(typo)) between \(a) and \(b)")
        }
    }
}
