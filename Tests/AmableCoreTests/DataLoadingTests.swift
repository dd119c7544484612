import Foundation
import Testing
@testable import AmableCore

@Suite struct DataLoadingTests {
    func problems(_ breakIt: (DataFixture) throws -> Void) throws -> [String] {
        let fixture = try DataFixture()
        defer { fixture.cleanUp() }
        try breakIt(fixture)
        return fixture.load().1.map(\.description)
    }

    @Test func load_reportsNoProblems_whenDataIsValid() throws {
        #expect(try problems { _ in }.isEmpty)
    }

    @Test func load_namesFileAndLine_whenJSONIsMalformed() throws {
        let found = try problems { try $0.write("Intents/es/greet.json", "{\n  \"intent\": \"greet\",\n  \"examples\": [\"hola\",]\n}") }
        #expect(found.contains { $0.hasPrefix("Intents/es/greet.json:3: malformed JSON") })
    }

    @Test func load_reportsIntent_whenItHasNoResponsesInALanguage() throws {
        let found = try problems { f in
            try f.write("Intents/en/greet.json", #"{"intent": "greet", "description": "x", "examples": ["hello"]}"#)
            try f.write("Intents/en/refund.json", #"{"intent": "refund", "description": "x", "examples": ["money back"]}"#)
            try f.write("Intents/es/refund.json", #"{"intent": "refund", "description": "x", "examples": ["devolver dinero"]}"#)
        }
        #expect(found.contains { $0.hasPrefix("Responses/en:") && $0.contains("\"answer.refund\"") })
        #expect(found.contains { $0.hasPrefix("Responses/es:") && $0.contains("\"answer.refund\"") })
    }

    @Test func load_reportsPhrase_inAListMatchedOneWordAtATime() throws {
        let found = try problems { f in
            try f.write("Intents/es/_lexicon.json", "{\n\"stopwords\": [\"el\"],\n\"contrast\": [\"pero\",\n \"sin embargo\"],\n\"concepts\": {\"ORDER\": [\"pedido\"]}}")
        }
        #expect(found.contains { $0.hasPrefix("Intents/es/_lexicon.json:4: contrast[1]:") && $0.contains("\"sin embargo\" has several words") })
        #expect(found.count == 1)
    }

    @Test func load_reportsReplyKey_whenUsedButNotDefined() throws {
        let found = try problems { f in
            try f.write("Responses/es/all.json", #"{"greet.welcome": ["hola"]}"#)
        }
        #expect(found.contains { $0.contains("reply \"goodbye\" is used") && $0.hasPrefix("Responses/es") })
    }

    @Test func load_reportsPlaceholder_whenNothingFillsIt() throws {
        let found = try problems { f in
            try f.write("Responses/es/extra.json", "{\n\"extra.key\": [\"hola {{customer.shoe_size}}\"]\n}")
        }
        #expect(found.contains { $0.hasPrefix("Responses/es/extra.json:2:") && $0.contains("{{customer.shoe_size}}") })
    }

    @Test func load_reportsExample_whenItStandsUnderTwoIntents() throws {
        let found = try problems { f in
            try f.write("Intents/es/greet.json", "{\"intent\": \"greet\", \"description\": \"x\", \"examples\": [\n\"hola\",\n\"Dónde está mi pedido\"]}")
        }
        #expect(found.contains { $0.hasPrefix("Intents/es/track_order.json:2: examples[0]") && $0.hasSuffix("is also an example of greet") })
    }

    @Test func load_reportsEmptyVariantList() throws {
        let found = try problems { f in try f.write("Responses/en/extra.json", "{\"extra.key\": []}") }
        #expect(found.contains { $0.hasPrefix("Responses/en/extra.json:1: extra.key: has no variants") })
    }

    @Test func load_reportsProfileField_whenMissing() throws {
        let found = try problems { f in
            try f.write("Shops/demo/shop.json", DataFixture.profile.replacingOccurrences(of: "\"vat_rate\": 21,", with: ""))
        }
        #expect(found.contains { $0 == "Shops/demo/shop.json: vat_rate: missing (expected a number)" })
    }

    @Test func load_reportsProfileField_whenOfWrongType() throws {
        let found = try problems { f in
            try f.write("Shops/demo/shop.json", DataFixture.profile.replacingOccurrences(of: "\"prices_include_vat\": true", with: "\"prices_include_vat\": \"yes\""))
        }
        #expect(found.contains { $0.contains("shop.json:") && $0.contains("prices_include_vat: expected true or false, got a string") })
    }

    @Test func load_reportsMissingZone() throws {
        let found = try problems { f in
            try f.write("Shops/demo/shop.json", DataFixture.profile.replacingOccurrences(of: "\"id\": \"world\"", with: "\"id\": \"mars\""))
        }
        #expect(found.contains { $0.contains("missing zone \"world\"") })
    }

    @Test func load_reportsUnknownKey_whenIntentFileHasATypo() throws {
        let found = try problems { f in
            try f.write("Intents/es/greet.json", #"{"intent": "greet", "description": "x", "exampels": ["hola"], "examples": ["hola"]}"#)
        }
        #expect(found.contains { $0.contains("unknown key \"exampels\"") })
    }

    @Test func load_reportsIntentNameMismatch() throws {
        let found = try problems { f in
            try f.write("Intents/es/greet.json", #"{"intent": "saludo", "description": "x", "examples": ["hola"]}"#)
        }
        #expect(found.contains { $0.contains("does not match the file name") })
    }

    @Test func load_reportsUnknownConcept() throws {
        let found = try problems { f in
            try f.write("Intents/es/greet.json", #"{"intent": "greet", "description": "x", "examples": ["hola"], "rules": [{"all": ["@NOPE"]}]}"#)
        }
        #expect(found.contains { $0.contains("unknown concept @NOPE") })
    }

    @Test func bot_refusesToBuild_whenDataHasProblems() throws {
        let fixture = try DataFixture()
        defer { fixture.cleanUp() }
        try fixture.write("Intents/es/greet.json", "{")
        #expect(throws: DataError.self) { try Bot.load(DataSet.Location(home: fixture.root)) }
    }
}
