import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback server on port 0 that answers every request with one canned response,
/// or never answers (`silent`), for testing clients against a real socket.
final class CannedHTTPServer: @unchecked Sendable {
    let fd: Int32
    let port: UInt16
    private let response: String?
    private(set) var requests: [String] = []
    private let lock = NSLock()

    init(response: String?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.response = response
        port = UInt16(bigEndian: addr.sin_port)
        guard response != nil else { return } // silent: connections wait in the backlog, unanswered
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var buffer = [UInt8](repeating: 0, count: 8192)
            let n = read(client, &buffer, buffer.count)
            if n > 0 {
                lock.lock(); requests.append(String(decoding: buffer[0..<n], as: UTF8.self)); lock.unlock()
            }
            let bytes = Array((response ?? "").utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    var firstRequest: String? { lock.lock(); defer { lock.unlock() }; return requests.first }

    static func json(_ status: String, _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
