import Foundation

/// Runs the built `amable` binary with pipes, as a user's shell would.
struct BinaryRunner {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `amable` built next to the test bundle (`swift test` builds it: the test target depends on it).
    static var executable: URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("amable")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/amable")
    }

    /// The environment every run of the binary gets.
    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["AMABLE_HOME"] = packageRoot.path
        return env
    }

    static func scratchDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("amable-run-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `amable args…` with `input` on stdin and waits (at most `timeout` seconds).
    static func run(_ args: [String], input: String = "", environment: [String: String] = [:], cwd: URL? = nil, timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        // A fresh folder as the working directory, so the default data folder (./.amable/)
        // never lands in the checkout; the binary finds the data from its own path.
        process.currentDirectoryURL = cwd ?? scratchDirectory()
        var env = ProcessInfo.processInfo.environment
        // The checkout's data, wherever the build folder is (`--scratch-path` may be outside it).
        env["AMABLE_HOME"] = packageRoot.path
        env.merge(environment) { $1 }
        process.environment = env
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes concurrently so a chatty process never blocks on a full pipe.
        let outBox = DataBox(), errBox = DataBox()
        let group = DispatchGroup()
        for (pipe, box) in [(stdout, outBox), (stderr, errBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw RunnerError.timedOut(args)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    enum RunnerError: Error { case timedOut([String]) }
}

final class DataBox: @unchecked Sendable {
    var data = Data()
}
