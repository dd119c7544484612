#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with the errno it left: `Bind(98): Address already in use`.
public struct SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32
    public var message: String

    public var description: String { "\(call) failed (\(errno)): \(message)" }

    /// Captures `errno` right after `call` failed.
    static func makeFailed(_ call: String) -> SocketError {
        let code = Glibc.errno
        return SocketError(call: call, errno: code, message: String(cString: strerror(code)))
    }

    static func failed(_ call: String, _ message: String) -> SocketError {
        SocketError(call: call, errno: 0, message: message)
    }
}
