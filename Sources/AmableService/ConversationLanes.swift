import Synchronization

/// Runs work for one conversation at a time, in arrival order; different conversations run
/// side by side. A second message to a conversation waits until the first one's turn is saved.
final class ConversationLanes: Sendable {
    private let waiting = Mutex<[String: [CheckedContinuation<Void, Never>]]>([:])

    func run<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        await acquire(id)
        defer { release(id) }
        return try await body()
    }

    private func acquire(_ id: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let free = waiting.withLock { lanes -> Bool in
                guard lanes[id] != nil else {
                    lanes[id] = []
                    return true
                }
                lanes[id]!.append(continuation)
                return false
            }
            if free { continuation.resume() }
        }
    }

    private func release(_ id: String) {
        let next = waiting.withLock { lanes -> CheckedContinuation<Void, Never>? in
            guard var queue = lanes[id], !queue.isEmpty else {
                lanes[id] = nil
                return nil
            }
            let first = queue.removeFirst()
            lanes[id] = queue
            return first
        }
        next?.resume()
    }
}
