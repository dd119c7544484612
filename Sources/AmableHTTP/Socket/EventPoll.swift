import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The readiness queue of the server's loop: epoll through the `CEpoll` shim, level-triggered,
/// plus an eventfd other threads signal to wake it (a finished response, shutdown).
final class EventPoll {
    struct Interest: OptionSet, Equatable {
        let rawValue: UInt32
        static let read = Interest(rawValue: CEPOLL_IN | CEPOLL_RDHUP)
        static let write = Interest(rawValue: CEPOLL_OUT)
    }

    struct Event {
        var token: UInt64
        var readable: Bool
        var writable: Bool
        /// Error or hang-up: the socket is done, whatever else is set.
        var failed: Bool
    }

    private let fd: Int32
    let wakeFD: Int32
    /// The token the wake-up eventfd reports with.
    static let wakeToken = UInt64.max
    private var events = [cepoll_event](repeating: cepoll_event(), count: 256)

    init() throws(SocketError) {
        fd = cepoll_create()
        guard fd >= 0 else { throw .makeFailed("epoll_create1") }
        wakeFD = cepoll_eventfd()
        guard wakeFD >= 0 else {
            let error = SocketError.makeFailed("eventfd")
            close(fd)
            throw error
        }
        guard cepoll_add(fd, wakeFD, CEPOLL_IN, Self.wakeToken) == 0 else {
            let error = SocketError.makeFailed("epoll_ctl ADD eventfd")
            close(fd)
            close(wakeFD)
            throw error
        }
    }

    /// The wake-up eventfd is closed by the `Mailbox`, which handler tasks may outlive the loop with.
    deinit {
        close(fd)
    }

    func add(_ socket: Int32, _ interest: Interest, token: UInt64) throws(SocketError) {
        guard cepoll_add(fd, socket, interest.rawValue, token) == 0 else { throw .makeFailed("epoll_ctl ADD") }
    }

    func modify(_ socket: Int32, _ interest: Interest, token: UInt64) throws(SocketError) {
        guard cepoll_modify(fd, socket, interest.rawValue, token) == 0 else { throw .makeFailed("epoll_ctl MOD") }
    }

    func remove(_ socket: Int32) {
        _ = cepoll_remove(fd, socket)
    }

    /// Safe from any thread.
    func wake() {
        _ = cepoll_eventfd_signal(wakeFD)
    }

    func drainWake() {
        _ = cepoll_eventfd_drain(wakeFD)
    }

    /// Waits up to `timeoutMS` for readiness; EINTR is an empty wait, so the caller loops.
    func wait(timeoutMS: Int32) throws(SocketError) -> ArraySlice<Event> {
        let n = events.withUnsafeMutableBufferPointer { cepoll_wait(fd, $0.baseAddress, Int32($0.count), timeoutMS) }
        if n < 0 {
            if errno == EINTR { return [] }
            throw .makeFailed("epoll_wait")
        }
        var out: [Event] = []
        out.reserveCapacity(Int(n))
        for e in events[0..<Int(n)] {
            out.append(Event(token: e.token, readable: e.events & CEPOLL_IN != 0, writable: e.events & CEPOLL_OUT != 0,
                             failed: e.events & (CEPOLL_ERR | CEPOLL_HUP) != 0))
        }
        return out[...]
    }
}
