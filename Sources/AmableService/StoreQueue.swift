import AmableStore
import Dispatch
import Synchronization

/// Where the service runs store calls: one serial queue of its own, so a commit's fsync or a
/// wait for another process's lock never holds a thread of the task pool (which the HTTP
/// server's connections and every other task share).
///
/// Calls that arrive while a commit is under way are run together afterwards, in arrival
/// order, in one transaction (group commit): each call in a savepoint of its own, so one
/// that fails is undone alone, and one commit — one fsync with `synchronous=FULL` — for all.
/// No caller hears back before that commit, so a reply is never sent for a turn that was
/// not saved.
final class StoreQueue: Sendable {
    /// Most calls committed together; more wait for the next commit.
    static let maxBatch = 256

    private let store: any ConversationStore
    private let queue = DispatchQueue(label: "amable.store")
    private let pending = Mutex<(jobs: [Job], draining: Bool)>(([], false))

    init(store: any ConversationStore) {
        self.store = store
    }

    /// Runs `body` on the store's queue and returns once its transaction is committed.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome<T>()
            let job = Job(
                perform: { outcome.result = Result { try self.store.transaction(body) } },
                deliver: { commitError in continuation.resume(with: commitError.map { .failure($0) } ?? outcome.result!) })
            let startDrain = pending.withLock { state -> Bool in
                state.jobs.append(job)
                defer { state.draining = true }
                return !state.draining
            }
            if startDrain { queue.async { self.drain() } }
        }
    }

    /// Commits batches until no call is waiting.
    private func drain() {
        while true {
            let batch = pending.withLock { state -> [Job] in
                let batch = Array(state.jobs.prefix(Self.maxBatch))
                state.jobs.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try store.transaction { for job in batch { job.perform() } }
                for job in batch { job.deliver(nil) }
            } catch {
                // Nothing of the batch was saved: every caller hears the commit's error.
                for job in batch { job.deliver(error) }
            }
        }
    }

    /// One waiting call: `perform` runs it inside the batch's transaction, `deliver` answers
    /// its caller after the commit (with the commit's error when the commit failed).
    private struct Job: Sendable {
        let perform: @Sendable () -> Void
        let deliver: @Sendable ((any Error)?) -> Void
    }

    /// A call's result between `perform` and `deliver`; only the store's queue touches it.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
