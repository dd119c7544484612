/// Case and accent folding: customers type `devolucion`, `DEVOLUCIÓN` and `devolución` alike.
public enum TextFolding {
    /// Folds one scalar to lowercase ASCII where a Latin base letter exists; `ñ` folds to `n`
    /// because chat users on phones without a Spanish keyboard write `contrasena`.
    /// Returns `nil` for scalars that are not letters or digits (separators).
    @inline(__always)
    static func foldScalar(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        let v = s.value
        if v < 0x80 {
            switch v {
            case 0x41...0x5A: return Unicode.Scalar(v + 0x20)
            case 0x61...0x7A, 0x30...0x39: return s
            default: return nil
            }
        }
        switch s {
        case "á", "à", "â", "ä", "ã", "å", "Á", "À", "Â", "Ä", "Ã", "Å", "ª": return "a"
        case "é", "è", "ê", "ë", "É", "È", "Ê", "Ë": return "e"
        case "í", "ì", "î", "ï", "Í", "Ì", "Î", "Ï": return "i"
        case "ó", "ò", "ô", "ö", "õ", "Ó", "Ò", "Ô", "Ö", "Õ", "º": return "o"
        case "ú", "ù", "û", "ü", "Ú", "Ù", "Û", "Ü": return "u"
        case "ñ", "Ñ": return "n"
        case "ç", "Ç": return "c"
        case "ý", "ÿ", "Ý": return "y"
        default:
            // Other letters (Greek, Cyrillic, CJK) are kept lowercased so they form words
            // that simply match nothing; combining marks are dropped.
            if s.properties.isAlphabetic {
                if s.properties.generalCategory == .nonspacingMark { return nil }
                return s.properties.lowercaseMapping.unicodeScalars.first ?? s
            }
            return nil
        }
    }

    /// `foldScalar` for ASCII as a byte: the folded letter or digit, 0 for a separator; nil for
    /// other scalars. The hot loops test this first and leave Unicode properties to the rest.
    @inline(__always)
    static func asciiFolded(_ s: Unicode.Scalar) -> UInt8? {
        let v = s.value
        guard v < 0x80 else { return nil }
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { return UInt8(v) }
        return v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : 0
    }

    /// Lowercase, accent-free form of a word or phrase, with runs of separators as one space.
    public static func fold(_ text: String) -> String {
        // Most data words are folded already: a lowercase ASCII word needs no work.
        if text.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) { return text }
        // Built as UTF-8 bytes: appending to a `String.UnicodeScalarView` cost more than the
        // folding (27,000 known Spanish words are folded at every load).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
            if let f = foldScalar(scalar) {
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                UTF8.encode(f) { out.append($0) }
            } else if scalar == "'" || scalar == "’" {
                continue // don't -> dont: the lexicon's slang table expands it
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the UTF-8 bytes of each word of `fold(text)`, without building strings.
    static func forEachFoldedWord(in text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        func emit() {
            guard !word.isEmpty else { return }
            word.withUnsafeBufferPointer(body)
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            if let ascii = asciiFolded(scalar) {
                if ascii > 0 { word.append(ascii) } else if scalar != "'" { emit() }
                continue
            }
            if scalar.value >= 0x300, scalar.properties.generalCategory == .nonspacingMark { continue }
            if let f = foldScalar(scalar) {
                word.append(contentsOf: String(f).utf8)
            } else if scalar != "’" {
                emit()
            }
        }
        emit()
    }

    /// Words of an already folded phrase.
    public static func words(_ folded: String) -> [String] {
        // ASCII (nearly all data) splits on the byte, which is much faster; other text on the
        // character, as a space may begin a grapheme cluster there.
        if folded.utf8.allSatisfy({ $0 < 0x80 }) {
            return folded.utf8.split(separator: 0x20).map { String(Substring($0)) }
        }
        return folded.split(separator: " ").map(String.init)
    }
}
