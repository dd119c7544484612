import Foundation
import Synchronization

/// Appends log lines to a file; one writer at a time. Lines reach it already masked.
final class LogFile: Sendable {
    private let handle: Mutex<FileHandle?>

    init(url: URL) {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let h = try? FileHandle(forWritingTo: url)
        _ = try? h?.seekToEnd()
        handle = Mutex(h)
    }

    func write(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle.withLock { h in
            _ = try? h?.seekToEnd()
            try? h?.write(contentsOf: Data("\(stamp) \(line)\n".utf8))
        }
    }
}
