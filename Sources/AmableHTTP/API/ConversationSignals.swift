import Synchronization

/// Wakes long-polls (`GET …/messages?wait=25`) when a message is stored for their
/// conversation by this process; they also look again every second, for messages stored by
/// another process sharing the database.
final class ConversationSignals: Sendable {
    private struct State {
        var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        var nextToken: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// Returns when `id` is notified, after `timeout` seconds, or at shutdown.
    func wait(for id: String, timeout: Double) async {
        let token = state.withLock { s -> UInt64 in
            s.nextToken += 1
            return s.nextToken
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let registered = state.withLock { s -> Bool in
                guard !s.closed else { return false }
                s.waiters[id, default: [:]][token] = c
                return true
            }
            guard registered else { c.resume(); return }
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(timeout, 0) * 1e9))
                self.resume(id, token: token)
            }
        }
    }

    func notify(_ id: String) {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard let w = s.waiters.removeValue(forKey: id) else { return [] }
            return Array(w.values)
        }
        for c in woken { c.resume() }
    }

    /// Wakes every waiter and refuses new waits: the server is stopping.
    func closeAll() {
        let woken = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.closed = true
            defer { s.waiters = [:] }
            return s.waiters.values.flatMap(\.values)
        }
        for c in woken { c.resume() }
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    private func resume(_ id: String, token: UInt64) {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            let c = s.waiters[id]?.removeValue(forKey: token)
            if s.waiters[id]?.isEmpty == true { s.waiters[id] = nil }
            return c
        }
        c?.resume()
    }
}
