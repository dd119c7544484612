import AmableCore
import Foundation

/// `amable eval FILE.tsv`: precision, recall and F1 per intent, confusions, misses, and a
/// last line `macro-F1 … accuracy … oos-recall … n …`.
enum EvalCommand {
    static func run(_ args: Arguments) throws -> Int32 {
        guard args.positionals.count == 1, let path = args.positionals.first else {
            throw CLIError("eval needs exactly one FILE.tsv (lines of text<TAB>intent)")
        }
        var language: Language?
        if let code = args["--lang"] {
            guard let l = Language(rawValue: code) else { throw CLIError("--lang must be es or en, not \"\(code)\"") }
            language = l
        }
        let missesShown = try args["--misses"].map { s -> Int in
            guard let n = Int(s), n >= 0, n <= 100_000 else { throw CLIError("--misses takes a number from 0 to 100000") }
            return n
        } ?? 15
        let understander = try loadUnderstander(args)
        let rows = try readTSV(path)
        let start = DispatchTime.now().uptimeNanoseconds
        var predictions: [(text: String, gold: String, predicted: String)] = []
        predictions.reserveCapacity(rows.count)
        for row in rows {
            let u = understander.understand(row.text, language: language ?? .es, detect: language == nil)
            predictions.append((row.text, row.intent, u.intent))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let report = EvalReport(predictions.map { ($0.gold, $0.predicted) })
        if args.has("--json") {
            print(report.jsonValue(seconds: seconds, misses: predictions.filter { $0.gold != $0.predicted }.prefix(missesShown).map { ($0.text, $0.gold, $0.predicted) }).serialized())
            return 0
        }
        print(String(format: "%-28@ %6@ %6@ %6@ %6@", "intent" as NSString, "prec" as NSString, "recall" as NSString, "F1" as NSString, "n" as NSString))
        for c in report.classes {
            print(String(format: "%-28@ %6.3f %6.3f %6.3f %6d", c.intent as NSString, c.precision, c.recall, c.f1, c.support))
        }
        let confusions = report.confusions.prefix(10)
        if !confusions.isEmpty {
            print("\nmost confused (gold → predicted):")
            for c in confusions { print("  \(c.count)× \(c.gold) → \(c.predicted)") }
        }
        let misses = predictions.filter { $0.gold != $0.predicted }
        if !misses.isEmpty, missesShown > 0 {
            print("\nmisses (\(min(missesShown, misses.count)) of \(misses.count)):")
            // Spread the sample over the file rather than showing only its first intent.
            let step = max(1, misses.count / missesShown)
            for m in stride(from: 0, to: misses.count, by: step).prefix(missesShown).map({ misses[$0] }) {
                print("  [\(m.gold) → \(m.predicted)] \(m.text)")
            }
        }
        print(String(format: "\n%.0f messages/s", Double(rows.count) / max(seconds, 1e-9)))
        print(String(format: "macro-F1 %.3f accuracy %.3f oos-recall %.3f n %d", report.macroF1, report.accuracy, report.oosRecall, report.n))
        return 0
    }

    struct Row { var text: String; var intent: String }

    /// Only the intents must be valid to measure them; other problems are warnings here.
    static func loadUnderstander(_ args: Arguments) throws -> Understander {
        let (data, problems) = DataSet.load(try Home.locate(args))
        let blocking = problems.filter { $0.file.hasPrefix("Intents/") }
        for p in problems where !p.file.hasPrefix("Intents/") {
            FileHandle.standardError.write(Data("warning: \(p.description)\n".utf8))
        }
        if !blocking.isEmpty {
            throw CLIError(blocking.map(\.description).joined(separator: "\n"), exitCode: 65)
        }
        var matchers: [Language: IntentMatcher] = [:]
        for (language, intents) in data.intents where !intents.isEmpty {
            matchers[language] = IntentMatcher(language: language, lexicon: data.lexicons[language] ?? Lexicon(language: language),
                                               settings: data.settings, intents: intents)
        }
        return Understander(matchers: matchers, emoji: data.emoji)
    }

    static let maxFileBytes = 64 << 20

    static func readTSV(_ path: String) throws -> [Row] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { throw CLIError("cannot read \(path)") }
        if let size = attributes[.size] as? Int, size > maxFileBytes { throw CLIError("\(path) is larger than \(maxFileBytes >> 20) MiB") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        var rows: [Row] = []
        var bad: [Int] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, !fields[0].isEmpty, !fields[fields.count - 1].isEmpty else { bad.append(i + 1); continue }
            rows.append(Row(text: fields.dropLast().joined(separator: " "), intent: fields[fields.count - 1].trimmingCharacters(in: .whitespaces)))
        }
        if !bad.isEmpty {
            FileHandle.standardError.write(Data("amable: \(path): skipped \(bad.count) line(s) without text<TAB>intent (first: line \(bad[0]))\n".utf8))
        }
        guard !rows.isEmpty else { throw CLIError("\(path) has no text<TAB>intent lines") }
        return rows
    }
}
