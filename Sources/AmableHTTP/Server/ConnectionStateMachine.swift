/// The timeouts of one connection as a pure state machine: events in, `Equatable` actions out
/// (the shape of Hummingbird's `HTTPConnectionStateHandler.StateMachine`). Time is passed in
/// as monotonic milliseconds, so tests drive it without waiting.
///
/// - idle (keep-alive, nothing received): closed quietly after `idle` (RFC 9112 §9.5);
/// - a request's head must be complete within `head` of its first byte, and its body within
///   `body` of the head — counted from the start, not from the last byte, so a client
///   trickling one byte at a time (slowloris) cannot hold the connection: 408, then close;
/// - while the handler works there is no deadline (the handler bounds itself: long-polls end);
/// - a response must be taken by the client within `write`, or the connection is closed.
struct ConnectionStateMachine: Equatable {
    struct Timeouts: Sendable, Equatable {
        var idle: Int64 = 75_000
        var head: Int64 = 10_000
        var body: Int64 = 30_000
        var write: Int64 = 30_000
        /// After a final response on a closing connection, how long unread input is drained
        /// so the client reads the response instead of a reset (RFC 9112 §9.6).
        var linger: Int64 = 2_000
    }

    enum State: Equatable {
        case idle(since: Int64)
        case readingHead(since: Int64)
        case readingBody(since: Int64)
        case processing
        case writing(since: Int64)
        case lingering(since: Int64)
        case closed
    }

    enum Action: Equatable {
        case none
        /// Check again at this time.
        case deadline(Int64)
        /// Answer 408 Request Timeout, shut the sending side and linger, then close.
        case timeout
        /// Close without a response.
        case close
        /// Shut the sending side and drain input until the peer closes or `linger` passes.
        case linger
    }

    let timeouts: Timeouts
    private(set) var state: State
    /// Shutting down: no new request is started on this connection.
    private(set) var quiescing = false

    init(timeouts: Timeouts, now: Int64) {
        self.timeouts = timeouts
        state = .idle(since: now)
    }

    /// When the current phase times out; nil while the handler works or once closed.
    var deadline: Int64? {
        switch state {
        case .idle(let t): t + timeouts.idle
        case .readingHead(let t): t + timeouts.head
        case .readingBody(let t): t + timeouts.body
        case .writing(let t): t + timeouts.write
        case .lingering(let t): t + timeouts.linger
        case .processing, .closed: nil
        }
    }

    private var deadlineAction: Action { deadline.map(Action.deadline) ?? .none }

    /// The first bytes of a request arrived.
    mutating func requestStarted(now: Int64) -> Action {
        if case .idle = state {
            if quiescing { state = .closed; return .close }
            state = .readingHead(since: now)
        }
        return deadlineAction
    }

    /// The head is complete and a body is expected.
    mutating func headReceived(now: Int64) -> Action {
        switch state {
        case .idle, .readingHead: state = .readingBody(since: now)
        default: break
        }
        return deadlineAction
    }

    /// The whole request is with the handler.
    mutating func requestReceived() -> Action {
        if state != .closed { state = .processing }
        return .none
    }

    /// The response is queued; `flushed` when the socket took all of it at once.
    mutating func responseQueued(now: Int64, flushed: Bool, close: Bool, linger: Bool = false) -> Action {
        if flushed { return responseFlushed(now: now, close: close, linger: linger) }
        if state != .closed { state = .writing(since: now) }
        return deadlineAction
    }

    /// The client took the whole response; `linger` when the client may still be sending.
    mutating func responseFlushed(now: Int64, close: Bool, linger: Bool = false) -> Action {
        if close || quiescing {
            if linger {
                state = .lingering(since: now)
                return .linger
            }
            state = .closed
            return .close
        }
        state = .idle(since: now)
        return deadlineAction
    }

    mutating func timerFired(now: Int64) -> Action {
        guard let deadline, now >= deadline else { return deadlineAction }
        switch state {
        case .readingHead, .readingBody:
            state = .lingering(since: now)
            return .timeout
        case .idle, .writing, .lingering:
            state = .closed
            return .close
        case .processing, .closed:
            return .none
        }
    }

    /// The server is shutting down: idle connections and unfinished requests close now;
    /// a request the handler has, or a response being written, is finished first.
    mutating func quiesce() -> Action {
        quiescing = true
        switch state {
        case .idle, .readingHead, .readingBody:
            state = .closed
            return .close
        case .processing, .writing, .lingering, .closed:
            return .none
        }
    }
}

/// Monotonic time in milliseconds (CLOCK_MONOTONIC: never jumps with the wall clock).
enum Monotonic {
    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#endif
