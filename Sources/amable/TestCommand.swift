import AmableCore
import Foundation

/// `amable test [PATH…]`: runs scripted conversations; non-zero exit on any failure.
enum TestCommand {
    static func run(_ args: Arguments) async throws -> Int32 {
        let (bot, data) = try Home.loadBot(args)
        let location = try Home.locate(args)
        let paths = args.positionals.isEmpty ? [location.home.appendingPathComponent("Tests/Conversations").path] : args.positionals
        let files = try scriptFiles(paths)
        guard !files.isEmpty else { throw CLIError("no .conv scripts under \(paths.joined(separator: ", "))") }
        let runner = ScriptRunner(bot: bot, orders: StaticOrderProvider(orders: data.orders))
        var failed = 0, passed = 0
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file), bytes.count < 1 << 20 else {
                print("FAIL \(file): cannot be read (or larger than 1 MiB)")
                failed += 1
                continue
            }
            let script: ConversationScript
            do { script = try ConversationScript.parse(String(decoding: bytes, as: UTF8.self), file: file) } catch {
                print("FAIL \(error.description)")
                failed += 1
                continue
            }
            let failures = await runner.run(script)
            if failures.isEmpty {
                passed += 1
                if args.has("--verbose") { print("ok   \(file)") }
            } else {
                failed += 1
                print("FAIL \(file)")
                for f in failures { print(f.description.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")) }
            }
        }
        print("conversations: \(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    static func scriptFiles(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError("no such file or folder: \(path)") }
            if isDir.boolValue {
                let items = fm.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
                out += items.filter { $0.hasSuffix(".conv") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                out.append(path)
            }
        }
        return out
    }
}
