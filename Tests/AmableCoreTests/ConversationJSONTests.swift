import Foundation
import Testing
@testable import AmableCore

/// The store's encoder must write what `JSONEncoder` writes (up to key order), so rows written
/// by either read back with `JSONDecoder`.
struct ConversationJSONTests {
    /// JSON text → a value with object members sorted, so key order does not matter.
    private func canonical(_ text: String) throws -> JSONValue {
        func sort(_ v: JSONValue) -> JSONValue {
            switch v {
            case .array(let items): .array(items.map { JSONNode(sort($0.value)) })
            case .object(let members): .object(members.map { JSONMember(key: $0.key, value: JSONNode(sort($0.value.value))) }.sorted { $0.key < $1.key })
            default: v
            }
        }
        return sort(try JSONParser.parse(text).value)
    }

    private func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let states: [Conversation.State] = [
        .start, .idle, .awaitingSlot(intent: "track_order", slot: "order_number", attempts: 2), .clarifying(options: ["a", "b"]),
        .awaitingSatisfaction, .escalated, .closed,
    ]

    /// A conversation with every field set to something other than its default.
    static func full(_ state: Conversation.State) -> Conversation {
        var c = Conversation(id: "c-1 \"quoted\" \u{2028}", language: .en, languageFixed: true, startedAt: Date(timeIntervalSince1970: 1_795_476_600.25))
        c.state = state
        c.mood = 0.3125
        c.turns = 7
        c.updatedAt = Date(timeIntervalSince1970: 1_795_476_700)
        c.slots = ["order_number": "10482", "postal_code": "35001"]
        c.replyCounts = ["greet.welcome": 1, "answer.track_order": 3]
        c.failedUnderstandings = 1
        c.repeats = ["complain": 2]
        c.lastIntent = "track_order"
        c.resolvedSinceSurvey = true
        c.satisfaction = 4
        c.handoff = Handoff(reason: .requested, priority: 2, intent: "contact_human_agent", createdAt: Date(timeIntervalSince1970: 1_795_476_650), supportOpen: false)
        c.offeredPerson = true
        c.heldMessages = 2
        c.callback = "ana@example.com\n612 345 678\t«tarde»"
        return c
    }

    @Test func theFullConversation_setsEveryField() {
        // A field added to Conversation must be set in `full`, or the comparisons below miss it.
        let fresh = Mirror(reflecting: Conversation(id: "x", language: .es, startedAt: Date(timeIntervalSince1970: 0)))
        let full = Mirror(reflecting: Self.full(.idle))
        for (a, b) in zip(fresh.children, full.children) {
            #expect(String(describing: a.value) != String(describing: b.value), "set \(a.label ?? "?") in ConversationJSONTests.full")
        }
        for child in Mirror(reflecting: Self.full(.idle).handoff!).children {
            #expect(String(describing: child.value) != "nil", "set handoff.\(child.label ?? "?") in ConversationJSONTests.full")
        }
    }

    @Test(arguments: states)
    func conversations_encodeAsJSONEncoderDoes(state: Conversation.State) throws {
        let c = Self.full(state)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        for mine in [try c.storeJSON()] {
            #expect(try canonical(mine) == canonical(foundation(c)))
            #expect(try decoder.decode(Conversation.self, from: Data(mine.utf8)) == c)
        }
    }

    @Test func aNewConversation_leavesOutWhatItLacks() throws {
        let c = Conversation(id: "x", language: .es, startedAt: Date(timeIntervalSince1970: 0))
        #expect(try canonical(c.storeJSON()) == canonical(foundation(c)))
    }

    @Test func strings_areEscapedForJSONAndJavaScript() throws {
        let text = "a\"b\\c\n\r\t\u{1}\u{1F}é€…\u{2028}\u{2029}😀"
        #expect("[" + JSONText.quoted(text) + "]" == #"["a\"b\\c\n\r\t\u0001\u001fé€…\u2028\u2029😀"]"#)
        #expect(try JSONParser.parse("[" + JSONText.quoted(text) + "]").array?.first?.string == text)
        // A combining mark after a quote stays where it was.
        #expect(JSONText.quoted("\"\u{301}x") == "\"\\\"\u{301}x\"")
    }

    @Test func nonFiniteNumbers_areRefused() {
        var c = Conversation(id: "x", language: .es, startedAt: Date(timeIntervalSince1970: 0))
        c.mood = .nan
        #expect(throws: EncodingError.self) { try c.storeJSON() }
        c.mood = .infinity
        #expect(throws: EncodingError.self) { try c.storeJSON() }
    }

    @Test func integersAreWrittenAsSwiftWritesThem() {
        for n in [0, 1, 9, 10, 99, 100, 4_096, -1, -10, -4_096, 1_000_000_007, Int.max, Int.min] + (0..<2_000).map({ _ in Int.random(in: Int.min...Int.max) }) {
            var w = JSONBytes()
            w.int(n)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(n))
        }
    }
}
