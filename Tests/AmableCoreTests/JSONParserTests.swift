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
