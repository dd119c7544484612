/// Picks the Snowball stemmer for a language.
public enum Stemmer {
    @inline(__always)
    public static func stem(_ word: String, language: Language) -> String {
        // Digits and placeholders are not words to stem.
        guard let first = word.utf8.first, first >= UInt8(ascii: "a") else { return word }
        switch language {
        case .es: return SpanishStemmer.stem(word)
        case .en: return EnglishStemmer.stem(word)
        }
    }
}
