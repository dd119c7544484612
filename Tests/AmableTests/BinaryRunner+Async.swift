import Foundation

extension BinaryRunner {
    /// `run` on a thread of its own: waiting for a process must not hold one of the few
    /// threads that every async test shares (the live HTTP tests have tight timeouts).
    static func running(_ args: [String], input: String = "", timeout: TimeInterval = 60) async throws -> Result {
        try await offPool { try run(args, input: input, timeout: timeout) }
    }
}

/// Runs blocking work on a new thread and waits for it without blocking the task pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
