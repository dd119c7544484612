import AmableCore
import Foundation

/// How values are turned into the JSON columns of the store (conversation bodies, summaries):
/// the shape `JSONEncoder` gives them, dates as seconds since 1970, written by our own
/// encoder (every turn encodes its conversation; Foundation's encoder cost an eighth of a turn).
enum StoreCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        if let conversation = value as? Conversation { return try conversation.storeJSON() }
        return try JSONTextEncoder.encode(value)
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
