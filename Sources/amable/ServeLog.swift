import Foundation
import Synchronization

/// The server's log in `DIR/amable.log`: lines are buffered and written once a second (or
/// every 64 KiB), with the timestamp formatted once per second, so logging a turn costs a
/// lock and an append rather than a formatter and a write per line. Lines arrive masked.
final class ServeLog: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var second = -1
        var stamp = ""
    }

    private let state = Mutex(State())
    private let handle: FileHandle?
    private let flusher = Mutex<Task<Void, Never>?>(nil)

    init(url: URL) {
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        handle = try? FileHandle(forWritingTo: url)
        _ = try? handle?.seekToEnd()
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                guard let self else { return }
                self.flush()
            }
        }
        flusher.withLock { $0 = task }
    }

    deinit {
        flusher.withLock { $0?.cancel() }
        flush()
    }

    func write(_ line: String) {
        let now = Date()
        let full = state.withLock { s -> Bool in
            let second = Int(now.timeIntervalSince1970)
            if second != s.second {
                s.second = second
                s.stamp = now.formatted(.iso8601)
            }
            s.pending += Array("\(s.stamp) \(line)\n".utf8)
            return s.pending.count >= 64 * 1024
        }
        if full { flush() }
    }

    func flush() {
        let bytes = state.withLock { s -> [UInt8] in
            defer { s.pending.removeAll(keepingCapacity: true) }
            return s.pending
        }
        guard !bytes.isEmpty else { return }
        try? handle?.write(contentsOf: Data(bytes))
    }
}
