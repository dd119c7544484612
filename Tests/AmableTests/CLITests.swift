import Foundation
import Testing
@testable import AmableCore

@Suite(.serialized) struct CLITests {
    static let demoMonday = "2026-11-23T10:00:00Z"  // a Monday, 11:00 in Madrid: support is open

    func json(_ line: String) throws -> JSONNode { try JSONParser.parse(line) }

    @Test func check_passes_onBundledData() throws {
        let r = try BinaryRunner.run(["check"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok:"))
    }

    @Test func check_failsWithFileAndLine_whenDataIsBroken() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("amable-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        for dir in ["Intents", "Responses", "Shops"] {
            try FileManager.default.copyItem(at: BinaryRunner.packageRoot.appendingPathComponent(dir), to: home.appendingPathComponent(dir))
        }
        try Data("{\n  \"intent\": \"greet\",\n  oops\n}".utf8).write(to: home.appendingPathComponent("Intents/es/greet.json"))
        let r = try BinaryRunner.run(["check", "--home", home.path])
        #expect(r.status != 0)
        #expect(r.stdout.contains("Intents/es/greet.json:3: malformed JSON"))
        let chat = try BinaryRunner.run(["chat", "--jsonl", "--home", home.path], input: "hola\n")
        #expect(chat.status == 65)
        #expect(chat.stderr.contains("Intents/es/greet.json:3: malformed JSON"))
        #expect(chat.stdout.isEmpty)
    }

    @Test func jsonl_writesOneObjectPerInputLine_withTheContractFields() throws {
        let input = "hola\n¿cuánto cuesta el envío a Canarias?\n\nasdf qwer zxcv\nquiero hablar con una persona\n"
        let r = try BinaryRunner.run(["chat", "--jsonl", "--now", Self.demoMonday], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 5)
        for line in r.lines {
            let o = try json(line)
            for field in ["text", "intent", "confidence", "alternatives", "entities", "state", "escalated", "replies", "mood"] {
                #expect(o[field] != nil, "missing \(field) in \(line)")
            }
            #expect((o["replies"]?.array ?? []).allSatisfy { !($0.string ?? "").contains("{{") })
        }
        #expect(try json(r.lines[0])["intent"]?.string == "greet")
        #expect(try json(r.lines[1])["intent"]?.string == "shipping_costs")
        #expect(try json(r.lines[3])["intent"]?.string == "out_of_scope")
        let last = try json(r.lines[4])
        #expect(last["intent"]?.string == "contact_human_agent")
        #expect(last["escalated"]?.bool == true)
        #expect(last["handoff"]?["reason"]?.string == "requested")
    }

    @Test func jsonl_flushesEachAnswer_beforeTheNextLineArrives() throws {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["chat", "--jsonl"]
        process.currentDirectoryURL = BinaryRunner.scratchDirectory()
        process.environment = BinaryRunner.environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        stdin.fileHandleForWriting.write(Data("hola\n".utf8))
        // stdin stays open: the answer must arrive anyway.
        let box = DataBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var collected = Data()
            while !collected.contains(0x0A) {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            box.data = collected
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(String(decoding: box.data, as: UTF8.self).contains("\"intent\":\"greet\""))
        try stdin.fileHandleForWriting.close()
    }

    @Test func repl_answersThroughPipes_inPlainText() throws {
        let input = "hola\n/help\n/debug\n¿cuánto cuesta el envío a Canarias?\nquiero hablar con una persona\n/quit\n"
        let r = try BinaryRunner.run(["--now", Self.demoMonday], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}["), "no colour codes when piped")
        #expect(r.stdout.contains("Olivo & Lino"))
        #expect(r.stdout.contains("/lang es|en"))
        #expect(r.stdout.contains("12,95 €"), "the Canary Islands price from the profile")
        #expect(r.stdout.contains("intent shipping_costs"))
        #expect(r.stdout.contains("state escalated"))
    }

    @Test func repl_switchesLanguage_withLangCommand() throws {
        let r = try BinaryRunner.run(["--now", Self.demoMonday], input: "/lang en\n/debug\nhello\n")
        #expect(r.stdout.contains("language: en"))
        #expect(r.stdout.contains("lang en"))
    }

    @Test func cli_rejectsUnknownOptions_withAHint() throws {
        let r = try BinaryRunner.run(["chat", "--jsnol"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("did you mean --jsonl?"))
    }

    @Test func help_listsCommands() throws {
        let r = try BinaryRunner.run(["--help"])
        #expect(r.status == 0)
        for word in ["chat", "check", "eval", "--jsonl", "--shop"] { #expect(r.stdout.contains(word)) }
    }
}
