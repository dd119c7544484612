import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `amable serve` as a user runs it: the built binary, a free port, SIGTERM.
@Suite struct ServeCommandTests {
    static let packageRoot = HTTPFixture.root

    /// The `amable` built next to the test bundle (`swift test` builds every product).
    static let executable: URL? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [dir, dir.deletingLastPathComponent()].map { $0.appendingPathComponent("amable") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("amable-serve-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func launch(_ args: [String]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    /// Reads stdout until a line starts with `prefix` (or the pipe closes).
    static func line(from pipe: Pipe, startingWith prefix: String) async throws -> String? {
        try await RawClient.offPool {
            var text = ""
            while true {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { return nil }
                text += String(decoding: data, as: UTF8.self)
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) { return String(line) }
            }
        }
    }

    @Test(.enabled(if: executable != nil))
    func serve_printsItsAddress_answers_andStopsCleanlyOnSIGTERM() async throws {
        let data = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        let (process, out, _) = try Self.launch(["serve", "--port", "0", "--data", data.path])
        defer { if process.isRunning { process.terminate() } }  // a failed expectation must not leave a server behind
        let line = try #require(try await Self.line(from: out, startingWith: "amable: listening on "))
        let port = try #require(UInt16(line.split(separator: ":").last ?? ""))
        let c = try RawClient(port: port)
        c.send(RawClient.request("POST", "/v1/conversations/cli/messages", body: #"{"text": "hola"}"#))
        #expect(try await c.response().status == 200)
        kill(process.processIdentifier, SIGTERM)
        #expect(try await Self.line(from: out, startingWith: "amable: stopped") != nil)
        await RawClient.offPool { process.waitUntilExit() }
        #expect(process.terminationStatus == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: data.path)
        #expect(files.contains("amable.sqlite"))
        #expect(!files.contains("amable.sqlite-wal"), "the database was not closed")
    }

    @Test(.enabled(if: executable != nil))
    func serve_refusesAPublicInterface_withoutShopKeys() async throws {
        let data = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: data) }
        let (process, _, err) = try Self.launch(["serve", "--host", "0.0.0.0", "--port", "0", "--data", data.path])
        defer { if process.isRunning { process.terminate() } }
        await RawClient.offPool { process.waitUntilExit() }
        #expect(process.terminationStatus == 64)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("refusing to serve on 0.0.0.0 without shop keys"))
    }
}
