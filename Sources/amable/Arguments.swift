/// A small command-line parser: `--flag`, `--option value`, `--option=value`, positionals.
///
/// Every option is declared, so a typo (`--jsnol`) is an error with a hint, never ignored.
struct Arguments {
    struct Error: Swift.Error, CustomStringConvertible {
        var description: String
    }

    private(set) var flags: Set<String> = []
    private(set) var options: [String: String] = [:]
    private(set) var positionals: [String] = []

    init(_ args: [String], flags known: Set<String>, options knownOptions: Set<String>) throws(Error) {
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            guard arg.hasPrefix("-"), arg != "-" else {
                positionals.append(arg)
                continue
            }
            if arg == "--" {
                positionals += args[i...]
                break
            }
            var name = arg
            var inlineValue: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inlineValue = String(arg[arg.index(after: eq)...])
            }
            if name == "-h" { name = "--help" }
            if known.contains(name) {
                guard inlineValue == nil else { throw Error(description: "\(name) takes no value") }
                flags.insert(name)
            } else if knownOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard i < args.count else { throw Error(description: "\(name) needs a value") }
                    options[name] = args[i]
                    i += 1
                }
            } else {
                let all = known.union(knownOptions).sorted()
                let hint = all.min(by: { Self.distance($0, name) < Self.distance($1, name) }).map { " (did you mean \($0)?)" } ?? ""
                throw Error(description: "unknown option \(name)\(hint)")
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    subscript(option: String) -> String? { options[option] }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var prev = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var cur = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(y.count, 1) where !y.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[y.count]
    }
}
