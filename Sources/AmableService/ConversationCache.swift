import AmableStore
import Dispatch
import Synchronization

/// The conversations this process saved last, so a turn need not read its conversation back
/// from the store (and decode it) before answering.
///
/// Why a cached entry is safe to answer from: every change to a conversation — a turn, an
/// agent's action, a language switch, in this process or another — is saved with `apply`
/// against the revision it was read at, and bumps that revision. A turn answered from an entry
/// that another process has changed since is refused by the store (`StoreError.conflict`);
/// the service then forgets the entry and redoes the turn on a fresh read. `purge` deletes
/// only conversations idle for an hour or more, and an entry lives at most `lifetime`.
final class ConversationCache: Sendable {
    /// Entries older than this are read again from the store.
    static let lifetime: UInt64 = 5 * 60 * 1_000_000_000
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    private struct Entry {
        var stored: StoredConversation
        var savedAt: UInt64
    }

    /// Nanoseconds on a monotonic clock (a parameter so tests can make time run oddly).
    let clock: @Sendable () -> UInt64

    init(capacity: Int = 4_096, clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.capacity = capacity
        self.clock = clock
    }

    // Ages are compared as `now < savedAt + lifetime`, never as `now - savedAt`: the clock is
    // read before the lock, so another thread may have stored an entry stamped after `now`,
    // and an unsigned subtraction then traps (the server died that way under load).

    /// The conversation as this process last saved it, if that was recently.
    func get(_ id: String) -> StoredConversation? {
        let now = clock()
        return entries.withLock { e in
            guard let entry = e[id] else { return nil }
            guard now < entry.savedAt + Self.lifetime else {
                e[id] = nil
                return nil
            }
            return entry.stored
        }
    }

    /// Remembers a conversation just saved (with the revision the store gave it).
    func put(_ stored: StoredConversation) {
        let now = clock()
        entries.withLock { e in
            e[stored.conversation.id] = Entry(stored: stored, savedAt: now)
            guard e.count > capacity else { return }
            // Full: drop what expired, then the older half.
            e = e.filter { now < $0.value.savedAt + Self.lifetime }
            if e.count > capacity {
                let cut = e.values.map(\.savedAt).sorted()[e.count / 2]
                e = e.filter { $0.value.savedAt > cut }
            }
        }
    }

    func forget(_ id: String) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { entries.withLock { $0.count } }
}
