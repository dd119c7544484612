import AmableCore
import Foundation

// amable-bench: how fast Amable understands a message and loads its data, in release mode.
//
// Every figure is also given as a ratio to a baseline measured in the same process (folding
// and splitting the same text), because these machines are shared and noisy: the ratio moves
// far less than the absolute time. Run: swift run -c release amable-bench [--home DIR]

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[s.count / 2]
}

/// Returns the heap's free pages to the system (glibc's `malloc_trim(0)`), so that the resident
/// size counts what live objects hold rather than memory freed by earlier loads. Looked up at
/// run time: Swift's Glibc module does not export `malloc.h`.
func trimHeap() {
    typealias Trim = @convention(c) (Int) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: Trim.self)(0)
}

func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let pages = text.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

var home = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
var verbose = false
var turns = false
var profileRounds = 0
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--home": home = URL(fileURLWithPath: args.popFirst() ?? ".")
    case "--verbose": verbose = true
    case "--turns": turns = true
    case "--profile": profileRounds = Int(args.popFirst() ?? "") ?? 100
    case "--help", "-h":
        print("usage: amable-bench [--home DIR] [--verbose] [--turns]   (run from the checkout, in release mode)")
        print("  --turns   where a bot turn's time goes: understanding, dialogue, service, SQLite")
        print("  --profile N   load once, then understand every bench message N times, untimed (for")
        print("                valgrind --tool=callgrind: the difference of two N gives instructions per message)")
        exit(0)
    default:
        FileHandle.standardError.write(Data("amable-bench: unknown argument \(arg)\n".utf8))
        exit(64)
    }
}
if turns {
    TurnBench.run(home: home)
    exit(0)
}
guard let table = try? String(contentsOf: home.appendingPathComponent("Benchmarks/messages.tsv"), encoding: .utf8) else {
    FileHandle.standardError.write(Data("amable-bench: no Benchmarks/messages.tsv under \(home.path); use --home\n".utf8))
    exit(66)
}
let messages: [(String, Language)] = table.split(separator: "\n").compactMap { line in
    let f = line.split(separator: "\t")
    guard f.count == 2, let l = Language(rawValue: String(f[1])) else { return nil }
    return (String(f[0]), l)
}

if profileRounds > 0 {
    let bot: Bot
    do { bot = try Bot.load(DataSet.Location(home: home)) } catch {
        FileHandle.standardError.write(Data("amable-bench: \(error)\n".utf8))
        exit(65)
    }
    var sink = 0
    for _ in 0..<profileRounds {
        for (text, language) in messages { sink &+= bot.understander.understand(text, language: language, detect: true).intent.utf8.count }
    }
    print("understood \(profileRounds * messages.count) messages (\(sink))")
    exit(0)
}

#if DEBUG
print("warning: debug build; run `swift run -c release amable-bench` for real figures")
#endif

// Loading: parse and validate every file, build both matchers.
trimHeap()
let rssBefore = residentMB()
var loadTimes: [Double] = []
var bot: Bot?
for _ in 0..<5 {
    let t0 = now()
    do { bot = try Bot.load(DataSet.Location(home: home)) } catch {
        FileHandle.standardError.write(Data("amable-bench: \(error)\n".utf8))
        exit(65)
    }
    loadTimes.append(Double(now() - t0) / 1e6)
}
let rssAfter = residentMB()
trimHeap()
let rssTrimmed = residentMB()
let understander = bot!.understander

// Per message: median of many single classifications, each timed alone.
let rounds = 2_000
var perMessage: [Double] = []
var baselinePerMessage: [Double] = []
var sink = 0
for (text, language) in messages {
    var samples: [Double] = [], base: [Double] = []
    for _ in 0..<rounds {
        let t0 = now()
        let u = understander.understand(text, language: language, detect: true)
        let t1 = now()
        sink &+= u.intent.utf8.count
        let words = TextFolding.fold(text).split(separator: " ")
        let t2 = now()
        sink &+= words.count
        samples.append(Double(t1 - t0) / 1e3)
        base.append(Double(t2 - t1) / 1e3)
    }
    perMessage.append(median(samples))
    baselinePerMessage.append(median(base))
    if verbose { print(String(format: "  %8.1f µs  %@", median(samples), text as NSString)) }
}
let medianMicros = median(perMessage)
let baselineMicros = median(baselinePerMessage)
let t0 = now()
var count = 0
while now() - t0 < 1_000_000_000 {
    for (text, language) in messages { sink &+= understander.understand(text, language: language).intent.count; count += 1 }
}
let perSecond = Double(count) / (Double(now() - t0) / 1e9)

print("Amable matcher, release build, one core")
print(String(format: "  load all data (parse, validate, build both matchers): median %.1f ms of 5", median(loadTimes)))
print(String(format: "  memory for the loaded data and matchers: %.1f MB (resident growth after malloc_trim(0), last of 5 loads kept)", rssTrimmed - rssBefore))
print(String(format: "    before trimming: %.1f MB (also counts what earlier loads freed)", rssAfter - rssBefore))
print(String(format: "  classify one message (%d messages of ~12 words, es+en): median %.1f µs", messages.count, medianMicros))
print(String(format: "  baseline in the same run (fold + split the same text): median %.2f µs → ratio %.1f×", baselineMicros, medianMicros / max(baselineMicros, 0.001)))
print(String(format: "  throughput: %.0f messages/s", perSecond))
if sink == 42 { print("") }
