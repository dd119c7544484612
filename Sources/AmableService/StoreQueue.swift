import Dispatch

/// Where the service runs store calls: one serial queue of its own, so a commit's fsync or a
/// wait for another process's lock never holds a thread of the task pool (which the HTTP
/// server's connections and every other task share). The store is serialised behind one
/// lock anyway; a serial queue just waits for it without blocking anyone.
final class StoreQueue: Sendable {
    private let queue = DispatchQueue(label: "amable.store")

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
