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
        if isFoldedWord(text) { return text }
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

    /// Decodes well-formed UTF-8 (a `String`'s) fed one byte at a time: cheaper than walking a
    /// `Substring`'s scalars, which checks every index.
    struct ScalarDecoder {
        private var value: UInt32 = 0
        private var pending = 0

        /// The scalar `byte` completes, or nil while one is under way.
        @inline(__always)
        mutating func feed(_ byte: UInt8) -> Unicode.Scalar? {
            if byte < 0x80 { return Unicode.Scalar(byte) }
            if byte >= 0xC0 {
                (value, pending) = byte >= 0xF0 ? (UInt32(byte & 0x07), 3) : byte >= 0xE0 ? (UInt32(byte & 0x0F), 2) : (UInt32(byte & 0x1F), 1)
                return nil
            }
            value = value << 6 | UInt32(byte & 0x3F)
            pending -= 1
            return pending == 0 ? Unicode.Scalar(value) : nil
        }
    }

    /// The scalar that starts at byte `i` of well-formed UTF-8 (a `String`'s), moving `i` past it.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: inout Int) -> Unicode.Scalar {
        let b0 = UInt32(bytes[i])
        let v: UInt32
        if b0 < 0x80 {
            i += 1
            return Unicode.Scalar(UInt8(b0))
        } else if b0 < 0xE0 {
            v = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            i += 2
        } else if b0 < 0xF0 {
            v = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
            i += 3
        } else {
            v = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
            i += 4
        }
        return Unicode.Scalar(v) ?? "\u{FFFD}"
    }

    /// Appends the UTF-8 bytes of `s` at `out[n...]`, moving `n` past them.
    @inline(__always)
    static func encode(_ s: Unicode.Scalar, into out: UnsafeMutablePointer<UInt8>, at n: inout Int) {
        let v = s.value
        if v < 0x80 {
            out[n] = UInt8(v); n += 1
        } else if v < 0x800 {
            out[n] = UInt8(0xC0 | v >> 6); out[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
        } else if v < 0x10000 {
            out[n] = UInt8(0xE0 | v >> 12); out[n + 1] = UInt8(0x80 | v >> 6 & 0x3F); out[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
        } else {
            out[n] = UInt8(0xF0 | v >> 18); out[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
            out[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); out[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
        }
    }

    /// True when `text` is lowercase ASCII letters and digits only: folded already, one word.
    /// Read through `withUTF8` (a short string's bytes are copied to the stack): iterating
    /// `utf8` cost a few hundred instructions a word, and 35,000 lexicon words are folded at load.
    static func isFoldedWord(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for b in bytes where !((b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)) { return false }
            return true
        }
    }

    /// Words of an already folded phrase.
    public static func words(_ folded: String) -> [String] {
        // ASCII (nearly all data) splits on the byte, which is much faster; other text on the
        // character, as a space may begin a grapheme cluster there.
        var text = folded
        let ascii: [String]? = text.withUTF8 { bytes in
            var out: [String] = []
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                guard b == 0x20 else { continue }
                if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
            if bytes.count > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
            return out
        }
        return ascii ?? folded.split(separator: " ").map(String.init)
    }
}
