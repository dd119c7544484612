import AmableCore
import Foundation

/// How values are turned into the JSON columns of the store (conversation bodies, summaries),
/// dates as seconds since 1970. Conversations, saved on every turn, are written by hand in the
/// same shape (`JSONEncoder` cost an eighth of a turn); the rest (a ticket's summary, once per
/// handoff) goes through `JSONEncoder`.
enum StoreCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        if let conversation = value as? Conversation { return try conversation.storeJSON() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.sqlite("\(what) cannot be read back: \(error)")
        }
    }
}
