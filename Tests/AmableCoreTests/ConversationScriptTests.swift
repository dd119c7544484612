import Foundation
import Testing
@testable import AmableCore

/// Every scripted conversation in Tests/Conversations, plus the script format itself.
@Suite struct ConversationScriptTests {
    static let folder = BundledData.home.appendingPathComponent("Tests/Conversations")

    static let files: [String] = {
        let items = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return items.filter { $0.hasSuffix(".conv") }.sorted()
    }()

    @Test func thereAreAtLeastFortyScripts_inBothLanguages() {
        #expect(Self.files.count >= 40)
        #expect(Self.files.contains { $0.hasPrefix("es/") })
        #expect(Self.files.contains { $0.hasPrefix("en/") })
    }

    @Test(arguments: files)
    func script_passes(file: String) async throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        let script = try ConversationScript.parse(text, file: file)
        let runner = ScriptRunner(bot: BundledData.bot, orders: StaticOrderProvider(orders: BundledData.loaded.0.orders))
        let failures = await runner.run(script)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func parse_readsMessagesExpectationsAndClockSteps() throws {
        let script = try ConversationScript.parse("# lang: en\n# now: 2026-01-05T08:00:00Z\n> hi\n  intent: greet\n@ +2h\n> bye\n", file: "x.conv")
        #expect(script.language == .en)
        #expect(script.steps.count == 3)
        guard case .message(let text, let line, let expectations) = script.steps[0] else { Issue.record("not a message"); return }
        #expect(text == "hi")
        #expect(line == 3)
        #expect(expectations == [ConversationScript.Expectation(kind: .intent, value: "greet", line: 4)])
        guard case .advance(let seconds, _) = script.steps[1] else { Issue.record("not a clock step"); return }
        #expect(seconds == 7200)
    }

    @Test(arguments: ["  intent: greet\n> hi", "> hi\n  colour: blue", "> hi\n@ tomorrow", "# lang: fr\n> hi", "# nothing here"])
    func parse_rejectsMalformedScripts_withTheLine(text: String) {
        #expect(throws: ConversationScript.ParseError.self) { try ConversationScript.parse(text, file: "bad.conv") }
    }

    @Test func runner_reportsAFailedExpectation_asADiff() async throws {
        let script = try ConversationScript.parse("# lang: es\n> hola\n  intent: track_order\n  says: no existe esta frase\n", file: "f.conv")
        let runner = ScriptRunner(bot: BundledData.bot, orders: StaticOrderProvider(orders: []))
        let failures = await runner.run(script)
        #expect(failures.count == 2)
        #expect(failures[0].description.contains("f.conv:3"))
        #expect(failures[0].description.contains("- intent: track_order"))
        #expect(failures[0].description.contains("+ intent: greet"))
    }
}
