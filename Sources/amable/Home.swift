import AmableCore
import Foundation

/// Finds the data folders (`Intents/`, `Responses/`, `Shops/`) and the shop profile.
enum Home {
    static func locate(_ args: Arguments) throws -> DataSet.Location {
        let env = ProcessInfo.processInfo.environment
        let fm = FileManager.default
        var home: URL?
        if let explicit = args["--home"] ?? env["AMABLE_HOME"] {
            home = URL(fileURLWithPath: explicit)
            guard isHome(home!) else { throw CLIError("\(explicit) holds no Intents/ and Responses/ folders") }
        } else {
            // The current folder or one above it (running from a checkout), then the folders
            // above the executable (`.build/debug/amable` inside a checkout).
            var candidates: [URL] = []
            var dir = URL(fileURLWithPath: fm.currentDirectoryPath)
            for _ in 0..<6 { candidates.append(dir); dir.deleteLastPathComponent() }
            var exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 { candidates.append(exe); exe.deleteLastPathComponent() }
            home = candidates.first(where: isHome)
        }
        guard let home else {
            throw CLIError("cannot find the data folders (Intents/, Responses/); run from the Amable checkout or pass --home DIR")
        }
        var shop: URL?
        if let path = args["--shop"] {
            var url = URL(fileURLWithPath: path)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { url.appendPathComponent("shop.json") }
            guard fm.fileExists(atPath: url.path) else { throw CLIError("no shop profile at \(url.path)") }
            shop = url
        }
        return DataSet.Location(home: home, shop: shop)
    }

    static func isHome(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        return fm.fileExists(atPath: url.appendingPathComponent("Intents").path, isDirectory: &isDir) && isDir.boolValue
            && fm.fileExists(atPath: url.appendingPathComponent("Responses").path)
    }

    /// Loads the bot or exits with every data problem, one per line.
    static func loadBot(_ args: Arguments) throws -> (Bot, DataSet) {
        let location = try locate(args)
        let (data, problems) = DataSet.load(location)
        if !problems.isEmpty {
            throw CLIError(problems.map(\.description).joined(separator: "\n") + "\n\(problems.count) problem(s) in the data; `amable check` lists them", exitCode: 65)
        }
        do {
            return (try Bot(data: data), data)
        } catch {
            throw CLIError(error.description, exitCode: 65)
        }
    }
}

/// An error for the user: printed to stderr as `amable: message`, then exit.
struct CLIError: Error {
    var message: String
    var exitCode: Int32
    init(_ message: String, exitCode: Int32 = 64) {
        self.message = message
        self.exitCode = exitCode
    }
}
