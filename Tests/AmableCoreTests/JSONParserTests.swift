import Testing
@testable import AmableCore

@Suite struct JSONParserTests {
    @Test func parse_readsNestedValues_andTheirLines() throws {
        let node = try JSONParser.parse("{\n\"a\": [1, 2.5, true, null],\n\"b\": {\"c\": \"é\\u00e9\\n\"}\n}")
        #expect(node["a"]?.array?.count == 4)
        #expect(node["a"]?.line == 2)
        #expect(node["b"]?["c"]?.string == "éé\n")
        #expect(node["b"]?.line == 3)
    }

    /// The parser's UTF-8 check against the standard library's validating initializer, on
    /// random bytes biased towards the edges of Table 3-7 (overlongs, surrogates, > U+10FFFF).
    @Test func utf8Validation_agreesWithTheStandardLibrary() throws {
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                                    0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF, 0xC3, 0xA9, 0xB1]
        var state: UInt64 = 0x5EED_2026_1123
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var valid = 0
        for _ in 0..<60_000 {
            let bytes = (0..<Int(next() % 7)).map { _ in next() % 4 == 0 ? UInt8(truncatingIfNeeded: next()) : interesting[Int(next() % UInt64(interesting.count))] }
            let mine = bytes.withUnsafeBufferPointer(UTF8Validation.string)
            let theirs = String(validating: bytes, as: UTF8.self)
            #expect(mine == theirs, "\(bytes.map { String($0, radix: 16) })")
            if theirs != nil { valid += 1 }
        }
        #expect(valid > 5_000 && valid < 55_000, "both valid and invalid sequences are tried")
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }  // a surrogate, raw
        #expect(try JSONParser.parse(Array("\"ñandú 😀\"".utf8)).string == "ñandú 😀")
    }

    @Test func parse_decodesSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#).string == "😀")
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1), ("[1, 2", 1), ("\n\n{\"a\" 1}", 3), ("\"abc", 1), ("[01x]", 1), ("{\"a\": tru}", 1),
        (#""\ud800""#, 1), ("[1] [2]", 1), ("", 1), ("\"\u{1}\"", 1),
    ])
    func parse_failsWithLine_whenMalformed(text: String, line: Int) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.line == line) }
    }

    @Test func parse_refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
    }

    @Test func parse_refusesOversizedDocuments() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse("[1,2,3]", limits: .init(maxBytes: 3)) }
    }

    @Test func serialized_roundTrips() throws {
        let value = JSONValue.obj([("t", .string("a\"b\\c\n\u{1}é")), ("n", .int(3)), ("x", .number(0.25)), ("l", .arr([.bool(true), .null]))])
        let text = value.serialized()
        #expect(text == #"{"t":"a\"b\\c\n\u0001é","n":3,"x":0.25,"l":[true,null]}"#)
        #expect(try JSONParser.parse(text).value == JSONParser.parse(text).value)
    }
}
